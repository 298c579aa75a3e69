/**
 * Every example is a cdk8s app by itself (issue #12): run as main (`npx ts-node examples/shop-kplus.ts`)
 * it writes its manifests, to $CDK8S_OUTDIR as `cdk8s synth` sets it (examples/cdk8s.yaml), else to
 * dist/examples; imported, it only exports its builder (run-all.ts and the tests use those).
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES } from '../examples/run-all';
import { synthApp } from './support/kube';

const ROOT = join(__dirname, '..');
const EXAMPLES_DIR = join(ROOT, 'examples');

function parse(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((o) => o);
}

/** Runs a command line in `cwd` through the shell, as a user types it. */
function run(command: string, cwd: string, env: NodeJS.ProcessEnv) {
  return spawnSync(command, { cwd, env: { ...process.env, ...env }, shell: true, encoding: 'utf8', timeout: 180_000 });
}

describe('each example run as main writes its manifests', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  // shop-kplus runs exactly as the README says (ts-node type-checks it); the others transpile only,
  // to keep the suite quick (tsc checks them with the tests).
  test.each(EXAMPLES.map((e) => [e.name, e]))('npx ts-node examples/%s.ts', (name, example) => {
    const outdir = mkdtempSync(join(tmpdir(), `netpol-example-${name}-`));
    dirs.push(outdir);
    const r = run(`npx ts-node examples/${name}.ts`, ROOT, { CDK8S_OUTDIR: outdir, TS_NODE_TRANSPILE_ONLY: name === 'shop-kplus' ? '' : 'true' });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    expect(readdirSync(outdir)).toEqual([`${name}.k8s.yaml`]);
    expect(parse(join(outdir, `${name}.k8s.yaml`))).toEqual(synthApp(example.build(outdir)));
  }, 180_000);

  test('imported, an example writes nothing', () => {
    // run-all and the tests import them: loading the modules must not synthesize
    const outdir = mkdtempSync(join(tmpdir(), 'netpol-example-import-'));
    dirs.push(outdir);
    const r = run('node -r ts-node/register/transpile-only -e "require(\'./examples/shop\'); require(\'./examples/cluster\'); require(\'./examples/shop-kplus\')"',
      ROOT, { CDK8S_OUTDIR: outdir, TS_NODE_PROJECT: 'test/tsconfig.json' });
    expect(r.status).toBe(0);
    expect(readdirSync(outdir)).toEqual([]);
  });
});

describe('examples/cdk8s.yaml: what a cdk8s user expects', () => {
  const file = join(EXAMPLES_DIR, 'cdk8s.yaml');
  const config = existsSync(file) ? readFileSync(file, 'utf8') : '';

  test('language typescript, output dist, an app that is one of the examples', () => {
    expect(config).toMatch(/^language: typescript$/m);
    expect(config).toMatch(/^output: dist$/m);
    const app = /^app: (.+)$/m.exec(config)?.[1];
    expect(app).toMatch(/^npx ts-node [\w-]+\.ts$/);
    expect(existsSync(join(EXAMPLES_DIR, app!.split(' ')[2]))).toBe(true);
  });

  test('its app command, run in examples/ with the CDK8S_OUTDIR cdk8s synth gives it, writes the manifest there', () => {
    const app = /^app: (.+)$/m.exec(config)![1];
    const outdir = mkdtempSync(join(tmpdir(), 'netpol-example-cdk8s-yaml-'));
    try {
      const r = run(app, EXAMPLES_DIR, { CDK8S_OUTDIR: outdir, TS_NODE_TRANSPILE_ONLY: 'true' });
      expect(r.status).toBe(0);
      expect(readdirSync(outdir)).toEqual(['shop-kplus.k8s.yaml']);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 180_000);

  // The cdk8s CLI itself (npm cdk8s-cli) is not a dependency of ours: this runs when it is on the PATH or
  // CDK8S_CLI names it (`npm install -g cdk8s-cli`).
  const cdk8sCli = process.env.CDK8S_CLI ?? (run('command -v cdk8s', ROOT, {}).stdout.trim() || undefined);
  (cdk8sCli ? test : test.skip)('`cdk8s synth` in examples/ writes examples/dist/shop-kplus.k8s.yaml', () => {
    const dist = join(EXAMPLES_DIR, 'dist');
    rmSync(dist, { recursive: true, force: true });
    try {
      const r = run(`${cdk8sCli} synth`, EXAMPLES_DIR, { TS_NODE_TRANSPILE_ONLY: 'true' });
      expect(r.status).toBe(0);
      expect(readdirSync(dist)).toEqual(['shop-kplus.k8s.yaml']);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  }, 180_000);
});
