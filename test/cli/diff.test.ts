import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, expectNoStack, fixture } from './run-cli';

/** A copy of the shop fixture without some of its documents (by a text they contain). */
function shopWithout(...texts: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-diff-'));
  for (const file of fs.readdirSync(fixture('shop'))) {
    const docs = fs.readFileSync(path.join(fixture('shop'), file), 'utf8').split(/^---$/m);
    fs.writeFileSync(path.join(dir, file), docs.filter((d) => !texts.some((t) => d.includes(t))).join('---'));
  }
  return dir;
}

/** The shop without the only policy that selects monitoring/prometheus (the guide's central warning). */
const OPENED = shopWithout('name: default-deny-ingress, namespace: monitoring');

describe('cdk8s-netpol list', () => {
  test('txt: one line per allowed pair with its connection set, sorted, loopback left out', () => {
    const r = cli(['list', fixture('shop')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('shop/api => shop/db : TCP 5432\n');
    expect(r.stdout).toContain('monitoring/prometheus => shop/api : TCP 9090\n');
    expect(r.stdout).toContain('internet => shop/web : All Connections\n');
    expect(r.stdout).not.toContain('=> monitoring/prometheus');
    const lines = r.stdout.trim().split('\n');
    expect([...lines].sort()).toEqual(lines);
  });

  test('json and csv carry the same pairs', () => {
    const txt = cli(['list', fixture('shop')]).stdout.trim().split('\n');
    const json = JSON.parse(cli(['list', fixture('shop'), '--format', 'json']).stdout);
    expect(json.map((p: any) => `${p.from} => ${p.to} : ${p.connections}`)).toEqual(txt);
    expect(json.find((p: any) => p.to === 'shop/db' && p.from === 'shop/api')).toEqual({
      from: 'shop/api', to: 'shop/db', connections: 'TCP 5432', all: false, protocols: [{ protocol: 'TCP', ranges: [{ from: 5432, to: 5432 }] }],
    });
    const csv = cli(['list', fixture('shop'), '-f', 'csv']).stdout.trim().split('\n');
    expect(csv[0]).toBe('from,to,connections,services');
    expect(csv.slice(1).map((l) => l.split(',').join(' | '))).toEqual(json.map((p: any) => `${p.from} | ${p.to} | ${p.connections} | `));
  });

  test('an unknown namespace is refused', () => {
    const r = cli(['list', fixture('shop'), '-n', 'shpo']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/did you mean shop/);
    expectNoStack(r);
  });
});

describe('cdk8s-netpol diff', () => {
  test('deleting the only policy that selects a pod shows as added connections, and exits 1', () => {
    const r = cli(['diff', '--before', fixture('shop'), '--after', OPENED]);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('5 added, 0 removed, 0 changed connections');
    expect(r.stdout).toContain('  internet => monitoring/prometheus : All Connections\n');
    expect(r.stdout).toContain('was: ingress of monitoring/prometheus: isolated by monitoring/default-deny-ingress; no rule admits the other side');
    expectNoStack(r);
  });

  test('--fail-on: added, removed, any, never', () => {
    const status = (before: string, after: string, failOn: string) => cli(['diff', '--before', before, '--after', after, '--fail-on', failOn]).status;
    expect([status(fixture('shop'), OPENED, 'removed'), status(OPENED, fixture('shop'), 'removed'), status(OPENED, fixture('shop'), 'added')]).toEqual([0, 1, 0]);
    expect([status(fixture('shop'), OPENED, 'any'), status(fixture('shop'), OPENED, 'never'), status(fixture('shop'), fixture('shop'), 'any')]).toEqual([1, 0, 0]);
  });

  test('markdown: a summary line, then a table of the added connections with the reasons', () => {
    const r = cli(['diff', '--before', fixture('shop'), '--after', OPENED, '--format', 'markdown']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(':warning: **Connectivity diff**: 5 added, 0 removed, 0 changed connections');
    expect(lines).toContain('### Added connections');
    expect(lines).toContain('| From | To | Connections | Service ports | Why before | Why now |');
    expect(lines.filter((l) => l.startsWith('| ') && l.includes('monitoring/prometheus | All Connections |  |'))).toHaveLength(5);
  });

  test('json, with standard input on one side; a new workload is listed as such', () => {
    const workloads = fs.readFileSync(path.join(fixture('shop'), 'workloads.yaml'), 'utf8');
    const extra = 'apiVersion: v1\nkind: Pod\nmetadata: { name: debug, namespace: shop, labels: { app: debug } }\nspec: { containers: [{ name: c, image: busybox }] }\n';
    const dir = shopWithout();
    fs.writeFileSync(path.join(dir, 'workloads.yaml'), `${workloads}\n---\n${extra}`);
    const r = cli(['diff', '--before', fixture('shop'), '--after', '-', '-f', 'json'], fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n---\n'));
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.added).toEqual([]);
    expect(json.addedEndpoints).toEqual([{ id: 'shop/debug', namespace: 'shop', newNamespace: false, reaches: 2, reachableFrom: 1, openToAll: false }]);
    expect(json.summary).toBe('0 added, 0 removed, 0 changed connections; 1 new workload');
  });

  test('a rename of a policy is no change', () => {
    const dir = shopWithout();
    const file = path.join(dir, 'policies.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('name: allow-db-access,', 'name: db-from-allowed,'));
    const r = cli(['diff', '--before', fixture('shop'), '--after', dir, '--fail-on', 'any']);
    expect([r.status, r.stdout]).toEqual([0, 'no change in connectivity\n']);
  });

  test('standard input on both sides is refused', () => {
    const r = cli(['diff', '--before', '-', '--after', '-']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/both read standard input/);
    expectNoStack(r);
  });
});
