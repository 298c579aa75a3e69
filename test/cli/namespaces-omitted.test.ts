// Manifests without metadata.namespace: `synth` writes them (config omitNamespace, --omit-namespace) for
// kustomize and `kubectl apply -n`, and the reading commands say which namespace they read them in
// (--default-namespace, and a note on stderr).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { cli, expectNoStack, fixture } from './run-cli';
import { validateAll } from '../support/kube';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-nsless-'));
const parseStream = (text: string): any[] => parseAllDocuments(text).map((d: any) => d.toJS()).filter((o: any) => o !== null);
const configFile = (text: string) => {
  const file = path.join(tmp(), 'baseline.yaml');
  fs.writeFileSync(file, text);
  return file;
};

/** The fixture baseline (shop and monitoring; shop admits prometheus of monitoring) with `extra` lines under shop. */
function shopConfig(extra: string): string {
  const text = fs.readFileSync(fixture('config', 'baseline.yaml'), 'utf8');
  return configFile(text.replace('  - namespace: shop\n', `  - namespace: shop\n${extra}`));
}

/** The shop workloads without their namespace (as a kustomize base holds them); monitoring's keep theirs. */
function namespacelessWorkloads(): string {
  const docs = parseStream(fs.readFileSync(fixture('shop', 'workloads.yaml'), 'utf8'));
  const file = path.join(tmp(), 'workloads.yaml');
  fs.writeFileSync(file, docs.map((o) => {
    if (o.metadata.namespace === 'shop') delete o.metadata.namespace;
    return JSON.stringify(o);
  }).join('\n---\n'));
  return file;
}

describe('synth: omitNamespace', () => {
  test('a config of one namespace with omitNamespace prints policies without metadata.namespace', () => {
    const r = cli(['synth', '-c', configFile('omitNamespace: true\nnamespaces:\n  - namespace: shop\n    allowFrom: [{ fromNamespace: monitoring }]\n')]);
    expect(r.status).toBe(0);
    const objects = parseStream(r.stdout);
    validateAll(objects);
    expect(objects.map((o) => o.metadata.namespace)).toEqual(objects.map(() => undefined));
    expect(r.stdout).toContain('kubernetes.io/metadata.name: monitoring'); // the peer keeps its namespace
  });

  test('--omit-namespace does the same for every namespace of the config', () => {
    const r = cli(['synth', '-c', configFile('namespaces: [shop]\n'), '--omit-namespace']);
    expect(r.status).toBe(0);
    expect(parseStream(r.stdout).map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['undefined/default-deny-ingress', 'undefined/internet-access']);
  });

  test.each([
    ['the config', [shopConfig('    omitNamespace: true\n')]],
    ['--omit-namespace', [fixture('config', 'baseline.yaml'), '--omit-namespace']],
  ])('several namespaces to one stream are refused (%s), with a fix line', (_what, [config, ...flags]) => {
    const r = cli(['synth', '-c', config, ...flags]);
    expectNoStack(r);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/omitNamespace is set for shop.*, but the policies are of 2 namespaces \(shop, monitoring\)/);
    expect(r.stderr).toContain('fix: add --out DIR to write one <namespace>.k8s.yaml per namespace');
  });

  test('the egress side of an allow in its source namespace makes the stream of one namespace two: refused too', () => {
    const config = 'omitNamespace: true\nnamespaces:\n  - namespace: shop\n    allowFrom: [{ fromNamespace: monitoring, sourceDeniesEgress: true }]\n';
    const r = cli(['synth', '-c', configFile(config)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('omitNamespace is set for shop, but the policies are of 2 namespaces (shop, monitoring)');
    const out = tmp();
    expect(cli(['synth', '-c', configFile(config), '-o', out]).status).toBe(0);
    const monitoring = parseStream(fs.readFileSync(path.join(out, 'monitoring.k8s.yaml'), 'utf8'));
    expect(monitoring.map((o) => o.metadata.namespace)).toEqual(['monitoring']); // not one of the namespace-less namespaces
  });

  describe('--out DIR: one file per namespace, the shop\'s namespace-less', () => {
    let namespaced: string;
    let omitted: string;
    beforeAll(() => {
      namespaced = tmp();
      omitted = tmp();
      expect(cli(['synth', '-c', fixture('config', 'baseline.yaml'), '-o', namespaced]).status).toBe(0);
      expect(cli(['synth', '-c', shopConfig('    omitNamespace: true\n'), '-o', omitted]).status).toBe(0);
    });
    const read = (dir: string, file: string) => parseStream(fs.readFileSync(path.join(dir, file), 'utf8'));

    test('shop.k8s.yaml has no metadata.namespace; monitoring.k8s.yaml (with the egress side of the allow) keeps its own', () => {
      const shop = read(omitted, 'shop.k8s.yaml');
      expect(shop.filter((o) => o.kind === 'NetworkPolicy').length).toBeGreaterThan(3);
      expect(shop.every((o) => o.metadata.namespace === undefined)).toBe(true);
      expect(read(omitted, 'monitoring.k8s.yaml')).toEqual(read(namespaced, 'monitoring.k8s.yaml'));
      validateAll(shop);
    });

    test('read with --default-namespace shop, they allow exactly what the namespaced files allow', () => {
      const before = cli(['list', namespaced, fixture('shop', 'workloads.yaml')]);
      const after = cli(['list', omitted, namespacelessWorkloads(), '--default-namespace', 'shop']);
      expect(before.status).toBe(0);
      expect(after.status).toBe(0);
      expect(before.stdout).toContain('monitoring/prometheus');
      expect(after.stdout).toBe(before.stdout);
      expect(after.stderr).toMatch(/note: \d+ objects have no metadata.namespace; read as namespace "shop" \(--default-namespace\)/);
      const diff = cli(['diff', '--before', namespaced, fixture('shop', 'workloads.yaml'), '--after', omitted, namespacelessWorkloads(),
        '--default-namespace', 'shop', '--fail-on', 'any']);
      expectNoStack(diff);
      expect(diff.status).toBe(0);
    });

    test('read without it, the note says they are read as "default", and the connections are not the same', () => {
      const r = cli(['list', omitted, namespacelessWorkloads()]);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/note: \d+ objects have no metadata.namespace; read as namespace "default" \(kubectl's default without -n\); set --default-namespace/);
      expect(r.stdout).toContain('default/');
      expect(r.stdout).not.toContain('shop/');
    });
  });
});

describe('--default-namespace on the reading commands', () => {
  const policy = (name: string) => JSON.stringify({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name },
    spec: { podSelector: { matchLabels: { app: 'nobody' } }, policyTypes: ['Ingress'] },
  });

  const webPod = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  const input = [policy('p1'), webPod].join('\n---\n');

  test('audit names the findings in the namespace given, and notes it on stderr (text)', () => {
    const plain = cli(['audit', '-'], input);
    expect(plain.stderr).toContain('note: 2 objects have no metadata.namespace; read as namespace "default"');
    expect(plain.stdout).toContain('NetworkPolicy default/p1');
    const shop = cli(['audit', '-', '--default-namespace', 'shop'], input);
    expect(shop.stdout).toContain('NetworkPolicy shop/p1');
    expect(shop.stderr).toContain('note: 2 objects have no metadata.namespace; read as namespace "shop" (--default-namespace)');
    // -n still filters, on the namespace the objects are read in
    expect(cli(['audit', '-', '--default-namespace', 'shop', '-n', 'default'], input).stdout).not.toContain('p1');
  });

  test('audit --format json stays one JSON document (the note is one of its notes)', () => {
    const r = cli(['audit', '-', '--default-namespace', 'shop', '--format', 'json'], input);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.findings.length).toBeGreaterThan(0);
    expect(parsed.findings.every((f: any) => (f.object.kind === 'Namespace' ? f.object.name : f.object.namespace) === 'shop')).toBe(true);
    expect(parsed.findings.find((f: any) => f.object.name === 'p1').locations).toEqual([{ file: '<stdin>', line: 1 }]);
    expect(parsed.notes).toContain('2 objects have no metadata.namespace; read as namespace "shop" (--default-namespace)');
    expect(r.stderr).toBe('');
  });

  test('explain and summary read them there too; an endpoint names that namespace', () => {
    const explain = cli(['explain', '-', '--from', 'internet', '--to', 'shop/web', '--default-namespace', 'shop'], input);
    expectNoStack(explain);
    expect(explain.status).toBe(0);
    expect(explain.stderr).toContain('read as namespace "shop"');
    const summary = cli(['summary', '-', '--default-namespace', 'shop'], input);
    expect(summary.status).toBe(0);
    expect(summary.stdout).toMatch(/^shop/m);
    expect(summary.stdout).not.toMatch(/^default/m);
  });

  test.each(['audit', 'graph', 'list', 'diff', 'explain', 'summary'])('%s --help documents it', (command) => {
    expect(cli([command, '--help']).stdout).toMatch(/--default-namespace <name>\s+the namespace of objects without\s+metadata\.namespace/);
  });

  test('objects that all have their namespace get no note', () => {
    const r = cli(['list', fixture('shop', 'workloads.yaml')]);
    expect(r.stderr).not.toContain('metadata.namespace');
  });

  test('an invalid name exits 2 with a fix line', () => {
    const r = cli(['graph', fixture('shop'), '--default-namespace', 'Shop']);
    expectNoStack(r);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('invalid --default-namespace "Shop": it must be a DNS-1123 label');
    expect(r.stderr).toContain('fix: give the namespace the manifests are applied to, such as --default-namespace shop');
  });
});
