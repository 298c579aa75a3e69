/**
 * A connection through a Service is a connection to one of the pods it selects, on that pod's
 * targetPort: on random clusters, canConnect(src, Service:port) must equal "some backend admits it",
 * with the backends and their ports found here by brute force from the raw objects (the endpoint
 * controllers' rules: equality selector in the Service's namespace, targetPort defaulting to port, a
 * named targetPort looked up by name and protocol on each pod). The pod-level canConnect this relies on
 * is itself checked against an oracle in engine-property.test.ts.
 */
import * as fc from 'fast-check';
import { Endpoints } from '../../src/analysis/endpoint';
import { Reachability } from '../../src/analysis/reachability';
import { Protocol } from '../../src/model/protocol';

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
const clusterArb = fc.record({
  pods: fc.array(podArb, { minLength: 1, maxLength: 5 }),
  services: fc.array(serviceArb, { minLength: 1, maxLength: 3 }),
  policies: fc.array(policyArb, { maxLength: 4 }),
  source: fc.nat(),
});
type Cluster = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

function manifestsOf(c: Cluster): any[] {
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

/** The backends of one Service port, straight from the objects: [deployment name, pod port]. */
function backends(manifests: any[], svc: any, sp: any): [string, number][] {
  const selector = svc.spec.selector;
  if (!selector || Object.keys(selector).length === 0) return [];
  const out: [string, number][] = [];
  for (const d of manifests.filter((o) => o.kind === 'Deployment' && o.metadata.namespace === svc.metadata.namespace)) {
    const labels = d.spec.template.metadata.labels;
    if (!Object.keys(selector).every((k) => labels[k] === selector[k])) continue;
    if (svc.spec.clusterIP === 'None') {
      out.push([d.metadata.name, sp.port]);
      continue;
    }
    const target = sp.targetPort ?? sp.port;
    if (typeof target === 'number') {
      out.push([d.metadata.name, target]);
      continue;
    }
    const found = d.spec.template.spec.containers[0].ports.find((cp: any) => cp.name === target && (cp.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'));
    if (found) out.push([d.metadata.name, found.containerPort]);
  }
  return out;
}

test('canConnect through a Service equals canConnect to some selected pod on its targetPort', () => {
  const seen = { allowed: 0, denied: 0, none: 0 };
  fc.assert(fc.property(clusterArb, (c) => {
    const manifests = manifestsOf(c);
    const reach = Reachability.fromManifests(manifests);
    const src = Endpoints.pod(c.pods[c.source % c.pods.length].namespace, `d${c.source % c.pods.length}`);
    for (const svc of manifests.filter((o) => o.kind === 'Service')) {
      for (const sp of svc.spec.ports) {
        const protocol = (sp.protocol ?? 'TCP') as Protocol;
        const to = Endpoints.service(svc.metadata.namespace, svc.metadata.name, sp.port);
        const expectedBackends = backends(manifests, svc, sp);
        if (expectedBackends.length === 0) {
          seen.none++;
          expect(() => reach.canConnect(src, to, { protocol })).toThrow(/selects no pods|reaches no pod/);
          continue;
        }
        const expected = expectedBackends.some(([name, port]) =>
          reach.canConnect(src, Endpoints.pod(svc.metadata.namespace, name), { port, protocol }));
        const x = reach.explain(src, to, { protocol });
        seen[expected ? 'allowed' : 'denied']++;
        if (x.allowed !== expected) throw new Error(`${JSON.stringify(src)} -> ${svc.metadata.namespace}/${svc.metadata.name}:${sp.port}: engine ${x.allowed}, oracle ${expected}\n${x.text}`);
        expect(expectedBackends.map(([, port]) => port)).toContain(x.port);
      }
    }
  }), { numRuns: 500 });
  expect(Math.min(seen.allowed, seen.denied, seen.none)).toBeGreaterThan(50);
});
