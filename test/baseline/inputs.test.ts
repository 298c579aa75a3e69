/**
 * The baselines read their specs field by field, as Kubernetes reads an object: extra keys of a spec
 * loaded from JSON (or written in plain JavaScript) change nothing, and a caught construction error
 * leaves nothing half-built behind.
 */
import { Chart, Testing } from 'cdk8s';
import { ClusterBaseline } from '../../src/baseline/cluster-baseline';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { policyNames, synthApp } from '../support/kube';

function chart(): Chart {
  return new Chart(Testing.app(), 'chart');
}

/** A spec with a key that is not one of its fields, as JSON.parse or plain JavaScript can pass it. */
function withNamespace<T>(spec: T): T {
  return { ...spec, namespace: 'kube-system' } as T;
}

describe('specs are read field by field: an extra "namespace" key moves nothing', () => {
  test('addHub, addServer, addConnection, addAllowFrom and the props lists keep every policy in the baseline\'s namespace', () => {
    const c = chart();
    const baseline = new NamespaceBaseline(c, 'shop', {
      namespace: 'shop',
      denyEgress: true,
      hubs: [withNamespace({ hubName: 'cache', hubLabels: { app: 'cache' } })],
      connections: [withNamespace({ fromLabels: { app: 'a' }, toLabels: { app: 'b' } })],
    });
    baseline.addHub(withNamespace({ hubName: 'db', hubLabels: { app: 'db' } }));
    baseline.addServer(withNamespace({ serverName: 'backup', serverLabels: { app: 'backup' } }));
    baseline.addConnection(withNamespace({ fromLabels: { app: 'web' }, toLabels: { app: 'api' } }));
    baseline.addAllowFrom(withNamespace({ fromNamespace: 'ops', fromLabels: { app: 'x' }, sourceDeniesEgress: true }));
    const names = policyNames(synthApp(c.node.root as any));
    expect(names.filter((n) => n.startsWith('kube-system/'))).toEqual([]);
    expect(names).toContain('shop/allow-db-access');
    expect(names).toContain('shop/allow-cache-access');
    expect(names).toContain('shop/allow-backup-to-access');
    expect(names).toContain('shop/allow-web-to-api');
    expect(names).toContain('shop/allow-a-to-b');
    expect(names).toContain('shop/allow-ops-x-to-all-pods');
    // The egress side of the allowFrom lands in the source namespace, as declared.
    expect(names).toContain('ops/allow-x-to-shop-all-pods-egress');
  });

  test('ClusterBaseline passes its options, not its other keys, to every NamespaceBaseline', () => {
    const c = chart();
    const props = { namespaces: ['shop'], hubs: [{ hubName: 'db', hubLabels: { app: 'db' } }], namespace: 'kube-system' };
    new ClusterBaseline(c, 'cluster', props as any);
    const names = policyNames(synthApp(c.node.root as any));
    expect(names).toEqual(['shop/default-deny-ingress', 'shop/internet-access']);
  });
});

describe('a caught construction error leaves nothing half-built', () => {
  test('a failed addHub registers nothing: the corrected addHub with the same name succeeds, and synth has one policy for it', () => {
    const c = chart();
    const baseline = new NamespaceBaseline(c, 'shop', { namespace: 'shop', denyEgress: true });
    expect(() => baseline.addHub({ hubName: 'db', hubLabels: { app: 'Not Valid' } })).toThrow(/invalid label value "Not Valid"/);
    baseline.addHub({ hubName: 'db', hubLabels: { app: 'db' } });
    const names = policyNames(synthApp(c.node.root as any));
    expect(names.filter((n) => n.includes('db'))).toEqual(['shop/allow-db-access', 'shop/allow-db-access-egress']);
  });

  test('a failed egress side removes the ingress side it came with', () => {
    const c = chart();
    const baseline = new NamespaceBaseline(c, 'shop', { namespace: 'shop', denyEgress: true });
    // The egress name of this connection is already taken: the connection must not half-exist.
    baseline.addConnection({ fromLabels: { app: 'x' }, toLabels: { app: 'y' }, name: 'taken-egress' });
    expect(() => baseline.addConnection({ fromLabels: { app: 'web' }, toLabels: { app: 'api' }, name: 'taken' }))
      .toThrow(/duplicate NetworkPolicy name "taken-egress"/);
    const names = policyNames(synthApp(c.node.root as any));
    expect(names).not.toContain('shop/taken');
    // The next connection takes the construct id the failed one did not keep.
    expect(baseline.addConnection({ fromLabels: { app: 'web' }, toLabels: { app: 'api' } }).node.id).toBe('Connection2');
  });

  test('a NamespaceBaseline whose props fail synthesizes nothing, and its id can be used again', () => {
    const c = chart();
    expect(() => new NamespaceBaseline(c, 'shop', { namespace: 'shop', hubs: [{ hubName: 'db', hubLabels: {} }] }))
      .toThrow(/hubLabels is empty/);
    expect(policyNames(synthApp(c.node.root as any))).toEqual([]);
    new NamespaceBaseline(c, 'shop', { namespace: 'shop' });
    expect(policyNames(synthApp(c.node.root as any))).toEqual(['shop/default-deny-ingress', 'shop/internet-access']);
  });

  test('a ClusterBaseline whose second namespace fails synthesizes nothing', () => {
    const c = chart();
    expect(() => new ClusterBaseline(c, 'cluster', { namespaces: ['shop', 'Bad'] })).toThrow(/namespaces\[1\] "Bad"/);
    expect(policyNames(synthApp(c.node.root as any))).toEqual([]);
  });
});

describe('errors that name what is wrong', () => {
  test('a spec that is not an object is refused with its field', () => {
    const baseline = new NamespaceBaseline(chart(), 'shop', { namespace: 'shop' });
    expect(() => baseline.addHub(null as any)).toThrow(/^chart\/shop: invalid hub null: expected an object/);
    expect(() => baseline.addAllowFrom('ops' as any)).toThrow(/^chart\/shop: invalid allowFrom "ops": expected an object/);
  });
});
