import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, fixture } from './run-cli';

/*
 * The commands that read manifests (audit, explain, list, graph, diff, summary) need the engine only:
 * cdk8s, cdk8s-plus-28 and constructs cost a quarter of a second to load (most of a small audit),
 * so only `synth` may load them. A model/ or analysis/ module importing the L1 classes breaks this.
 */

/** The packages of node_modules a run of the CLI loaded, written by a preload when the process ends. */
function packagesLoaded(args: string[]): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-modules-'));
  const preload = path.join(dir, 'report.js');
  const report = path.join(dir, 'packages.json');
  fs.writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(
    [...new Set(Object.keys(require.cache).map((f) => (f.match(/node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/) || [])[1]).filter(Boolean))].sort())));`);
  try {
    expect([0, 1]).toContain(cli(args, undefined, ['-r', preload]).status);
    return JSON.parse(fs.readFileSync(report, 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const CDK8S = ['cdk8s', 'cdk8s-plus-28', 'constructs'];
const shop = fixture('shop');

test.each([
  ['audit', [shop]],
  ['list', [shop]],
  ['graph', [shop]],
  ['summary', [shop]],
  ['explain', [shop, '--from', 'shop/Deployment/web', '--to', 'shop/StatefulSet/db', '--port', '5432']],
  ['diff', ['--before', shop, '--after', shop]],
])('%s loads neither cdk8s nor cdk8s-plus', (command, args) => {
  const loaded = packagesLoaded([command, ...args]);
  expect(loaded).toContain('yaml'); // the preload saw the run
  expect(loaded.filter((p) => CDK8S.includes(p))).toEqual([]);
});

test('synth loads them (the check above would see them)', () => {
  expect(packagesLoaded(['synth', '--config', fixture('config', 'baseline.yaml')])).toEqual(expect.arrayContaining(CDK8S));
});
