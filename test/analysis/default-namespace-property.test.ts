/**
 * `defaultNamespace` on random clusters: objects of namespace x with their metadata.namespace removed
 * (any subset of them, policies and pods alike), read with `defaultNamespace: 'x'`, allow exactly what
 * the namespaced objects allow, on every port; read without it, exactly what they allow placed in
 * `default`. The oracle is the engine on the objects with the namespace written out: the property is
 * that leaving it out and naming it elsewhere are the same reading.
 */
import * as fc from 'fast-check';
import { Reachability } from '../../src/analysis/reachability';

const NS = ['x', 'y'];
const labelsArb = fc.dictionary(fc.constantFrom('app', 'tier'), fc.constantFrom('web', 'db'), { maxKeys: 2 });
const nsSelectorArb = fc.oneof(
  fc.constantFrom(...NS, 'default').map((n) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } })),
  fc.constant({}),
);
const peerArb = fc.oneof(
  fc.record({ podSelector: labelsArb.map((l) => ({ matchLabels: l })) }),
  fc.record({ namespaceSelector: nsSelectorArb }),
  fc.record({ podSelector: labelsArb.map((l) => ({ matchLabels: l })), namespaceSelector: nsSelectorArb }),
);
const ruleArb = (field: string) => fc.record({
  [field]: fc.array(peerArb, { maxLength: 2 }),
  ports: fc.array(fc.record({ port: fc.constantFrom(80, 5432) }), { maxLength: 1 }),
});
const policyArb = fc.record({
  namespace: fc.constantFrom(...NS),
  podSelector: fc.oneof(fc.constant({}), labelsArb.map((l) => ({ matchLabels: l }))),
  policyTypes: fc.subarray(['Ingress', 'Egress'], { minLength: 1 }),
  ingress: fc.array(ruleArb('from'), { maxLength: 2 }),
  egress: fc.array(ruleArb('to'), { maxLength: 2 }),
});
const podArb = fc.record({ namespace: fc.constantFrom(...NS), labels: labelsArb });
const clusterArb = fc.record({
  pods: fc.array(podArb, { minLength: 1, maxLength: 5 }),
  policies: fc.array(policyArb, { maxLength: 4 }),
  /** Which objects of x lose their metadata.namespace (by index in the manifests). */
  strip: fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
});
type Cluster = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

/** The manifests with every object in its namespace (a Namespace object each, so selectors can match). */
function manifestsOf(c: Cluster): any[] {
  return [
    ...NS.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
    ...c.pods.map((p, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: p.namespace, labels: p.labels },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    })),
    ...c.policies.map((p, i) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `np${i}`, namespace: p.namespace },
      spec: { podSelector: p.podSelector, policyTypes: p.policyTypes, ingress: p.ingress, egress: p.egress },
    })),
  ];
}

/** The same manifests, the chosen objects of x moved to `namespace` (undefined: without metadata.namespace). */
function moved(manifests: any[], strip: boolean[], namespace: string | undefined): any[] {
  return manifests.map((o, i) => {
    if (o.kind === 'Namespace' || o.metadata.namespace !== 'x' || !strip[i % strip.length]) return o;
    const { namespace: _x, ...metadata } = o.metadata;
    return { ...o, metadata: namespace === undefined ? metadata : { ...metadata, namespace } };
  });
}

function connections(reach: Reachability): string[] {
  return reach.allConnections().map((p) => `${p.from} -> ${p.to}: ${p.connections.toString()}`).sort();
}

test('objects without metadata.namespace are read in defaultNamespace, else in default, exactly as if it were written', () => {
  let stripped = 0;
  fc.assert(fc.property(clusterArb, (c) => {
    const manifests = manifestsOf(c);
    const namespaceless = moved(manifests, c.strip, undefined);
    stripped += namespaceless.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace === undefined).length;
    expect(connections(Reachability.fromManifests(namespaceless, { defaultNamespace: 'x' })))
      .toEqual(connections(Reachability.fromManifests(manifests)));
    expect(connections(Reachability.fromManifests(namespaceless)))
      .toEqual(connections(Reachability.fromManifests(moved(manifests, c.strip, 'default'))));
  }), { numRuns: 300 });
  expect(stripped).toBeGreaterThan(100); // the property was exercised on namespace-less objects in earnest
});

test('an endpoint without a namespace is in defaultNamespace', () => {
  fc.assert(fc.property(clusterArb, (c) => {
    const manifests = manifestsOf(c);
    const reach = Reachability.fromManifests(moved(manifests, c.strip, undefined), { defaultNamespace: 'x' });
    const inX = manifests.filter((o) => o.kind === 'Pod' && o.metadata.namespace === 'x').map((o) => o.metadata.name);
    for (const from of inX) {
      for (const to of inX) {
        expect(reach.canConnect({ pod: from }, { pod: to })).toBe(reach.canConnect({ namespace: 'x', pod: from }, { namespace: 'x', pod: to }));
      }
    }
  }), { numRuns: 100 });
});
