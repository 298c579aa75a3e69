import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, expectNoStack, fixture, ROOT } from './run-cli';

describe('cdk8s-netpol: help, version and option errors', () => {
  test('--version prints the version of package.json', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const r = cli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  test('--help lists every command and the exit statuses', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    for (const command of ['synth', 'audit', 'graph', 'explain', 'summary']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(r.stdout).toMatch(/Exit status:[\s\S]*2 +unusable input/);
  });

  test.each([
    ['synth', /--config <file>[\s\S]*--out <dir>[\s\S]*hubName: db/],
    ['audit', /--format <format>[\s\S]*--fail-on <severity>[\s\S]*"warning", "error"[\s\S]*--ignore <codes>/],
    ['graph', /--format <format>[\s\S]*"mermaid", "dot", "html"[\s\S]*--port <port>[\s\S]*--protocol <protocol>/],
    ['explain', /--from <endpoint>[\s\S]*--to <endpoint>[\s\S]*--port <port>[\s\S]*--protocol <protocol>/],
    ['summary', /--no-legend[\s\S]*\{key=value\}[\s\S]*anyone[\s\S]*internet[\s\S]*any +every port[\s\S]*NO DNS/],
  ])('%s --help documents its options', (command, options) => {
    const r = cli([command, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(options);
    expect(r.stdout).toMatch(/Exit status:/);
  });

  test('an unknown command exits 2 and says so', () => {
    const r = cli(['lint', 'x.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'lint'/);
    expectNoStack(r);
  });

  test('a bad choice exits 2 and lists the valid ones', () => {
    const r = cli(['audit', fixture('shop'), '--format', 'xml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/argument 'xml' is invalid.*Allowed choices are text, json/);
  });

  test('a missing required option exits 2 and names it', () => {
    const r = cli(['explain', fixture('shop'), '--to', 'shop/web']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/required option '--from <endpoint>' not specified/);
  });

  test('a command without its paths exits 2', () => {
    const r = cli(['audit']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing required argument 'paths'/);
  });
});

describe('reading manifests (through audit)', () => {
  test('a missing file exits 2 with the path and no stack trace', () => {
    const r = cli(['audit', 'no/such/file.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cdk8s-netpol: error: no\/such\/file\.yaml: no such file or folder\n  fix: /);
    expectNoStack(r);
  });

  test('bad YAML exits 2 with file:line:column', () => {
    const r = cli(['audit', fixture('bad', 'broken.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/test\/fixtures\/bad\/broken\.yaml:7:1: invalid YAML: All mapping items must start at the same column/);
    expectNoStack(r);
  });

  test('bad JSON exits 2 with file:line:column', () => {
    const r = cli(['audit', fixture('bad', 'broken.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/test\/fixtures\/bad\/broken\.json:\d+:\d+: invalid JSON: /);
    expectNoStack(r);
  });

  test('input without any Kubernetes object exits 2', () => {
    const r = cli(['audit', fixture('bad', 'empty.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no Kubernetes objects found in test\/fixtures\/bad\/empty\.yaml/);
  });

  test('unreadable files exit 2 without a stack trace', () => {
    if (process.getuid?.() === 0) {
      // root reads every file: a folder given where a file is read is the unreadable case we can make.
      const r = cli(['synth', '--config', fixture('config')]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/is a folder, not a config file/);
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-'));
    const file = path.join(dir, 'secret.yaml');
    fs.writeFileSync(file, 'kind: Pod\n');
    fs.chmodSync(file, 0o000);
    const r = cli(['audit', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read it \(permission denied\)/);
    expectNoStack(r);
  });

  test('unknown kinds and non-objects are ignored with a note, never a crash', () => {
    const r = cli(['audit', fixture('mixed')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/note: test\/fixtures\/mixed\/with-service\.yaml:13: ignored a document that is not a Kubernetes object/);
    expect(r.stderr).toMatch(/note: ignored kinds that do not affect network policies: ConfigMap \(1\)\n/);
    // The Pod two folders down was found (recursion) and the .txt file was skipped.
    expect(r.stdout).toMatch(/no findings in 5 objects/);
  });

  test('a folder is read recursively: the nested Pod is a workload', () => {
    const r = cli(['explain', fixture('mixed'), '--from', 'internet', '--to', 'app/web']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/-> app\/web on TCP\/80: DENIED/);
  });

  test.each([
    ['kind: List YAML (kubectl get -o yaml)', fixture('kubectl', 'shop-list.yaml')],
    ['kind: List JSON (kubectl get -o json)', fixture('kubectl', 'shop-list.json')],
  ])('%s is unwrapped into its items', (_name, file) => {
    const allowed = cli(['explain', file, '--from', 'internet', '--to', 'shop/web']);
    expect(allowed.status).toBe(0);
    const denied = cli(['explain', file, '--from', 'internet', '--to', 'shop/db', '--port', '5432']);
    expect(denied.status).toBe(1);
  });

  test('"-" reads standard input', () => {
    const text = ['namespaces.yaml', 'workloads.yaml', 'policies.yaml']
      .map((f) => fs.readFileSync(path.join(ROOT, fixture('shop', f)), 'utf8')).join('\n---\n');
    const r = cli(['explain', '-', '--from', 'shop/web', '--to', 'shop/api'], text);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/shop\/web -> shop\/api on TCP\/80: ALLOWED/);
  });

  test('bad YAML on standard input is reported as <stdin>', () => {
    const r = cli(['audit', '-'], 'kind: Pod\nmetadata: {name: x\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/<stdin>:\d+:\d+: invalid YAML/);
  });
});

describe('odd input never crashes', () => {
  test('a binary file exits 2 and says it is not text', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-bin-'));
    const file = path.join(dir, 'image.yaml');
    fs.writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x0a]));
    const r = cli(['audit', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/image\.yaml: not a text file/);
    expectNoStack(r);
  });

  test('input with only non-objects says why nothing was found', () => {
    const r = cli(['audit', '-'], '[1, 2]\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no Kubernetes objects found in - \(<stdin>:1: ignored a document that is not a Kubernetes object/);
  });

  test.each([
    ['kind: Pod', /ERROR NP011 Pod default\n/],
    ['kind: NetworkPolicy\nmetadata: { name: x }\nspec: 5', /ERROR NP011 NetworkPolicy default\/x/],
    ['kind: Deployment\nmetadata: { name: d }\nspec: { template: 7 }', /WARNING NP011 Deployment default\/d/],
  ])('malformed objects are findings, not crashes: %j', (text, finding) => {
    const audit = cli(['audit', '-'], text + '\n');
    expect(audit.status).toBe(1);
    expect(audit.stdout).toMatch(finding);
    expectNoStack(audit);
    const graph = cli(['graph', '-'], text + '\n');
    expect(graph.status).toBe(0);
    expectNoStack(graph);
  });

  test('the bin starts with a node shebang, as npm needs for the `cdk8s-netpol` command', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin['cdk8s-netpol']).toBe('lib/cli/main.js');
    expect(fs.readFileSync(path.join(ROOT, pkg.bin['cdk8s-netpol']), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
