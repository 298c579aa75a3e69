/** Random clusters of Deployments, Services and ingress policies, for the Service property tests. */
import * as fc from 'fast-check';

const NS = ['x', 'y'];
const VALUES = ['web', 'db'];
const NAMES = ['http', 'grpc'];
const NUMBERS = [80, 8080, 9000];

const labelsArb = fc.dictionary(fc.constantFrom('app', 'tier'), fc.constantFrom(...VALUES), { maxKeys: 2 });
const containerPortArb = fc.record({ name: fc.constantFrom(...NAMES), containerPort: fc.constantFrom(...NUMBERS), protocol: fc.constantFrom('TCP', 'UDP') },
  { requiredKeys: ['containerPort'] });
const podArb = fc.record({
  namespace: fc.constantFrom(...NS),
  labels: labelsArb,
  ports: fc.uniqueArray(containerPortArb, { maxLength: 3, selector: (p) => p.name ?? p.containerPort }),
});
const servicePortArb = fc.record({
  port: fc.constantFrom(80, 5000, 9000),
  targetPort: fc.oneof(fc.constantFrom(...NUMBERS), fc.constantFrom(...NAMES)),
  protocol: fc.constantFrom('TCP', 'UDP'),
}, { requiredKeys: ['port'] });
const serviceArb = fc.record({
  namespace: fc.constantFrom(...NS),
  // Mostly the labels of one of the pods (else few Services would select any), sometimes random, sometimes none.
  selector: fc.oneof({ arbitrary: fc.nat(), weight: 4 }, { arbitrary: labelsArb, weight: 1 }, { arbitrary: fc.constant(undefined), weight: 1 }),
  ports: fc.uniqueArray(servicePortArb, { minLength: 1, maxLength: 3, selector: (p) => `${p.port}/${p.protocol ?? 'TCP'}` }),
  headless: fc.integer({ min: 0, max: 5 }).map((i) => i === 0),
});
const rulePortArb = fc.oneof(
  fc.record({ port: fc.constantFrom(80, 5000, 8080, 9000), protocol: fc.constantFrom('TCP', 'UDP') }, { requiredKeys: ['port'] }),
  fc.record({ port: fc.constantFrom(...NAMES), protocol: fc.constantFrom('TCP', 'UDP') }, { requiredKeys: ['port'] }),
);
const policyArb = fc.record({
  namespace: fc.constantFrom(...NS),
  podSelector: fc.record({ matchLabels: labelsArb }),
  ingress: fc.array(fc.record({
    from: fc.array(fc.record({ podSelector: fc.record({ matchLabels: labelsArb }), namespaceSelector: fc.constant({}) }), { maxLength: 2 }),
    ports: fc.array(rulePortArb, { maxLength: 2 }),
  }, { requiredKeys: [] }), { maxLength: 2 }),
});
export const clusterArb = fc.record({
  pods: fc.array(podArb, { minLength: 1, maxLength: 5 }),
  services: fc.array(serviceArb, { minLength: 1, maxLength: 3 }),
  policies: fc.array(policyArb, { maxLength: 4 }),
  source: fc.nat(),
});
export type Cluster = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

export function manifestsOf(c: Cluster): any[] {
  return [
    ...NS.map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } })),
    ...c.pods.map((p, i) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `d${i}`, namespace: p.namespace },
      spec: { template: { metadata: { labels: p.labels }, spec: { containers: [{ name: 'c', ports: p.ports }] } } },
    })),
    ...c.services.map((s, i) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `s${i}`, namespace: typeof s.selector === 'number' ? c.pods[s.selector % c.pods.length].namespace : s.namespace },
      spec: { ...(s.selector !== undefined ? { selector: typeof s.selector === 'number' ? c.pods[s.selector % c.pods.length].labels : s.selector } : {}), ports: s.ports.map((p, j) => ({ name: `p${j}`, ...p })), ...(s.headless ? { clusterIP: 'None' } : {}) },
    })),
    ...c.policies.map((p, i) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `np${i}`, namespace: p.namespace },
      spec: { podSelector: p.podSelector, policyTypes: ['Ingress'], ingress: p.ingress },
    })),
  ];
}

