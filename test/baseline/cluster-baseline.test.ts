import { Chart, Testing } from 'cdk8s';
import { ClusterBaseline } from '../../src/baseline/cluster-baseline';
import { Ports } from '../../src/model/ports';
import { net, pod } from '../engine/support';
import { policy, policyNames, synth } from '../support/kube';

describe('ClusterBaseline', () => {
  test('one baseline per namespace with the shared options ("create this policy for each namespace")', () => {
    const objects = synth((s) => new ClusterBaseline(s, 'cluster', { namespaces: ['shop', 'billing', 'ops'], allowSameNamespace: true, createNamespace: true }));
    for (const ns of ['shop', 'billing', 'ops']) {
      expect(net(objects).isolatedForIngress(pod(ns))).toBe(true);
      expect(policy(objects, 'allow-same-namespace', ns).spec.podSelector).toEqual({});
      expect(objects.some((o) => o.kind === 'Namespace' && o.metadata.name === ns)).toBe(true);
    }
    expect(net(objects).canConnect(pod('shop'), pod('billing'))).toBe(false);
    expect(net(objects).canConnect(pod('shop', { a: 'b' }), pod('shop'))).toBe(true);
  });

  test('namespaceOverrides: a namespace takes its own options, the others the shared ones; a cross-namespace allow follows the source\'s own denyEgress', () => {
    const objects = synth((s) => {
      const cluster = new ClusterBaseline(s, 'cluster', {
        namespaces: ['shop', 'legacy', 'ops'],
        internetAccess: false,
        namespaceOverrides: { legacy: { denyEgress: true, internetAccess: true }, ops: { allowSameNamespace: true } },
      });
      cluster.addAllowFrom('shop', { fromNamespace: 'legacy', ports: [Ports.tcp(8080)] });
    });
    expect(policyNames(objects).filter((n) => n.endsWith('/internet-access'))).toEqual(['legacy/internet-access']);
    expect(policyNames(objects).filter((n) => n.endsWith('/allow-same-namespace'))).toEqual(['ops/allow-same-namespace']);
    expect(net(objects).isolatedForEgress(pod('legacy'))).toBe(true);
    expect(net(objects).isolatedForEgress(pod('shop'))).toBe(false);
    expect(net(objects).canConnect(pod('legacy'), pod('shop'), 8080)).toBe(true);
    expect(net(objects).canConnect(pod('legacy'), pod('ops'), 8080)).toBe(false);
  });

  test('namespaceOverrides: lint false leaves that namespace out of the lint at synth', () => {
    const build = (lint?: boolean) => {
      const app = Testing.app();
      const chart = new Chart(app, 'chart');
      const cluster = new ClusterBaseline(chart, 'cluster', { namespaces: ['shop', 'other'], createNamespace: true, namespaceOverrides: { shop: { namespaceLabelKey: 'networking/namespace', lint } } });
      cluster.addAllowFrom('shop', { fromNamespace: 'other' }); // only shop uses networking/namespace; other lacks it: NP009
      return app;
    };
    expect(() => build().synth()).toThrow(/\[chart\/cluster\] ERROR NP009 NetworkPolicy shop\//);
    expect(() => build(false).synth()).not.toThrow();
  });

  test('namespaceOverrides must name namespaces of the cluster', () => {
    expect(() => new ClusterBaseline(Testing.chart(), 'cluster', { namespaces: ['shop'], namespaceOverrides: { shpo: { denyEgress: true } } }))
      .toThrow(/cluster: invalid namespaceOverrides key "shpo": it is not one of namespaces \("shop"\)/);
  });

  test('baseline(namespace) returns one baseline to extend', () => {
    const objects = synth((s) => {
      const cluster = new ClusterBaseline(s, 'cluster', { namespaces: ['shop', 'ops'] });
      cluster.baseline('shop').addHub({ hubName: 'db', hubLabels: { app: 'db' } });
      expect(cluster.baseline('ops').namespace).toBe('ops');
      expect(cluster.namespaces).toEqual(['shop', 'ops']);
    });
    expect(policy(objects, 'allow-db-access', 'shop')).toBeDefined();
    expect(policyNames(objects).filter((n) => n.startsWith('ops/'))).toEqual(['ops/default-deny-ingress', 'ops/internet-access']);
  });

  test('Across Namespaces: with denyEgress the cluster adds the egress side in the source namespace it owns', () => {
    const objects = synth((s) => {
      const cluster = new ClusterBaseline(s, 'cluster', { namespaces: ['shop', 'monitoring'], denyEgress: true });
      cluster.addAllowFrom('shop', { fromNamespace: 'monitoring', fromLabels: { app: 'prometheus' }, toLabels: { app: 'api' }, ports: [Ports.tcp(9090)] });
    });
    const prometheus = pod('monitoring', { app: 'prometheus' });
    const api = pod('shop', { app: 'api' });
    expect(policy(objects, 'allow-prometheus-to-shop-api-egress', 'monitoring').spec.policyTypes).toEqual(['Egress']);
    expect(net(objects).canConnect(prometheus, api, 9090)).toBe(true);
    expect(net(objects).canConnect(prometheus, api, 9091)).toBe(false);
    expect(net(objects).canConnect(prometheus, pod('shop', { app: 'db' }), 9090)).toBe(false);
    expect(net(objects).canConnect(pod('monitoring', { app: 'grafana' }), api, 9090)).toBe(false);
  });

  test('Across Namespaces: the same through baseline(namespace).addAllowFrom', () => {
    const objects = synth((s) => {
      const cluster = new ClusterBaseline(s, 'cluster', { namespaces: ['shop', 'monitoring'], denyEgress: true });
      cluster.baseline('shop').addAllowFrom({ fromNamespace: 'monitoring' });
    });
    expect(net(objects).canConnect(pod('monitoring'), pod('shop'), 80)).toBe(true);
  });

  test('Across Namespaces: a source outside the cluster gets no egress policy unless told it denies egress', () => {
    const objects = synth((s) => {
      const cluster = new ClusterBaseline(s, 'cluster', { namespaces: ['shop'], denyEgress: true });
      cluster.addAllowFrom('shop', { fromNamespace: 'ingress-nginx' });
      cluster.addAllowFrom('shop', { fromNamespace: 'legacy', sourceDeniesEgress: true });
    });
    expect(objects.filter((o) => o.metadata.namespace === 'ingress-nginx')).toEqual([]);
    expect(policyNames(objects)).toContain('legacy/allow-all-pods-to-shop-all-pods-egress');
  });

  test('Across Namespaces: without denyEgress no egress policy anywhere', () => {
    const objects = synth((s) => {
      const cluster = new ClusterBaseline(s, 'cluster', { namespaces: ['shop', 'monitoring'] });
      cluster.addAllowFrom('shop', { fromNamespace: 'monitoring' });
    });
    expect(objects.every((o) => !o.spec.policyTypes.includes('Egress'))).toBe(true);
    expect(net(objects).canConnect(pod('monitoring'), pod('shop'))).toBe(true);
  });

  test('errors: unknown namespace, duplicate namespace, empty list, bad name, wrong sourceDeniesEgress', () => {
    const chart = () => new Chart(Testing.app(), 'chart');
    const cluster = new ClusterBaseline(chart(), 'cluster', { namespaces: ['shop'] });
    expect(() => cluster.baseline('nope')).toThrow(/^chart\/cluster: unknown namespace "nope": this ClusterBaseline has "shop"/);
    expect(() => new ClusterBaseline(chart(), 'c', { namespaces: ['a', 'a'] }))
      .toThrow(/^chart\/c: duplicate namespace "a" in namespaces\[1\]: namespaces\[0\] already lists it/);
    expect(() => new ClusterBaseline(chart(), 'c', { namespaces: [] })).toThrow(/^chart\/c: invalid namespaces \[\]/);
    expect(() => new ClusterBaseline(chart(), 'c', { namespaces: ['Bad'] })).toThrow(/^chart\/c: invalid namespaces\[0\] "Bad"/);
    // The error names the entry, not only the value.
    expect(() => new ClusterBaseline(chart(), 'c', { namespaces: ['shop', 'Bad'] })).toThrow(/^chart\/c: invalid namespaces\[1\] "Bad"/);
    const open = new ClusterBaseline(chart(), 'c', { namespaces: ['shop', 'ops'] });
    expect(() => open.addAllowFrom('shop', { fromNamespace: 'ops', sourceDeniesEgress: true }))
      .toThrow(/^chart\/c\/shop: sourceDeniesEgress is true, but namespace "ops" does not deny egress/);
  });
});
