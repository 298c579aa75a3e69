/**
 * Quiet on the supported Node (issue #12): package.json states the Node versions we support, the projen
 * tasks (not only CI) silence jsii's end-of-life banner for them, and the README says what the html-report
 * tests need.
 */
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..');
const json = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));

test('package.json has an engines field: node 20 or later', () => {
  expect(json('package.json').engines).toEqual({ node: '>= 20.0.0' });
});

test('every projen task runs with the jsii end-of-life banner silenced for node 20', () => {
  const tasks = json('.projen/tasks.json');
  expect(tasks.env.JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION).toBe('20');
});

test("with the tasks' environment, jsii's node check prints nothing on this node", () => {
  // this process may have the variable from the shell or CI: take only what the tasks set (PATH aside,
  // which projen writes as a shell expression)
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION;
  const { PATH: _path, ...taskEnv } = json('.projen/tasks.json').env;
  Object.assign(env, taskEnv);
  const r = spawnSync(process.execPath, ['-e', "require('@jsii/check-node/run')"], { cwd: ROOT, env, encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stderr + r.stdout).toBe('');
});

test('the README says the html-report tests need Chromium, and .ci/run installs it', () => {
  expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toMatch(/html[- ]report tests need[^.]*Chromium/i);
  expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/apt-get[^\n]*install[^\n]*chromium/);
});
