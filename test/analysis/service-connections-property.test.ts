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

/** Every port a cluster's pods, Services and rules use, and one none uses, on both protocols. */
const PROBES: [Protocol, number][] = [Protocol.TCP, Protocol.UDP].flatMap((p) => [80, 5000, 8080, 9000, 1234].map((n): [Protocol, number] => [p, n]));

/** canConnect through the Service, false where the engine refuses (no such Service port, or it reaches no pod). */
function through(reach: Reachability, from: Endpoint, svc: any, protocol: Protocol, port: number): boolean {
  try {
    return reach.canConnect(from, Endpoints.service(svc.metadata.namespace, svc.metadata.name, port), { protocol });
  } catch (e) {
    if (/selects no pods|reaches no pod|has no port/.test(String(e))) return false;
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
      let probed = ConnectionSet.none();
      for (const [protocol, port] of PROBES) {
        const ok = through(reach, from, svc, protocol, port);
        seen[ok ? 'allowed' : 'denied']++;
        probed = probed.union(ConnectionSet.ports(protocol, port));
        if (ok) expected = expected.union(ConnectionSet.ports(protocol, port));
      }
      const row = serviceRows.find((p) => p.from === id && p.to === to)?.connections ?? ConnectionSet.none();
      // A translating Service's set holds its Service ports only (all probed); a headless one's, any port its pods admit.
      const actual = svc.spec.clusterIP === 'None' ? row.intersect(probed) : row;
      if (!actual.sameAs(expected)) throw new Error(`${id} -> ${to}: allConnections ${actual}, canConnect through the Service ${expected}`);
    }
  }
  expect(serviceRows.every((p) => services.some((s) => p.to === `${s.metadata.namespace}/svc/${s.metadata.name}`))).toBe(true);
}

test('allConnections Service rows equal canConnect through the Service, port by port (headless: every port)', () => {
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

test('matrix Service columns equal canConnect through the Service on each port; Service rows deny; pod cells unchanged', () => {
  const ports = [80, 5000, 8080, 9000, 1234];
  const seen = { allowed: 0, denied: 0 };
  fc.assert(fc.property(clusterArb, fc.boolean(), fc.constantFrom(Protocol.TCP, Protocol.UDP), (c, onlyX, protocol) => {
    const manifests = manifestsOf(c);
    const reach = Reachability.fromManifests(manifests);
    const namespaces = onlyX ? ['x'] : undefined;
    const plain = reach.matrix({ ports, protocol, namespaces });
    const m = reach.matrix({ ports, protocol, namespaces, includeServices: true });
    const services = manifests.filter((o) => o.kind === 'Service' && (namespaces === undefined || namespaces.includes(o.metadata.namespace)));
    expect(m.endpoints).toEqual([...plain.endpoints, ...services.map((s) => `${s.metadata.namespace}/svc/${s.metadata.name}`)]);
    for (const port of ports) {
      for (let i = 0; i < m.size; i++) {
        for (let j = 0; j < m.size; j++) {
          const cell = m.isAllowed(i, j, port);
          if (i < plain.size && j < plain.size) {
            if (cell !== plain.isAllowed(i, j, port)) throw new Error(`pod cell ${m.endpoints[i]} -> ${m.endpoints[j]} changed`);
          } else if (i >= plain.size) {
            if (cell) throw new Error(`Service ${m.endpoints[i]} opens a connection`);
          } else {
            const expected = through(reach, m.endpoint(i), services[j - plain.size], protocol, port);
            seen[expected ? 'allowed' : 'denied']++;
            if (cell !== expected) throw new Error(`${m.endpoints[i]} -> ${m.endpoints[j]} on ${protocol}/${port}: matrix ${cell}, canConnect ${expected}`);
          }
        }
      }
    }
  }), { numRuns: 200 });
  expect(Math.min(seen.allowed, seen.denied)).toBeGreaterThan(100);
});
