import { admitsEgress, chart, isolatesEgress, Labels, synthPolicies } from './egress-support';
import { DefaultDenyEgress } from '../../src';
import { internet, net, pod } from '../engine/support';

describe('DefaultDenyEgress', () => {
  test('selects every pod of the namespace, governs egress only and admits nothing', () => {
    const [policy] = synthPolicies((c) => new DefaultDenyEgress(c, 'deny', { namespace: 'payments' }));
    expect(policy).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-egress', namespace: 'payments' },
      spec: { podSelector: {}, policyTypes: ['Egress'] },
    });
  });

  test('isolates egress of every pod of its namespace, and of no other namespace', () => {
    const [policy] = synthPolicies((c) => new DefaultDenyEgress(c, 'deny', { namespace: 'payments' }));
    const podLabels: Labels[] = [{}, { app: 'web' }, { 'networking/allow-internet-egress': 'true' }];
    for (const labels of podLabels) {
      expect(isolatesEgress(policy, { namespace: 'payments', labels })).toBe(true);
      // Egress only: the pod's ingress stays open to everyone.
      expect(net([policy]).isolatedForIngress(pod('payments', labels))).toBe(false);
      expect(net([policy]).accepts(pod('payments', labels), internet)).toBe(true);
      expect(admitsEgress(policy, { namespace: 'payments', labels }, { ip: '8.8.8.8', port: 443 })).toBe(false);
      expect(admitsEgress(policy, { namespace: 'payments', labels },
        { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, port: 53, protocol: 'UDP' })).toBe(false);
    }
    expect(isolatesEgress(policy, { namespace: 'other' })).toBe(false);
  });

  test('exposes its name and policy, and takes another name', () => {
    const c = chart();
    const deny = new DefaultDenyEgress(c, 'deny', { namespace: 'payments', name: 'deny-all-out' });
    expect(deny.name).toBe('deny-all-out');
    expect(deny.policy.metadata.name).toBe('deny-all-out');
    expect(DefaultDenyEgress.DEFAULT_NAME).toBe('default-deny-egress');
  });

  test('two in one namespace fail with a duplicate-name error naming both paths', () => {
    const c = chart();
    new DefaultDenyEgress(c, 'first', { namespace: 'payments' });
    expect(() => new DefaultDenyEgress(c, 'second', { namespace: 'payments' }))
      .toThrow(/^test\/second: duplicate NetworkPolicy name "default-deny-egress" in namespace "payments": test\/first\/Policy already creates it/);
  });

  test('one per namespace is fine', () => {
    const policies = synthPolicies((c) => {
      new DefaultDenyEgress(c, 'a', { namespace: 'payments' });
      new DefaultDenyEgress(c, 'b', { namespace: 'orders' });
    });
    expect(policies.map((p) => p.metadata.namespace)).toEqual(['payments', 'orders']);
  });

  test.each([
    ['Payments', /^test\/deny: invalid namespace "Payments"/],
    ['', /^test\/deny: invalid namespace ""/],
    ['a.b', /^test\/deny: invalid namespace "a.b"/],
  ])('rejects namespace %j', (namespace, message) => {
    expect(() => new DefaultDenyEgress(chart(), 'deny', { namespace })).toThrow(message);
  });

  test('rejects a bad name', () => {
    expect(() => new DefaultDenyEgress(chart(), 'deny', { namespace: 'payments', name: 'Deny_All' }))
      .toThrow(/^test\/deny: invalid policy name "Deny_All"/);
  });
});
