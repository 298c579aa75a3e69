/**
 * Reachability.diff through the tiers: a pull request that only adds cluster-scoped policies shows the
 * connections it takes away, and each row's reasons name the tier, the policy and the rule.
 */
import { Reachability } from '../../src/analysis/reachability';

const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const deployment = (namespace: string, name: string, port: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: name, ports: [{ name: 'http', containerPort: port }] }] } },
  },
});
const cnp = (name: string, tier: string, priority: number, spec: any) => ({
  apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name }, spec: { tier, priority, ...spec },
});
const APP = [ns('shop'), ns('tools'), deployment('shop', 'web', 8080), deployment('tools', 'debug', 9000)];

const diffOf = (before: any[], after: any[]) =>
  Reachability.diff(Reachability.fromManifests(before), Reachability.fromManifests(after), { includeInternet: false });

test('adding only an Admin Deny: removed rows, the lost connections, and the rule in afterReasons', () => {
  const deny = cnp('no-debug', 'Admin', 5, {
    subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } },
    ingress: [{ name: 'from-tools', action: 'Deny', from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'tools' } } }] }],
  });
  const diff = diffOf(APP, [...APP, deny]);
  expect(diff.added).toEqual([]);
  expect(diff.changed).toEqual([]);
  expect(diff.removed.map((c) => `${c.from} -> ${c.to}: lost ${c.lost}`)).toEqual(['tools/debug -> shop/web: lost All Connections']);
  const [row] = diff.removed;
  expect(row.beforeReasons[1].clusterRules).toEqual([]);
  expect(row.afterReasons[1].clusterRules).toEqual([{ tier: 'Admin', policy: 'ClusterNetworkPolicy/no-debug', priority: 5, ruleIndex: 0, ruleName: 'from-tools', action: 'Deny' }]);
  expect(row.afterReasons[1].reason).toBe('ingress of shop/web: Admin tier: rule 0 ("from-tools") of ClusterNetworkPolicy/no-debug (priority 5) ' +
    'denies All Connections; no NetworkPolicy isolates it; allows No Connections');
  expect(diff.allowsLess).toBe(true);
  expect(diff.allowsMore).toBe(false);
});

test('an Admin Deny of one port is a changed row; a Pass hands the rest to a NetworkPolicy, named on both sides', () => {
  const deny = cnp('guard', 'Admin', 1, {
    subject: { namespaces: {} },
    egress: [
      { name: 'no-8080', action: 'Deny', to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } } }], protocols: [{ tcp: { destinationPort: { number: 8080 } } }] },
      { name: 'to-np', action: 'Pass', to: [{ namespaces: {} }] },
    ],
  });
  const npOnDebug = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'debug-out', namespace: 'tools' },
    spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 1, endPort: 9000 }] }] },
  };
  const before = [...APP, npOnDebug];
  const diff = diffOf(before, [...before, deny]);
  expect(diff.added).toEqual([]);
  expect(diff.changed.map((c) => `${c.from} -> ${c.to}: ${c.before} => ${c.after}, lost ${c.lost}`)).toEqual([
    'shop/web -> shop/web: All Connections => TCP 1-8079,8081-65535;UDP 1-65535;SCTP 1-65535, lost TCP 8080',
    'tools/debug -> shop/web: TCP 1-9000 => TCP 1-8079,8081-9000, lost TCP 8080',
  ]);
  const egress = diff.changed[1].afterReasons[0];
  expect(egress.clusterRules.map((r) => `${r.ruleName} ${r.action}`)).toEqual(['no-8080 Deny', 'to-np Pass']);
  expect(egress.reason).toBe('egress of tools/debug: Admin tier: rule 0 ("no-8080") of ClusterNetworkPolicy/guard (priority 1) denies TCP 8080; ' +
    'Admin tier: rule 1 ("to-np") of ClusterNetworkPolicy/guard (priority 1) passes on TCP 1-8079,8081-65535;UDP 1-65535;SCTP 1-65535; ' +
    'isolated by tools/debug-out; admitted by rule 0 of tools/debug-out (every peer, TCP/1-9000); allows TCP 1-8079,8081-9000');
});

test('a NetworkPolicy overrides the Baseline tier: the diff names the Baseline rule before, the NetworkPolicy after', () => {
  const baseline = cnp('default-deny', 'Baseline', 100, { subject: { namespaces: {} }, ingress: [{ name: 'deny', action: 'Deny', from: [{ namespaces: {} }] }] });
  const allowWeb = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'web-in', namespace: 'shop' },
    spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'http' }] }] },
  };
  const diff = diffOf([...APP, baseline], [...APP, baseline, allowWeb]);
  expect(diff.added.map((c) => `${c.from} -> ${c.to}: ${c.gained}`)).toEqual(['shop/web -> shop/web: TCP 8080', 'tools/debug -> shop/web: TCP 8080']);
  const row = diff.added[1];
  expect(row.beforeReasons[1].clusterRules.map((r) => r.policy)).toEqual(['ClusterNetworkPolicy/default-deny']);
  expect(row.afterReasons[1].clusterRules).toEqual([]);
  expect(row.afterReasons[1].reason).toBe('ingress of shop/web: isolated by shop/web-in; TCP 8080 admitted by rule 0 of shop/web-in (every peer, TCP/http)');
});
