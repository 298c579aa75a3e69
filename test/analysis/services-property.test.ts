/**
 * A connection through a Service is a connection to one of the pods it selects, on that pod's
 * targetPort: on random clusters, canConnect(src, Service:port) must equal "some backend admits it",
 * with the backends and their ports found here by brute force from the raw objects (the endpoint
 * controllers' rules: equality selector in the Service's namespace, targetPort defaulting to port, a
 * named targetPort looked up by name and protocol on each pod). The pod-level canConnect this relies on
 * is itself checked against an oracle in engine-property.test.ts.
 */
import * as fc from 'fast-check';
import { clusterArb, manifestsOf } from './service-clusters';
import { Endpoints } from '../../src/analysis/endpoint';
import { Reachability } from '../../src/analysis/reachability';
import { Protocol } from '../../src/model/protocol';

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
