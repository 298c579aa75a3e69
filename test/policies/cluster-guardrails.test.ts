/**
 * ClusterDefaultDeny, AdminGuardrails and ClusterBaseline's clusterPolicies, proven through the engine:
 * every synthesized object is checked against the CRDs (test/support/cluster-policy-schema.ts) and read
 * back with the pods of namespaces that are not in the app.
 */
import { Testing } from 'cdk8s';
import { Reachability } from '../../src/analysis/reachability';
import { ClusterBaseline } from '../../src/baseline/cluster-baseline';
import { Protocol } from '../../src/model/protocol';
import { AdminGuardrails } from '../../src/policies/admin-guardrails';
import { ClusterDefaultDeny } from '../../src/policies/cluster-default-deny';
import { ClusterPolicyApi } from '../../src/policies/cluster-policy-object';
import { validateClusterPolicy } from '../support/cluster-policy-schema';
import { newChart, objectNamed, synth } from '../support/kube';

/** Pods the app does not know about: namespaces created later by someone else, and the cluster DNS. */
function otherPods(): any[] {
  const pod = (namespace: string, name: string, labels: any = { app: name }) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: [{ name: 'c', image: 'i' }] },
  });
  return [pod('later', 'web'), pod('later', 'client'), pod('other', 'client'), pod('kube-system', 'coredns', { 'k8s-app': 'kube-dns' })];
}

const web = { namespace: 'later', pod: 'web' };
const client = { namespace: 'other', pod: 'client' };
const dns = { namespace: 'kube-system', pod: 'coredns' };

describe.each([ClusterPolicyApi.V1ALPHA2, ClusterPolicyApi.V1ALPHA1])('api %s', (api) => {
  test('ClusterDefaultDeny: a namespace not in the app gets the default deny; kube-system is exempt; outside traffic is not denied', () => {
    const objects = synth((s) => new ClusterDefaultDeny(s, 'deny', { api }));
    expect(objects.map((o) => o.kind)).toEqual([api === ClusterPolicyApi.V1ALPHA2 ? 'ClusterNetworkPolicy' : 'BaselineAdminNetworkPolicy']);
    const reach = Reachability.fromManifests([...objects, ...otherPods()]);
    expect(reach.canConnect(client, web)).toBe(false);
    expect(reach.canConnect({ namespace: 'later', pod: 'client' }, web)).toBe(false);
    expect(reach.canConnect(client, dns, { port: 53, protocol: Protocol.UDP })).toBe(true);
    // The documented limit: no CIDR peers on ingress, so an address outside the cluster still gets in.
    expect(reach.canConnect({ ip: '203.0.113.10' }, web)).toBe(true);
    expect(reach.explain(client, web).ingress.decidedBy?.tier).toBe('Baseline');
  });

  test('a NetworkPolicy overrides ClusterDefaultDeny for the pods it selects', () => {
    const objects = synth((s) => new ClusterDefaultDeny(s, 'deny', { api }));
    const allowClient = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow', namespace: 'later' },
      spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }] },
    };
    const reach = Reachability.fromManifests([...objects, ...otherPods(), allowClient]);
    expect(reach.canConnect({ namespace: 'later', pod: 'client' }, web)).toBe(true);
    expect(reach.canConnect(client, web)).toBe(false);
  });

  test('AdminGuardrails: the metadata addresses are denied and DNS accepted, whatever the NetworkPolicies say', () => {
    const objects = synth((s) => new AdminGuardrails(s, 'guard', { api }));
    const allowAllEgress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'open', namespace: 'other' },
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{}] },
    };
    const denyAll = (namespace: string) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny', namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    const reach = Reachability.fromManifests([...objects, ...otherPods(), allowAllEgress, denyAll('later'), denyAll('kube-system')]);
    expect(reach.canConnect(client, { ip: '169.254.169.254' })).toBe(false);
    expect(reach.canConnect(client, { ip: 'fd00:ec2::254' })).toBe(false);
    expect(reach.canConnect(client, { ip: '203.0.113.10' })).toBe(true);
    for (const protocol of [Protocol.UDP, Protocol.TCP]) {
      expect(reach.canConnect({ namespace: 'later', pod: 'client' }, dns, { port: 53, protocol })).toBe(true);
    }
    expect(reach.canConnect({ namespace: 'later', pod: 'client' }, dns, { port: 80 })).toBe(false);
    expect(reach.explain(client, { ip: '169.254.169.254' }).egress.decidedBy).toMatchObject({ tier: 'Admin', ruleName: 'deny-egress-ranges', action: 'Deny' });
  });
});

describe('ClusterBaseline clusterPolicies', () => {
  test('emits the default deny and the guardrails beside the per-namespace policies, v1alpha2 by default', () => {
    const objects = synth((s) => new ClusterBaseline(s, 'cluster', { namespaces: ['shop'], clusterPolicies: {} }));
    const kinds = objects.map((o) => o.kind);
    expect(kinds.filter((k) => k === 'ClusterNetworkPolicy')).toHaveLength(3);
    expect(kinds).toContain('NetworkPolicy');
    const reach = Reachability.fromManifests([...objects, ...otherPods()]);
    expect(reach.canConnect(client, web)).toBe(false);
    expect(reach.canConnect(client, { ip: '169.254.169.254' })).toBe(false);
  });

  test('v1alpha1 on request: an AdminNetworkPolicy pair and the BaselineAdminNetworkPolicy "default"', () => {
    const objects = synth((s) => new ClusterBaseline(s, 'cluster', { namespaces: ['shop'], clusterPolicies: { api: ClusterPolicyApi.V1ALPHA1 } }));
    expect(objectNamed(objects, 'BaselineAdminNetworkPolicy', 'default').spec.ingress[0].action).toBe('Deny');
    expect(objectNamed(objects, 'AdminNetworkPolicy', 'admin-guardrails').spec.egress.map((r: any) => r.action)).toEqual(['Allow', 'Deny']);
    expect(objects.filter((o) => o.kind === 'ClusterNetworkPolicy')).toEqual([]);
  });

  test('guardrails only', () => {
    const objects = synth((s) => new ClusterBaseline(s, 'cluster', { namespaces: ['shop'], clusterPolicies: { defaultDeny: false } }));
    expect(objects.filter((o) => o.kind === 'ClusterNetworkPolicy').map((o) => o.metadata.name)).toEqual(['admin-guardrails', 'admin-guardrails-dns']);
  });
});

describe('validation at construction names the construct path, the field and the value', () => {
  const fails = (build: (s: any) => void) => {
    try {
      build(newChart());
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('did not throw');
  };
  test.each([
    [(s: any) => new ClusterDefaultDeny(s, 'd', { priority: 1001 }), 'test/d: invalid priority 1001: it must be an integer from 0 to 1000'],
    [(s: any) => new ClusterDefaultDeny(s, 'd', { name: 'Bad_Name' }), 'test/d: invalid name "Bad_Name"'],
    [(s: any) => new ClusterDefaultDeny(s, 'd', { exemptNamespaces: ['kube-system', 'kube-system'] }), 'test/d: duplicate namespace "kube-system" in exemptNamespaces[1]'],
    [(s: any) => new AdminGuardrails(s, 'g', { deniedEgressCidrs: ['169.254.169.254'] }), 'test/g: invalid CIDR "169.254.169.254" in deniedEgressCidrs[0]'],
    [(s: any) => new AdminGuardrails(s, 'g', { deniedEgressCidrs: Array.from({ length: 26 }, (_, i) => `10.0.${i}.0/24`) }), 'test/g: invalid deniedEgressCidrs: 26 CIDRs'],
    [(s: any) => new AdminGuardrails(s, 'g', { allowDns: false, deniedEgressCidrs: [] }), 'test/g: nothing to emit'],
    [(s: any) => new AdminGuardrails(s, 'g', { dnsNamespace: 'Kube' }), 'test/g: invalid dnsNamespace "Kube"'],
    [(s: any) => new ClusterBaseline(s, 'c', { namespaces: ['a'], clusterPolicies: null as any }), 'test/c: invalid clusterPolicies null'],
  ])('%#', (build, message) => {
    expect(fails(build)).toContain(message);
  });

  test('a failed construct leaves nothing behind', () => {
    const chart = newChart();
    expect(() => new ClusterDefaultDeny(chart, 'd', { priority: -1 })).toThrow();
    expect(Testing.synth(chart)).toEqual([]);
  });
});

describe('the CRD checker of the tests refuses what the API server refuses', () => {
  const base = () => ({
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: { name: 'p' },
    spec: { tier: 'Admin', priority: 1, subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }] }] },
  });
  test.each([
    ['priority', (o: any) => { o.spec.priority = 1001; }, 'priority 1001'],
    ['tier', (o: any) => { o.spec.tier = 'Developer'; }, 'tier Developer'],
    ['two subject fields', (o: any) => { o.spec.subject.pods = { podSelector: {} }; }, 'exactly one of namespaces, pods'],
    ['26 rules', (o: any) => { o.spec.egress = Array.from({ length: 26 }, () => o.spec.egress[0]); }, '0-25 items'],
    ['Allow in v1alpha2', (o: any) => { o.spec.egress[0].action = 'Allow'; }, 'action Allow'],
    ['a CIDR', (o: any) => { o.spec.egress[0].to[0].networks = ['10.0.0.0']; }, 'isCIDR'],
    ['tcp without port', (o: any) => { o.spec.egress[0].protocols = [{ tcp: {} }]; }, 'destinationPort is required'],
    ['named port with networks', (o: any) => { o.spec.egress[0].protocols = [{ destinationNamedPort: 'dns' }]; }, 'named ports with networks'],
    ['unknown field', (o: any) => { o.spec.ports = []; }, 'unknown field ports'],
    ['range', (o: any) => { o.spec.egress[0].protocols = [{ udp: { destinationPort: { range: { start: 9, end: 9 } } } }]; }, 'start must be less than end'],
  ])('%s', (_name, change, message) => {
    const o = base();
    expect(() => validateClusterPolicy(o)).not.toThrow();
    change(o);
    expect(() => validateClusterPolicy(o)).toThrow(message);
  });
});
