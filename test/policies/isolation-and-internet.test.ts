import { Ports } from '../../src/model/ports';
import { AllowSameNamespace } from '../../src/policies/allow-same-namespace';
import { DefaultDenyIngress } from '../../src/policies/default-deny-ingress';
import { InternetAccess } from '../../src/policies/internet-access';
import { newChart, policy, synth } from '../support/kube';

describe('DefaultDenyIngress', () => {
  test('selects every pod, isolates ingress and admits nothing', () => {
    const objects = synth((s) => new DefaultDenyIngress(s, 'deny', { namespace: 'shop' }));
    expect(objects).toHaveLength(1);
    const p = policy(objects, 'default-deny-ingress', 'shop');
    expect(p.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
  });

  test('never touches egress', () => {
    const p = synth((s) => new DefaultDenyIngress(s, 'deny', { namespace: 'shop' }))[0];
    expect(p.spec.policyTypes).not.toContain('Egress');
    expect(p.spec.egress).toBeUndefined();
  });

  test('the name can be overridden', () => {
    const objects = synth((s) => new DefaultDenyIngress(s, 'deny', { namespace: 'shop', name: 'deny-all' }));
    expect(policy(objects, 'deny-all').spec.podSelector).toEqual({});
  });
});

describe('InternetAccess', () => {
  test('by default the pods labelled networking/allow-internet-access=true accept everything', () => {
    const p = policy(synth((s) => new InternetAccess(s, 'net', { namespace: 'shop' })), 'internet-access', 'shop');
    expect(p.spec.podSelector).toEqual({ matchLabels: { 'networking/allow-internet-access': 'true' } });
    expect(p.spec.policyTypes).toEqual(['Ingress']);
    // one empty rule: every source, every port
    expect(p.spec.ingress).toEqual([{}]);
  });

  test('with ports, every source on those ports only', () => {
    const p = synth((s) => new InternetAccess(s, 'net', { namespace: 'shop', ports: [Ports.tcp(443), Ports.tcpRange(8000, 8080)] }))[0];
    expect(p.spec.ingress).toEqual([{
      ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 8000, endPort: 8080 }],
    }]);
    expect(p.spec.ingress[0].from).toBeUndefined();
  });

  test('with sources, only those CIDRs (IPv4 and IPv6), one ipBlock peer each', () => {
    const p = synth((s) => new InternetAccess(s, 'net', {
      namespace: 'shop',
      podLabels: { app: 'web' },
      sources: ['203.0.113.0/24', '2001:db8::/32'],
      ports: [Ports.tcp(443)],
    }))[0];
    expect(p.spec.podSelector).toEqual({ matchLabels: { app: 'web' } });
    expect(p.spec.ingress).toEqual([{
      from: [{ ipBlock: { cidr: '203.0.113.0/24' } }, { ipBlock: { cidr: '2001:db8::/32' } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    }]);
  });

  test('exposes the labels to put on the pods', () => {
    const net = new InternetAccess(newChart(), 'net', { namespace: 'shop' });
    expect(net.podLabels).toEqual({ 'networking/allow-internet-access': 'true' });
    expect(net.name).toBe('internet-access');
  });
});

describe('AllowSameNamespace', () => {
  test('every pod accepts every pod of its namespace, and only of its namespace', () => {
    const objects = synth((s) => new AllowSameNamespace(s, 'same', { namespace: 'shop' }));
    expect(objects).toHaveLength(1);
    const p = policy(objects, 'allow-same-namespace', 'shop');
    expect(p.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      // a podSelector-only peer never leaves the policy's namespace
      ingress: [{ from: [{ podSelector: {} }] }],
    });
  });

  test('restricted to ports', () => {
    const p = synth((s) => new AllowSameNamespace(s, 'same', { namespace: 'shop', ports: [Ports.udp(53), Ports.named('http')] }))[0];
    expect(p.spec.ingress[0].ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 'http' }]);
  });

  test('egress: true adds the egress side on every pod, to pods of the namespace only', () => {
    const objects = synth((s) => new AllowSameNamespace(s, 'same', { namespace: 'shop', egress: true, ports: [Ports.tcp(80)] }));
    expect(objects).toHaveLength(2);
    const e = policy(objects, 'allow-same-namespace-egress', 'shop');
    expect(e.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 80 }] }],
    });
  });
});
