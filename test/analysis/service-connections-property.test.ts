/**
 * allConnections({ includeServices: true }) adds each Service as a destination with its set in Service
 * ports. On random clusters, the Service rows must equal, for every source and every Service port,
 * canConnect through that Service endpoint (which services-property.test.ts checks against a brute-force
 * oracle): nothing more, nothing less.
 */
import * as fc from 'fast-check';
import { clusterArb, manifestsOf } from './service-clusters';
import { ConnectionSet } from '../../src/analysis/connection-set';
import { Endpoint, Endpoints } from '../../src/analysis/endpoint';
import { Reachability } from '../../src/analysis/reachability';
import { Protocol } from '../../src/model/protocol';

const INTERNET = '203.0.113.10';

/** canConnect through the Service, false where the engine refuses (the Service reaches no pod on that port). */
function through(reach: Reachability, from: Endpoint, svc: any, sp: any): boolean {
  try {
    return reach.canConnect(from, Endpoints.service(svc.metadata.namespace, svc.metadata.name, sp.port), { protocol: (sp.protocol ?? 'TCP') as Protocol });
  } catch (e) {
    if (/selects no pods|reaches no pod/.test(String(e))) return false;
    throw e;
  }
}

function check(manifests: any[], namespaces: string[] | undefined, seen: { allowed: number; denied: number }): void {
  const reach = Reachability.fromManifests(manifests);
  const pairs = reach.allConnections({ includeServices: true, namespaces });
  const services = manifests.filter((o) => o.kind === 'Service' && (namespaces === undefined || namespaces.includes(o.metadata.namespace)));
  const sources: [string, Endpoint][] = [
    ...reach.workloads.filter((w) => namespaces === undefined || namespaces.includes(w.namespace))
      .map((w): [string, Endpoint] => [w.id, Endpoints.pod(w.namespace, w.name)]),
    ['internet', Endpoints.ip(INTERNET)],
  ];
  const serviceRows = pairs.filter((p) => p.to.includes('/svc/'));
  expect(new Set(serviceRows.map((p) => `${p.from} ${p.to}`)).size).toBe(serviceRows.length);
  for (const [id, from] of sources) {
    for (const svc of services) {
      const to = `${svc.metadata.namespace}/svc/${svc.metadata.name}`;
      let expected = ConnectionSet.none();
      for (const sp of svc.spec.ports) {
        const ok = through(reach, from, svc, sp);
        seen[ok ? 'allowed' : 'denied']++;
        if (ok) expected = expected.union(ConnectionSet.ports((sp.protocol ?? 'TCP') as Protocol, sp.port));
      }
      const actual = serviceRows.find((p) => p.from === id && p.to === to)?.connections ?? ConnectionSet.none();
      if (!actual.sameAs(expected)) throw new Error(`${id} -> ${to}: allConnections ${actual}, canConnect through the Service ${expected}`);
    }
  }
  expect(serviceRows.every((p) => services.some((s) => p.to === `${s.metadata.namespace}/svc/${s.metadata.name}`))).toBe(true);
}

test('allConnections Service rows equal canConnect through the Service, port by Service port', () => {
  const seen = { allowed: 0, denied: 0 };
  fc.assert(fc.property(clusterArb, fc.boolean(), (c, onlyX) => {
    check(manifestsOf(c), onlyX ? ['x'] : undefined, seen);
  }), { numRuns: 300 });
  expect(Math.min(seen.allowed, seen.denied)).toBeGreaterThan(100);
});

test('without includeServices nothing changes; pod rows keep pod ports', () => {
  const manifests = manifestsOf({
    pods: [{ namespace: 'x', labels: { app: 'web' }, ports: [{ containerPort: 8080, name: 'http' }] }, { namespace: 'x', labels: { app: 'db' }, ports: [] }],
    services: [{ namespace: 'x', selector: 0, ports: [{ port: 80, targetPort: 'http' }], headless: false }],
    policies: [{ namespace: 'x', podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'db' } }, namespaceSelector: {} }], ports: [{ port: 8080 }] }] }],
    source: 1,
  });
  const reach = Reachability.fromManifests(manifests);
  const plain = reach.allConnections();
  expect(plain.some((p) => p.to.includes('/svc/'))).toBe(false);
  const withServices = reach.allConnections({ includeServices: true });
  expect(withServices.slice(0, plain.length).map((p) => `${p.from} ${p.to} ${p.connections}`)).toEqual(plain.map((p) => `${p.from} ${p.to} ${p.connections}`));
  const row = (from: string) => withServices.find((p) => p.from === from && p.to === 'x/svc/s0')?.connections.toString();
  expect(plain.find((p) => p.from === 'x/d1' && p.to === 'x/d0')?.connections.toString()).toBe('TCP 8080');
  expect([row('x/d1'), row('internet'), row('x/d0')]).toEqual(['TCP 80', undefined, undefined]); // d0 to d0 is two replicas: the policy admits db only
});
