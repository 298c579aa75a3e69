import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, expectNoStack, fixture } from './run-cli';
import { summarize, SUMMARY_LEGEND } from '../../src/cli/summary';

const policy = (namespace: string, name: string, spec: any) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
const deployment = (namespace: string, name: string, labels: { [key: string]: string }, kind = 'Deployment') => ({
  apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1',
  kind,
  metadata: { name, namespace, ...(kind === 'Pod' ? { labels } : {}) },
  spec: kind === 'Pod' ? { containers: [{ name: 'c', image: 'x' }] }
    : { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 8080 }] }] } } },
});
const denyIngress = (namespace: string) => policy(namespace, 'deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
const denyAll = (namespace: string) => policy(namespace, 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const dnsFor = (namespace: string, podSelector: any, ports = [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]) => policy(namespace, 'dns', {
  podSelector,
  policyTypes: ['Egress'],
  egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports }],
});

describe('summarize: DNS is decided per real workload', () => {
  test('pods that resolve DNS are "DNS ok", even though a hypothetical unlabelled pod would not', () => {
    // AllowDnsEgress for app=web only: the one real pod resolves; an unlabelled pod (none exists) would not.
    const lines = summarize([denyAll('x'), dnsFor('x', { matchLabels: { app: 'web' } }), deployment('x', 'web', { app: 'web' })]);
    expect(lines).toEqual(['x: 2 policies; ingress default-deny; egress default-deny, DNS ok']);
  });

  test('the workloads that cannot resolve are named', () => {
    const lines = summarize([denyAll('x'), dnsFor('x', { matchLabels: { app: 'web' } }), deployment('x', 'web', { app: 'web' }), deployment('x', 'api', { app: 'api' })]);
    expect(lines[0]).toMatch(/^x: 2 policies; ingress default-deny; egress default-deny, NO DNS for api(;|$)/);
  });

  test('egress isolated by an allow (no default-deny) without DNS is reported too', () => {
    const egressOnly = policy('x', 'web-to-api', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'api' } } }] }] });
    const lines = summarize([egressOnly, deployment('x', 'web', { app: 'web' }), deployment('x', 'api', { app: 'api' })]);
    expect(lines[0]).toMatch(/^x: 1 policy; ingress OPEN \(no default-deny\); NO DNS for web; /);
  });

  test('without workloads, the stand-ins decide (a namespace that denies egress and allows no DNS)', () => {
    expect(summarize([policy('x', 'd', { podSelector: {}, policyTypes: ['Egress'] })]))
      .toEqual(['x: 1 policy; ingress OPEN (no default-deny); egress default-deny, NO DNS; anyone → *:any']);
    expect(summarize([denyAll('x'), dnsFor('x', {}, [{ port: 53, protocol: 'UDP' }])]))
      .toEqual(['x: 2 policies; ingress default-deny; egress default-deny, DNS over UDP only']);
  });
});

describe('summarize: names', () => {
  test('label keys keep their prefix: {networking/allow-db-access=true} never reads like a pod name', () => {
    const lines = summarize([denyIngress('shop'), policy('shop', 'db', {
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { 'networking/allow-db-access': 'true' } } }], ports: [{ port: 5432 }] }],
    })]);
    expect(lines).toEqual(['shop: 2 policies; ingress default-deny; {networking/allow-db-access=true} → {app=db}:5432']);
  });

  test('a Pod and a Deployment both named web show as Pod/web and Deployment/web', () => {
    const lines = summarize([denyIngress('x'), deployment('x', 'web', { app: 'web' }), deployment('x', 'web', { app: 'pod' }, 'Pod'),
      policy('x', 'allow', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'pod' } } }] }] })]);
    expect(lines).toEqual(['x: 2 policies; ingress default-deny; Pod/web → Deployment/web:any']);
  });

  test('the legend explains *, anyone, internet and any', () => {
    const legend = SUMMARY_LEGEND.join('\n');
    for (const symbol of ['*', 'anyone', 'internet', 'any', '{key=value}']) {
      expect(legend).toMatch(new RegExp(`^  ${symbol.replace(/[*{}]/g, '\\$&')} +\\S`, 'm'));
    }
  });
});

describe('cdk8s-netpol summary', () => {
  test('prints one line per namespace, then the legend', () => {
    const r = cli(['summary', fixture('shop')]);
    expectNoStack(r);
    expect(r.status).toBe(0);
    const [lines, legend] = r.stdout.split('\n\n');
    expect(lines.split('\n').map((l) => l.split(':')[0])).toEqual(['monitoring', 'shop']);
    expect(lines).toMatch(/^shop: \d+ policies; ingress default-deny; /m);
    expect(lines).toMatch(/api → db:5432/);
    expect(legend).toBe(`${SUMMARY_LEGEND.join('\n')}\n`);
  });

  test('--no-legend leaves the legend out; names with control characters are escaped', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-summary-'));
    fs.writeFileSync(path.join(dir, 'x.yaml'), [denyAll('x'), deployment('x', 'web', { app: 'we\u001bb' })].map((o) => JSON.stringify(o)).join('\n---\n'));
    const r = cli(['summary', dir, '--no-legend']);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/legend/);
    expect(r.stdout).not.toContain('\u001b');
  });

  test('empty input says so; a missing path exits 2 with a fix', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-summary-'));
    fs.writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n');
    expect(cli(['summary', dir]).stdout).toBe('no NetworkPolicies and no workloads in the manifests\n');
    const missing = cli(['summary', path.join(dir, 'nope')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/fix: /);
  });
});
