import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, expectNoStack, fixture } from './run-cli';
import { guarded } from '../../src/cli/engine';
import { UserError } from '../../src/cli/errors';

const shop = fixture('shop');

/** A folder with these YAML documents. */
function manifests(...docs: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-dns-'));
  fs.writeFileSync(path.join(dir, 'all.yaml'), docs.join('\n---\n'));
  return dir;
}
const deployment = (ns: string, name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${name}, namespace: ${ns} }\n` +
  `spec: { selector: { matchLabels: { app: ${name} } }, template: { metadata: { labels: { app: ${name} } }, spec: { containers: [{ name: c, image: x }] } } }`;
const denyEgress = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: ${ns} }\nspec: { podSelector: {}, policyTypes: [Egress] }`;
const allowDns = (ns: string, ports = '[{ port: 53, protocol: UDP }, { port: 53, protocol: TCP }]') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: dns, namespace: ${ns} }\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n` +
  `  egress: [{ to: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }, podSelector: { matchLabels: { k8s-app: kube-dns } } }], ports: ${ports} }]`;

describe('explain --to dns: the cluster DNS pods', () => {
  test('without kube-system in the input: an implied endpoint, UDP/53 by default, and the output says so', () => {
    const r = cli(['explain', shop, '--from', 'shop/web', '--to', 'dns']);
    expectNoStack(r);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^shop\/web -> kube-system \{k8s-app=kube-dns\} on UDP\/53: ALLOWED\n/);
    expect(r.stderr).toMatch(/note: "dns" stands for the cluster DNS pods, kube-system \{k8s-app=kube-dns\} on port 53 .*the manifests hold no kube-system objects, so the analysis assumes a pod with those labels there/);
    expect(r.stderr).toMatch(/note: the answer is for UDP\/53; DNS also needs TCP\/53/);
  });

  test('decided by the policies: denied under default-deny egress, allowed with the DNS allow (UDP and TCP)', () => {
    expect(cli(['explain', manifests(deployment('x', 'web'), denyEgress('x')), '--from', 'x/web', '--to', 'dns']).status).toBe(1);
    const udpOnly = manifests(deployment('x', 'web'), denyEgress('x'), allowDns('x', '[{ port: 53, protocol: UDP }]'));
    expect(cli(['explain', udpOnly, '--from', 'x/web', '--to', 'dns']).status).toBe(0);
    const tcp = cli(['explain', udpOnly, '--from', 'x/web', '--to', 'dns', '--protocol', 'tcp', '--format', 'json']);
    expect(tcp.status).toBe(1);
    expect(JSON.parse(tcp.stdout)).toMatchObject({ allowed: false, to: 'kube-system {k8s-app=kube-dns}', port: 53, protocol: 'TCP' });
    expect(JSON.parse(tcp.stdout).notes[0]).toMatch(/"dns" stands for the cluster DNS pods/);
  });

  test('with kube-system in the input, its policies apply to the DNS pods, and nothing is assumed', () => {
    const isolated = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: kube-system }\nspec: { podSelector: {}, policyTypes: [Ingress] }';
    const dir = manifests('apiVersion: v1\nkind: Namespace\nmetadata: { name: kube-system }', isolated, deployment('x', 'web'));
    const r = cli(['explain', dir, '--from', 'x/web', '--to', 'dns']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/ingress of kube-system \{k8s-app=kube-dns\}: DENIED: .*kube-system\/deny/);
    expect(r.stderr).not.toMatch(/assumes/);
  });

  test('--from dns works too (the DNS pods as a source)', () => {
    const r = cli(['explain', shop, '--from', 'dns', '--to', 'shop/web']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^kube-system \{k8s-app=kube-dns\} -> shop\/web on TCP\/80: ALLOWED/);
  });
});

describe('an unknown namespace always gets a fix line', () => {
  test('an engine error about an unknown namespace becomes a user error with a fix', () => {
    let error: unknown;
    try {
      guarded('explain the connection', () => { throw new Error('unknown namespace "q" in from endpoint: the manifests have x'); });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).hint).toMatch(/name a namespace of the manifests .*for the cluster DNS pods write dns/);
  });

  test('kube-system given by labels, not in the input: points to --to dns', () => {
    const r = cli(['explain', shop, '--from', 'shop/web', '--to', 'kube-system/k8s-app=kube-dns', '--port', '53']);
    expectNoStack(r);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/error: --to "kube-system\/k8s-app=kube-dns": the manifests have no namespace "kube-system"\n  fix: for the cluster DNS pods write --to dns; the namespaces are: monitoring, shop\n/);
  });

  test('a misspelt namespace of a pod given by labels gets a did-you-mean', () => {
    const r = cli(['explain', shop, '--from', 'shpo/app=web', '--to', 'shop/db']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/fix: did you mean --from shop\/app=web\? the namespaces are: monitoring, shop/);
  });
});

describe('did you mean, for a misspelt workload', () => {
  const boutique = manifests(deployment('shop', 'cartservice'), deployment('shop', 'frontend'), deployment('shop', 'checkoutservice'),
    deployment('monitoring', 'prometheus'));
  test.each([
    ['cartsevice', 'shop/cartservice'], // no namespace
    ['shop/cartsevice', 'shop/cartservice'],
    ['shpo/cartservice', 'shop/cartservice'], // misspelt namespace
    ['shpo/cartsevice', 'shop/cartservice'],
    ['shop/Deploymnt/cartservice', 'shop/cartservice'],
    ['frontnd', 'shop/frontend'],
  ])('--to %s suggests %s', (text, suggestion) => {
    const r = cli(['explain', boutique, '--from', 'shop/frontend', '--to', text]);
    expectNoStack(r);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`fix: did you mean --to ${suggestion}? the workloads are: `);
  });

  test('nothing close: no guess, the list', () => {
    const r = cli(['explain', boutique, '--from', 'shop/frontend', '--to', 'database']);
    expect(r.stderr).toMatch(/fix: write namespace\/workload; the workloads are: monitoring\/prometheus, shop\/cartservice/);
  });
});
