/**
 * ClusterNetworkPolicy (v1alpha2) and AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1) through
 * the engine, in the e2e style of semantics.test.ts: each case states the 9x9 truth table over x, y, z
 * and a, b, c, checked on the pairwise path (canConnect) and the bulk path (matrix).
 */
import { cluster, expectTable, namespace, pod, policy, TruthTable } from './e2e-cluster';
import { Reachability } from '../../src/analysis/reachability';
import { Protocol } from '../../src/model/protocol';

const ns = (n: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } });
const onPod = (p: string) => ({ matchLabels: { pod: p } });
const all = { namespaces: {} };

export function cnp(name: string, tier: 'Admin' | 'Baseline', priority: number, spec: any): any {
  return { apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name }, spec: { tier, priority, ...spec } };
}

const baselineDenyAll = cnp('baseline-deny', 'Baseline', 1000, {
  subject: all,
  ingress: [{ name: 'deny-all', action: 'Deny', from: [all] }],
});

describe('the Baseline tier', () => {
  test('a Baseline default deny isolates every namespace, including one that is not in the app', () => {
    const reach = expectTable([...cluster(), baselineDenyAll], new TruthTable(false).withSelf());
    // A namespace created later (only referenced by a pod, no Namespace object, no NetworkPolicy) is covered too.
    const later = Reachability.fromManifests([...cluster(), pod('later', 'new'), baselineDenyAll]);
    const e = later.explain({ namespace: 'x', pod: 'a' }, { namespace: 'later', pod: 'new' });
    expect(e.allowed).toBe(false);
    expect(e.ingress.decidedBy).toMatchObject({ tier: 'Baseline', policy: 'ClusterNetworkPolicy/baseline-deny', ruleIndex: 0, ruleName: 'deny-all', action: 'Deny' });
    expect(e.ingress.reason).toContain('rule 0 ("deny-all") of ClusterNetworkPolicy/baseline-deny (Baseline tier, priority 1000) denies');
    expect(reach.canConnect({ ip: '203.0.113.10' }, { namespace: 'x', pod: 'a' })).toBe(true); // no CIDR peers on ingress
  });

  test('a NetworkPolicy overrides the Baseline tier for the pods it selects, and only for them', () => {
    const allowFromY = policy('x', 'allow-y', { podSelector: onPod('a'), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: ns('y') }] }] });
    expectTable([...cluster(), baselineDenyAll, allowFromY],
      new TruthTable(false).expect('y/*', 'x/a', true).withSelf());
  });

  test('Baseline rules are read in order: an Accept before the Deny lets same-namespace traffic in', () => {
    const b = cnp('baseline', 'Baseline', 5, {
      subject: all,
      ingress: [{ action: 'Deny', from: [{ pods: { namespaceSelector: {}, podSelector: onPod('c') } }] },
        { action: 'Accept', from: [{ namespaces: ns('x') }] }, { action: 'Deny', from: [all] }],
    });
    expectTable([...cluster(), b], new TruthTable(false).expect('x/a', '*', true).expect('x/b', '*', true).withSelf());
  });
});

describe('the Admin tier', () => {
  const adminDenyZ = cnp('deny-z', 'Admin', 10, {
    subject: { namespaces: ns('x') },
    ingress: [{ action: 'Deny', from: [{ namespaces: ns('z') }] }],
  });

  test('a NetworkPolicy cannot override an Admin Deny', () => {
    const allowAll = policy('x', 'allow-all', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] });
    const reach = expectTable([...cluster(), adminDenyZ, allowAll], new TruthTable(true).expect('z/*', 'x/*', false));
    const e = reach.explain({ namespace: 'z', pod: 'a' }, { namespace: 'x', pod: 'b' });
    expect(e.ingress.decidedBy).toMatchObject({ tier: 'Admin', policy: 'ClusterNetworkPolicy/deny-z', action: 'Deny' });
    expect(e.ingress.reason).toContain('NetworkPolicies cannot override');
  });

  test('an Admin Accept wins over a NetworkPolicy default deny, for that direction only', () => {
    const acceptDns = cnp('accept-y', 'Admin', 1, { subject: all, egress: [{ action: 'Accept', to: [{ pods: { namespaceSelector: ns('y'), podSelector: onPod('a') } }] }] });
    const denyEgress = policy('x', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
    const denyIngressYa = policy('y', 'deny-in', { podSelector: onPod('a'), policyTypes: ['Ingress'] });
    expectTable([...cluster(), acceptDns, denyEgress], new TruthTable(true).expect('x/*', '*', false).expect('x/*', 'y/a', true).withSelf());
    // The destination's ingress still applies: an egress Accept does not open the other side.
    expectTable([...cluster(), acceptDns, denyEgress, denyIngressYa],
      new TruthTable(true).expect('x/*', '*', false).expect('*', 'y/a', false).withSelf());
  });

  test('Pass hands over to the NetworkPolicies, skipping later Admin rules', () => {
    const passThenDeny = cnp('delegate', 'Admin', 5, {
      subject: { namespaces: ns('x') },
      ingress: [{ name: 'delegate-y', action: 'Pass', from: [{ namespaces: ns('y') }] }, { action: 'Deny', from: [all] }],
    });
    const laterDeny = cnp('later', 'Admin', 6, { subject: all, ingress: [{ action: 'Deny', from: [{ namespaces: ns('y') }] }] });
    const onlyYb = policy('x', 'only-b', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: ns('y'), podSelector: onPod('b') }] }] });
    const reach = expectTable([...cluster(), passThenDeny, laterDeny, onlyYb],
      new TruthTable(true).expect('*', 'x/*', false).expect('y/b', 'x/*', true).expect('y/*', 'y/*', false).expect('y/*', 'z/*', false).withSelf());
    const e = reach.explain({ namespace: 'y', pod: 'b' }, { namespace: 'x', pod: 'a' });
    expect(e.ingress.decidedBy).toMatchObject({ action: 'Pass', ruleName: 'delegate-y' });
    expect(e.ingress.reason).toContain('passes it on to the NetworkPolicies (Pass)');
    // Without a NetworkPolicy, Pass goes on to the Baseline tier.
    expectTable([...cluster(), passThenDeny, baselineDenyAll],
      new TruthTable(false).withSelf());
  });

  test('lower priority values go first; rule order inside a policy', () => {
    const acceptY = { subject: all, ingress: [{ action: 'Accept', from: [{ namespaces: ns('y') }] }] };
    const accept = cnp('a-accept', 'Admin', 1, acceptY);
    const deny = cnp('b-deny', 'Admin', 2, { subject: all, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] });
    expectTable([...cluster(), accept, deny], new TruthTable(false).expect('y/*', '*', true).withSelf());
    const swapped = cnp('a-accept', 'Admin', 3, acceptY);
    expectTable([...cluster(), swapped, deny], new TruthTable(false).withSelf());
  });

  test('protocols: ports, ranges and named ports, each on its own protocol', () => {
    const deny = cnp('deny-ports', 'Admin', 1, {
      subject: { namespaces: ns('x') },
      ingress: [{ action: 'Deny', from: [all], protocols: [{ tcp: { destinationPort: { range: { start: 80, end: 81 } } } }, { destinationNamedPort: 'serve-80-udp' }] }],
    });
    expectTable([...cluster(), deny], new TruthTable(true).expect('*', 'x/*', false).withSelf(), 80, Protocol.TCP);
    expectTable([...cluster(), deny], new TruthTable(true).expect('*', 'x/*', false).withSelf(), 80, Protocol.UDP);
    expectTable([...cluster(), deny], new TruthTable(true), 81, Protocol.UDP);
    expectTable([...cluster(), deny], new TruthTable(true), 80, Protocol.SCTP);
  });

  test('egress networks deny addresses outside the cluster; nodes {} match hostNetwork pods', () => {
    const guard = cnp('guard', 'Admin', 0, {
      subject: all,
      egress: [{ action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] }, { action: 'Deny', to: [{ nodes: {} }] }],
    });
    const reach = Reachability.fromManifests([...cluster(), pod('sys', 'agent', { hostNetwork: true }), guard]);
    expect(reach.canConnect({ namespace: 'x', pod: 'a' }, { ip: '169.254.169.254' })).toBe(false);
    expect(reach.canConnect({ namespace: 'x', pod: 'a' }, { ip: '203.0.113.10' })).toBe(true);
    expect(reach.canConnect({ namespace: 'x', pod: 'a' }, { namespace: 'sys', pod: 'agent' })).toBe(false);
    expect(reach.canConnect({ namespace: 'sys', pod: 'agent' }, { ip: '169.254.169.254' })).toBe(true); // hostNetwork is no subject
    const m = reach.matrix({ internetAddress: '169.254.169.254' });
    expect(m.isAllowedBetween('x/a', 'internet', 80)).toBe(false);
    expect(m.isAllowedBetween('x/a', 'sys/agent', 80)).toBe(false);
    expect(m.isAllowedBetween('sys/agent', 'internet', 80)).toBe(true);
  });
});

describe('v1alpha1 AdminNetworkPolicy and BaselineAdminNetworkPolicy', () => {
  const anp = (name: string, priority: number, spec: any) =>
    ({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name }, spec: { priority, ...spec } });
  const banp = (spec: any, name = 'default') =>
    ({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name }, spec });

  test('Allow is final, Deny is final, the BANP is overridden by NetworkPolicy', () => {
    const allowY = anp('allow-y', 1, { subject: { namespaces: ns('x') }, ingress: [{ action: 'Allow', from: [{ namespaces: ns('y') }] }] });
    const denyAll = banp({ subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] });
    const denyXEverything = policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
    const allowZtoZ = policy('z', 'allow-z', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] });
    expectTable([...cluster(), allowY, denyAll, denyXEverything, allowZtoZ],
      new TruthTable(false).expect('y/*', 'x/*', true).expect('z/*', 'z/*', true).withSelf());
  });

  test('v1alpha1 ports: portNumber with protocol, portRange and namedPort', () => {
    const deny = anp('deny', 1, {
      subject: { pods: { namespaceSelector: ns('x'), podSelector: onPod('a') } },
      ingress: [{ action: 'Deny', from: [{ namespaces: {} }], ports: [{ portNumber: { protocol: 'UDP', port: 80 } }, { portRange: { start: 81, end: 90 } }, { namedPort: 'serve-80-sctp' }] }],
    });
    expectTable([...cluster(), deny], new TruthTable(true).expect('*', 'x/a', false).withSelf(), 80, Protocol.UDP);
    expectTable([...cluster(), deny], new TruthTable(true), 80, Protocol.TCP);
    expectTable([...cluster(), deny], new TruthTable(true).expect('*', 'x/a', false).withSelf(), 81, Protocol.TCP);
    expectTable([...cluster(), deny], new TruthTable(true).expect('*', 'x/a', false).withSelf(), 80, Protocol.SCTP);
  });

  test('a BANP not named default is rejected by the API server and left out', () => {
    const reach = Reachability.fromManifests([...cluster(), banp({ subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] }, 'other')]);
    expect(reach.canConnect({ namespace: 'x', pod: 'a' }, { namespace: 'y', pod: 'a' })).toBe(true);
    expect(reach.problems.map((p) => p.code)).toContain('NP025');
  });
});

describe('reading', () => {
  test('an object the CRD rejects is left out, with the field named', () => {
    const bad = cnp('bad', 'Admin', 1001, { subject: all, ingress: [{ action: 'Deny', from: [all] }] });
    const reach = Reachability.fromManifests([...cluster(), bad]);
    expect(reach.canConnect({ namespace: 'x', pod: 'a' }, { namespace: 'y', pod: 'a' })).toBe(true);
    expect(reach.warnings.join('\n')).toContain('spec.priority is 1001: it must be from 0 to 1000');
    expect(reach.clusterPolicies).toEqual([]);
    expect(Reachability.fromManifests([...cluster(), baselineDenyAll]).clusterPolicies).toEqual(['ClusterNetworkPolicy/baseline-deny']);
  });

  test('a wrong apiVersion or another product\'s ClusterNetworkPolicy is not read', () => {
    const wrong = { ...cnp('w', 'Admin', 1, { subject: all, ingress: [{ action: 'Deny', from: [all] }] }), apiVersion: 'policy.networking.k8s.io/v1alpha1' };
    const antrea = { ...wrong, apiVersion: 'crd.antrea.io/v1beta1' };
    const reach = Reachability.fromManifests([...cluster(), wrong, antrea]);
    expect(reach.canConnect({ namespace: 'x', pod: 'a' }, { namespace: 'y', pod: 'a' })).toBe(true);
    expect(reach.problems.map((p) => p.code).sort()).toEqual(['NP011', 'NP016']);
  });

  test('same-priority ties are reported, not hidden', () => {
    const a = cnp('a', 'Admin', 7, { subject: all, ingress: [{ action: 'Accept', from: [all] }] });
    const b = cnp('b', 'Admin', 7, { subject: all, ingress: [{ action: 'Deny', from: [all] }] });
    const reach = Reachability.fromManifests([namespace('x'), pod('x', 'a'), pod('x', 'b'), a, b]);
    const e = reach.explain({ namespace: 'x', pod: 'a' }, { namespace: 'x', pod: 'b' });
    expect(e.ingress.decidedBy?.tiedWith).toEqual(['ClusterNetworkPolicy/b']);
    expect(e.ingress.reason).toContain('UNDEFINED ORDER');
  });
});
