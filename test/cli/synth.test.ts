import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { cli, expectNoStack, fixture, ROOT } from './run-cli';
import { validateAll } from '../support/kube';

function parseStream(text: string): any[] {
  return parseAllDocuments(text).map((d: any) => d.toJS()).filter((o: any) => o !== null);
}

/** The CLI writes only Namespaces and NetworkPolicies; each is validated as the construct tests validate theirs. */
function validateK8s(objects: any[]): void {
  for (const o of objects) {
    if (o.kind !== 'NetworkPolicy' && o.kind !== 'Namespace') throw new Error(`unexpected kind ${o.kind}`);
  }
  validateAll(objects);
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-synth-'));

describe('synth --config baseline.yaml', () => {
  const r = cli(['synth', '--config', fixture('config', 'baseline.yaml')]);
  const objects = parseStream(r.stdout);
  const policy = (namespace: string, name: string) => objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === namespace && o.metadata.name === name);

  test('exits 0 and prints one YAML stream of valid Kubernetes objects', () => {
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(objects.length).toBeGreaterThan(8);
    validateK8s(objects);
  });

  test('every policy writes policyTypes and names are unique per namespace', () => {
    const names = new Set<string>();
    for (const o of objects.filter((x) => x.kind === 'NetworkPolicy')) {
      expect(o.spec.policyTypes.length).toBeGreaterThan(0);
      const key = `${o.metadata.namespace}/${o.metadata.name}`;
      expect(names.has(key)).toBe(false);
      names.add(key);
    }
  });

  test('shared options apply to every namespace, a namespace can override them', () => {
    expect(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort()).toEqual(['monitoring', 'shop']);
    expect(policy('shop', 'default-deny-ingress')).toBeDefined();
    expect(policy('monitoring', 'default-deny-ingress')).toBeDefined();
    expect(policy('shop', 'internet-access')).toBeDefined();
    expect(policy('monitoring', 'internet-access')).toBeUndefined(); // internetAccess: false in monitoring
    // denyEgress only in monitoring: egress is untouched in shop.
    expect(objects.filter((o) => o.metadata.namespace === 'shop' && o.spec?.policyTypes?.includes('Egress'))).toEqual([]);
    expect(objects.some((o) => o.metadata.namespace === 'monitoring' && o.spec?.policyTypes?.includes('Egress'))).toBe(true);
  });

  describe('what the synthesized baseline allows, checked by `explain` with the shop workloads', () => {
    let out: string;
    beforeAll(() => {
      out = tmp();
      const w = cli(['synth', '-c', fixture('config', 'baseline.yaml'), '-o', out]);
      expect(w.status).toBe(0);
    });
    const explain = (from: string, to: string, port: number) =>
      cli(['explain', out, fixture('shop', 'workloads.yaml'), '--from', from, '--to', to, '--port', String(port)]);

    test.each([
      ['shop/api', 'shop/db', 5432, 0, 'the hub admits pods with its access label'],
      ['shop/web', 'shop/db', 5432, 1, 'web lacks the db access label'],
      ['shop/api', 'shop/db', 80, 1, 'the hub admits only its port'],
      ['monitoring/prometheus', 'shop/db', 9090, 0, 'allowFrom monitoring, with the egress side because monitoring denies egress'],
      ['monitoring/prometheus', 'shop/db', 80, 1, 'allowFrom admits only 9090'],
      ['internet', 'shop/web', 80, 0, 'web carries the internet-access label'],
      ['internet', 'shop/api', 80, 1, 'api does not'],
      ['monitoring/prometheus', 'internet', 443, 1, 'monitoring denies egress'],
      ['shop/web', 'internet', 443, 0, 'shop keeps its egress'],
    ])('%s -> %s:%d exits %d (%s)', (from, to, port, status) => {
      const e = explain(from, to, port);
      expectNoStack(e);
      expect(e.status).toBe(status);
    });
  });
});

describe('synth --out DIR', () => {
  test('writes one <namespace>.k8s.yaml per namespace, each holding only its namespace', () => {
    const out = path.join(tmp(), 'nested', 'out');
    const r = cli(['synth', '--config', fixture('config', 'baseline-map.json'), '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(fs.readdirSync(out).sort()).toEqual(['team-a.k8s.yaml', 'team-b.k8s.yaml']);
    for (const ns of ['team-a', 'team-b']) {
      const objects = parseStream(fs.readFileSync(path.join(out, `${ns}.k8s.yaml`), 'utf8'));
      validateK8s(objects);
      expect(objects.every((o) => o.metadata.namespace === ns)).toBe(true);
      expect(r.stderr).toContain(`wrote ${path.join(out, `${ns}.k8s.yaml`)} (${objects.length} objects)`);
    }
  });

  test('the map form of namespaces and JSON configs work: team-b admits team-a to its api on 443 only', () => {
    const out = tmp();
    expect(cli(['synth', '-c', fixture('config', 'baseline-map.json'), '-o', out]).status).toBe(0);
    const workloads = path.join(out, 'workloads.yaml');
    fs.writeFileSync(workloads, ['team-a/client', 'team-b/api', 'team-b/other'].map((id) => {
      const [ns, name] = id.split('/');
      return `apiVersion: v1\nkind: Pod\nmetadata: { name: ${name}, namespace: ${ns}, labels: { app: ${name} } }\nspec: { containers: [{ name: c, image: x }] }\n`;
    }).join('---\n'));
    const ask = (from: string, to: string, port: number) => cli(['explain', out, '--from', from, '--to', to, '--port', String(port)]).status;
    expect(ask('team-a/client', 'team-b/api', 443)).toBe(0);
    expect(ask('team-a/client', 'team-b/api', 80)).toBe(1);
    expect(ask('team-a/client', 'team-b/other', 443)).toBe(1);
    expect(ask('team-b/other', 'team-b/api', 80)).toBe(0); // allowSameNamespace: true, shared
  });

  test('an --out path that is a file exits 2', () => {
    const file = path.join(tmp(), 'a-file');
    fs.writeFileSync(file, '');
    const r = cli(['synth', '-c', fixture('config', 'baseline.yaml'), '-o', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out .*a-file: cannot create the folder \(EEXIST\)/);
    expectNoStack(r);
  });
});

describe('synth: bad configs exit 2 with the field path and the line', () => {
  test('every problem of the file is listed, with path, line and a did-you-mean for typos', () => {
    const r = cli(['synth', '--config', fixture('config', 'bad-fields.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expectNoStack(r);
    const file = 'test/fixtures/config/bad-fields.yaml';
    expect(r.stderr).toContain('invalid config (8 problems):');
    for (const line of [
      `${file}:1: internetAcess: unknown field "internetAcess"; did you mean "internetAccess"?`,
      `${file}:6: namespaces[0].hubs[0].hubLables: unknown field "hubLables"; did you mean "hubLabels"?`,
      `${file}:5: namespaces[0].hubs[0]: give one of the fields "hubLabels" and "hubService"`,
      `${file}:7: namespaces[0].hubs[1].hubName: invalid name "Cache"`,
      `${file}:9: namespaces[0].hubs[1].ports[0].port: invalid port 70000: a port must be an integer from 1 to 65535`,
      `${file}:11: namespaces[1].allowSameNamespace: expected true or false, got string "yes"`,
      `${file}:13: namespaces[1].connections[0].fromLabels.enabled: a label value must be a string, got boolean true; quote it to make it a string: "true"`,
      `${file}:14: namespaces[1].connections[0].toLabels: is empty`,
    ]) {
      expect(r.stderr).toContain(line);
    }
  });

  test.each([
    ['namespaces: [Shop]', /namespaces\[0\]: invalid namespace name "Shop"/],
    ['namespaces: [shop, shop]', /namespaces\[1\]: namespace "shop" is listed twice/],
    ['namespaces: []', /namespaces: is empty; list at least one namespace/],
    ['internetAccess: true', /\(top level\): the field "namespaces" is missing/],
    ['namespaces:\n  - name: shop', /:2: namespaces\[0\]\.name: unknown field "name"; did you mean "namespace"\?/],
    ['namespaces:\n  - namespace: shop\n    hubs:\n      - { hubName: db, hubLabels: { app: db }, ports: [{ port: 80, name: http }] }', /:4: namespaces\[0\]\.hubs\[0\]\.ports\[0\]: give either port or name, not both/],
    ['namespaces:\n  - namespace: shop\n    connections:\n      - { fromLabels: { a: b }, toLabels: { c: d }, ports: [{ port: 90, endPort: 80 }] }', /namespaces\[0\]\.connections\[0\]\.ports\[0\]\.endPort: endPort 80 is below port 90/],
    ['namespaces:\n  - namespace: shop\n    hubs:\n      - { hubName: db, hubLabels: { app: db }, ports: [{ port: 53, protocol: UPD }] }', /protocol: expected one of TCP, UDP, SCTP, got string "UPD" \(did you mean UDP\?\)/],
    ['namespaces:\n  - namespace: shop\n    allowFrom:\n      - { fromNamespace: other, toLabels: { "bad key!": x } }', /namespaces\[0\]\.allowFrom\[0\]\.toLabels: invalid label key "bad key!"/],
    ['namespaceLabelKey: "-bad"\nnamespaces: [shop]', /namespaceLabelKey: invalid label key "-bad"/],
    ['namespaces: shop', /namespaces: expected a list \(or a map keyed by namespace\), got string "shop"/],
    ['- just\n- a list', /\(top level\): expected a map with the fields/],
  ])('%j', (text, message) => {
    const file = path.join(tmp(), 'config.yaml');
    fs.writeFileSync(file, text + '\n');
    const r = cli(['synth', '--config', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expectNoStack(r);
  });

  test('bad YAML exits 2 with file:line:column', () => {
    const r = cli(['synth', '--config', fixture('config', 'bad-syntax.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/test\/fixtures\/config\/bad-syntax\.yaml:5:\d+: invalid YAML: /);
    expectNoStack(r);
  });

  test('an error of the constructs is reported cleanly, with the construct path', () => {
    const r = cli(['synth', '--config', fixture('config', 'construct-error.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/construct-error\.yaml: the baseline cannot be built: baseline\/cluster\/shop.*duplicate hub "db"/);
    expectNoStack(r);
  });

  test('the lint at synth stops a baseline with an error finding, and names it', () => {
    const r = cli(['synth', '--config', fixture('config', 'lint-error.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/lint-error\.yaml: the baseline cannot be built: Validation failed[\s\S]*\[baseline\/cluster\] ERROR NP009 NetworkPolicy shop\/.*networking\/namespace=other/);
    expectNoStack(r);
  });

  test('lint: false turns the lint at synth off (the config option mirrors the prop)', () => {
    const file = path.join(tmp(), 'no-lint.yaml');
    fs.writeFileSync(file, 'lint: false\n' + fs.readFileSync(path.join(ROOT, fixture('config', 'lint-error.yaml')), 'utf8'));
    const r = cli(['synth', '--config', file]);
    expect(r.status).toBe(0);
    validateK8s(parseStream(r.stdout));
  });

  test('--config - reads the config from standard input', () => {
    const ok = cli(['synth', '--config', '-'], 'namespaces: [team-a]\n');
    expect(ok.status).toBe(0);
    expect(parseStream(ok.stdout).map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toContain('team-a/default-deny-ingress');
    const bad = cli(['synth', '--config', '-'], 'namespaces: [Team]\n');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('<stdin>:1: namespaces[0]: invalid namespace name "Team"');
  });

  test('a missing config file exits 2', () => {
    const r = cli(['synth', '--config', 'nope.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nope\.yaml: no such config file/);
  });

  test('an empty config exits 2', () => {
    const file = path.join(tmp(), 'empty.yaml');
    fs.writeFileSync(file, '# nothing\n');
    const r = cli(['synth', '--config', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the config is empty/);
  });

  test('the README example config synthesizes', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- cli -->'));
    const example = /```yaml\n(# baseline\.yaml[\s\S]*?)```/.exec(section);
    expect(example).not.toBeNull();
    const file = path.join(tmp(), 'baseline.yaml');
    fs.writeFileSync(file, example![1]);
    const r = cli(['synth', '--config', file]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    validateK8s(parseStream(r.stdout));
  });
});
