import { Ports } from '../../src/model/ports';
import { AllowConnection } from '../../src/policies/allow-connection';
import { CrossNamespaceAllow } from '../../src/policies/cross-namespace-allow';
import { NewDeploymentAccess } from '../../src/policies/new-deployment-access';
import { newChart, policy, policyNames, synth } from '../support/kube';

describe('AllowConnection', () => {
  test('pods with toLabels accept pods with fromLabels (all labels must match: AND)', () => {
    const objects = synth((s) => new AllowConnection(s, 'c', {
      namespace: 'shop', fromLabels: { app: 'web', tier: 'frontend' }, toLabels: { app: 'api' }, ports: [Ports.tcp(8080)],
    }));
    expect(objects).toHaveLength(1);
    // Two labels make a lossy slug (keys dropped: { app: web-frontend } reads the same): the name carries a hash.
    expect(policy(objects, 'allow-web-frontend-to-api-11c7741fb8', 'shop').spec).toEqual({
      podSelector: { matchLabels: { app: 'api' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ podSelector: { matchLabels: { app: 'web', tier: 'frontend' } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }],
    });
  });

  test('egress: true lets the source connect to the target on the same ports', () => {
    const objects = synth((s) => new AllowConnection(s, 'c', {
      namespace: 'shop', fromLabels: { app: 'web' }, toLabels: { app: 'api' }, ports: [Ports.tcp(8080)], egress: true,
    }));
    expect(policyNames(objects)).toEqual(['shop/allow-web-to-api', 'shop/allow-web-to-api-egress']);
    expect(policy(objects, 'allow-web-to-api-egress').spec).toEqual({
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
  });

  test('names are deterministic whatever the label order', () => {
    const a = new AllowConnection(newChart(), 'c', { namespace: 'n', fromLabels: { tier: 'fe', app: 'web' }, toLabels: { app: 'api' } });
    const b = new AllowConnection(newChart(), 'c', { namespace: 'n', fromLabels: { app: 'web', tier: 'fe' }, toLabels: { app: 'api' } });
    expect(a.name).toBe(b.name);
  });
});

describe('CrossNamespaceAllow', () => {
  test('one peer with namespaceSelector AND podSelector, created in the target namespace', () => {
    const objects = synth((s) => new CrossNamespaceAllow(s, 'x', {
      fromNamespace: 'n1', fromLabels: { app: 'a' }, toNamespace: 'n2', toLabels: { app: 'b' }, ports: [Ports.tcp(80)],
    }));
    expect(objects).toHaveLength(1);
    const p = policy(objects, 'allow-n1-a-to-b', 'n2');
    expect(p.spec.podSelector).toEqual({ matchLabels: { app: 'b' } });
    expect(p.spec.policyTypes).toEqual(['Ingress']);
    expect(p.spec.ingress).toHaveLength(1);
    // exactly ONE peer: two peers would be OR (every pod of n1, or app=a in n2)
    expect(p.spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'n1' } },
      podSelector: { matchLabels: { app: 'a' } },
    }]);
    expect(p.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 80 }]);
  });

  test('defaults: every pod of the source namespace to every pod of the target', () => {
    const objects = synth((s) => new CrossNamespaceAllow(s, 'x', { fromNamespace: 'monitoring', toNamespace: 'shop' }));
    const p = policy(objects, 'allow-monitoring-all-pods-to-all-pods', 'shop');
    expect(p.spec.podSelector).toEqual({});
    expect(p.spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
        podSelector: {},
      }],
    }]);
  });

  test('the guide\'s networking/namespace label is one option away', () => {
    const p = synth((s) => new CrossNamespaceAllow(s, 'x', { fromNamespace: 'n1', toNamespace: 'n2', namespaceLabelKey: 'networking/namespace' }))[0];
    expect(p.spec.ingress[0].from[0].namespaceSelector).toEqual({ matchLabels: { 'networking/namespace': 'n1' } });
  });

  test('sourceEgress: true adds the egress side in the SOURCE namespace, to the target pods of the target namespace only', () => {
    const objects = synth((s) => new CrossNamespaceAllow(s, 'x', {
      fromNamespace: 'monitoring',
      fromLabels: { app: 'prometheus' },
      toNamespace: 'shop',
      toLabels: { app: 'api' },
      ports: [Ports.tcp(9090)],
      sourceEgress: true,
    }));
    expect(policyNames(objects)).toEqual(['monitoring/allow-prometheus-to-shop-api-egress', 'shop/allow-monitoring-prometheus-to-api']);
    expect(policy(objects, 'allow-prometheus-to-shop-api-egress', 'monitoring').spec).toEqual({
      podSelector: { matchLabels: { app: 'prometheus' } },
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app: 'api' } } }],
        ports: [{ protocol: 'TCP', port: 9090 }],
      }],
    });
  });

  test('without sourceEgress nothing is created in the source namespace', () => {
    const objects = synth((s) => new CrossNamespaceAllow(s, 'x', { fromNamespace: 'monitoring', toNamespace: 'shop' }));
    expect(objects.every((o) => o.metadata.namespace === 'shop')).toBe(true);
  });
});

describe('NewDeploymentAccess', () => {
  test('two policies with two different names', () => {
    const objects = synth((s) => new NewDeploymentAccess(s, 'new', { namespace: 'n2' }));
    expect(policyNames(objects)).toEqual(['n2/allow-ingress-from-new', 'n2/allow-new-ingress-from-namespace']);
    // every pod accepts the new pods
    expect(policy(objects, 'allow-ingress-from-new').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { 'networking/allow-all-connections': 'true' } } }] }],
    });
    // the new pods accept every pod of the namespace
    expect(policy(objects, 'allow-new-ingress-from-namespace').spec).toEqual({
      podSelector: { matchLabels: { 'networking/allow-all-connections': 'true' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: {} }] }],
    });
  });

  test('egress: true mirrors both on the initiating side', () => {
    const objects = synth((s) => new NewDeploymentAccess(s, 'new', { namespace: 'n2', label: 'example.com/new', egress: true }));
    expect(policyNames(objects)).toEqual([
      'n2/allow-ingress-from-new', 'n2/allow-ingress-from-new-egress',
      'n2/allow-new-ingress-from-namespace', 'n2/allow-new-ingress-from-namespace-egress',
    ]);
    expect(policy(objects, 'allow-ingress-from-new-egress').spec).toEqual({
      podSelector: { matchLabels: { 'example.com/new': 'true' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: {} }] }],
    });
    expect(policy(objects, 'allow-new-ingress-from-namespace-egress').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { 'example.com/new': 'true' } } }] }],
    });
  });
});
