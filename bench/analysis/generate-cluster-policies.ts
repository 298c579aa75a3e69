import { NAMESPACE_COUNT } from './generate-cluster';
import { Rng } from '../lib/rng';

/**
 * Cluster-scoped policies for the tier benchmark: `count` ClusterNetworkPolicies (v1alpha2), about
 * three Admin for two Baseline, with distinct priorities, subjects by namespace labels or by pods,
 * 1-5 rules per direction with Accept/Deny/Pass, namespaces, pods and networks peers, numbered, ranged
 * and named ports. The labels are those of generate-cluster.ts, so the policies select real pods.
 */
export function generateClusterPolicies(count: number, seed: number): any[] {
  const rng = new Rng(seed * 7919 + count);
  const apps = ['web', 'gateway', 'api', 'auth', 'grpc', 'worker', 'queue', 'search', 'db', 'cache', 'dns', 'prometheus'];
  const selection = (): any => {
    switch (rng.weighted({ team: 30, env: 20, name: 15, pods: 25, all: 10 })) {
      case 'team': return { namespaces: { matchLabels: { team: rng.pick(['a', 'b', 'c', 'd', 'e']) } } };
      case 'env': return { namespaces: { matchExpressions: [{ key: 'env', operator: 'In', values: [rng.pick(['prod', 'staging', 'dev'])] }] } };
      case 'name': return { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': `ns-${String(rng.int(NAMESPACE_COUNT)).padStart(2, '0')}` } } };
      case 'pods': return { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: rng.pick(apps) } } } };
      default: return { namespaces: {} };
    }
  };
  const protocols = (named: boolean): any[] | undefined => {
    switch (rng.weighted({ none: 40, tcp: 25, range: 15, udp: 10, named: 10 })) {
      case 'tcp': return [{ tcp: { destinationPort: { number: rng.pick([80, 443, 8080]) } } }];
      case 'range': return [{ tcp: { destinationPort: { range: { start: 80, end: 90 } } } }];
      case 'udp': return [{ udp: { destinationPort: { number: 53 } } }];
      case 'named': return named ? [{ destinationNamedPort: rng.pick(['http', 'metrics', 'dns']) }] : undefined;
      default: return undefined;
    }
  };
  const rule = (direction: 'ingress' | 'egress', tier: string): any => {
    const networks = direction === 'egress' && rng.chance(0.3);
    const peers = networks ? [{ networks: [rng.pick(['169.254.169.254/32', '10.0.0.0/8', '203.0.113.0/24', '0.0.0.0/0'])] }]
      : Array.from({ length: 1 + rng.int(2) }, selection);
    const actions = tier === 'Admin' ? ['Accept', 'Deny', 'Pass'] : ['Accept', 'Deny'];
    const p = protocols(!networks);
    return { action: rng.pick(actions), [direction === 'ingress' ? 'from' : 'to']: peers, ...(p ? { protocols: p } : {}) };
  };
  return Array.from({ length: count }, (_, i) => {
    const tier = i % 5 < 3 ? 'Admin' : 'Baseline';
    return {
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: `cnp-${i}` },
      spec: {
        tier,
        priority: 10 + i * 10,
        subject: selection(),
        ingress: Array.from({ length: rng.int(5) }, () => rule('ingress', tier)),
        egress: Array.from({ length: rng.int(4) }, () => rule('egress', tier)),
      },
    };
  });
}
