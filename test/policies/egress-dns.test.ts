import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { admitsEgress, chart, Destination, Labels, synthPolicies } from './egress-support';
import { AllowDnsEgress, AllowDnsEgressProps, EgressPresets } from '../../src';

const KUBE_DNS: Destination = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, port: 53, protocol: 'UDP' };

function dnsPolicy(props: Partial<AllowDnsEgressProps> = {}): any {
  const [policy] = synthPolicies((c) => new AllowDnsEgress(c, 'dns', { namespace: 'payments', ...props }));
  return policy;
}

describe('AllowDnsEgress defaults', () => {
  test('one rule: the kube-dns pods of kube-system (one peer, both selectors) on 53 over UDP and TCP', () => {
    expect(dnsPolicy()).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-dns-egress', namespace: 'payments' },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          }],
          ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
        }],
      },
    });
  });

  test('every pod of the namespace resolves names over UDP and TCP 53', () => {
    const policy = dnsPolicy();
    const podLabels: Labels[] = [{}, { app: 'web' }];
    for (const labels of podLabels) {
      expect(admitsEgress(policy, { namespace: 'payments', labels }, KUBE_DNS)).toBe(true);
      expect(admitsEgress(policy, { namespace: 'payments', labels }, { ...KUBE_DNS, protocol: 'TCP' })).toBe(true);
    }
    expect(admitsEgress(policy, { namespace: 'orders' }, KUBE_DNS)).toBe(false);
  });

  test('admits nothing but DNS on the DNS pods', () => {
    const policy = dnsPolicy();
    const from = { namespace: 'payments' };
    expect(admitsEgress(policy, from, { ...KUBE_DNS, port: 54 })).toBe(false);
    expect(admitsEgress(policy, from, { ...KUBE_DNS, port: 53, protocol: 'SCTP' })).toBe(false);
    expect(admitsEgress(policy, from, { ...KUBE_DNS, port: 443, protocol: 'TCP' })).toBe(false);
    // Another pod of kube-system, say the API server's neighbours: not admitted.
    expect(admitsEgress(policy, from, { ...KUBE_DNS, labels: { component: 'etcd' } })).toBe(false);
    // A pod that calls itself kube-dns elsewhere (the AND of one peer, not the OR of two).
    expect(admitsEgress(policy, from, { ...KUBE_DNS, namespace: 'payments' })).toBe(false);
    expect(admitsEgress(policy, from, { ...KUBE_DNS, namespace: 'attacker' })).toBe(false);
    // Kyverno's mistake: a forged `name: kube-system` label on another namespace does not count.
    expect(admitsEgress(policy, from, { ...KUBE_DNS, namespace: 'attacker', namespaceLabels: { name: 'kube-system' } })).toBe(false);
    // Addresses, including a public resolver: not admitted.
    expect(admitsEgress(policy, from, { ip: '8.8.8.8', port: 53, protocol: 'UDP' })).toBe(false);
  });

  test('the engine behind these tests tells one AND peer from two OR peers', () => {
    const split = dnsPolicy();
    const peer = split.spec.egress[0].to[0];
    split.spec.egress[0].to = [{ namespaceSelector: peer.namespaceSelector }, { podSelector: peer.podSelector }];
    new NetworkPolicy(split).validate();
    expect(admitsEgress(split, { namespace: 'payments' }, { ...KUBE_DNS, labels: { component: 'etcd' } })).toBe(true);
    expect(admitsEgress(split, { namespace: 'payments' }, { ...KUBE_DNS, namespace: 'payments' })).toBe(true);
  });

  test('the schema check behind these tests rejects the guide\'s nested policyTypes', () => {
    const broken = dnsPolicy();
    broken.spec.policyTypes = [{ Egress: broken.spec.egress }];
    expect(() => new NetworkPolicy(broken).validate()).toThrow();
  });

  test('exposes its name, policy and defaults', () => {
    const dns = new AllowDnsEgress(chart(), 'dns', { namespace: 'payments' });
    expect(dns.name).toBe('allow-dns-egress');
    expect(dns.policy.metadata.namespace).toBe('payments');
    expect(AllowDnsEgress.DEFAULT_DNS_NAMESPACE).toBe('kube-system');
    expect(AllowDnsEgress.DEFAULT_DNS_POD_LABELS).toEqual({ 'k8s-app': 'kube-dns' });
    expect(AllowDnsEgress.DEFAULT_PORT).toBe(53);
  });
});

describe('AllowDnsEgress options', () => {
  test('podLabels narrows the pods that may resolve names', () => {
    const policy = dnsPolicy({ podLabels: { app: 'web' } });
    expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'web' } });
    expect(admitsEgress(policy, { namespace: 'payments', labels: { app: 'web' } }, KUBE_DNS)).toBe(true);
    expect(admitsEgress(policy, { namespace: 'payments', labels: { app: 'db' } }, KUBE_DNS)).toBe(false);
  });

  test('another DNS setup: OpenShift DNS pods on 5353', () => {
    const policy = dnsPolicy({
      dnsNamespace: 'openshift-dns',
      dnsPodLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' },
      port: 5353,
    });
    const dns: Destination = {
      namespace: 'openshift-dns', labels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, port: 5353, protocol: 'UDP',
    };
    expect(policy.spec.egress[0].ports).toEqual([{ protocol: 'UDP', port: 5353 }, { protocol: 'TCP', port: 5353 }]);
    expect(admitsEgress(policy, { namespace: 'payments' }, dns)).toBe(true);
    expect(admitsEgress(policy, { namespace: 'payments' }, { ...dns, protocol: 'TCP' })).toBe(true);
    expect(admitsEgress(policy, { namespace: 'payments' }, { ...dns, port: 53 })).toBe(false);
    expect(admitsEgress(policy, { namespace: 'payments' }, KUBE_DNS)).toBe(false);
  });

  test('an empty dnsPodLabels admits every pod of the DNS namespace, and only that namespace', () => {
    const policy = dnsPolicy({ dnsNamespace: 'dns', dnsPodLabels: {} });
    expect(policy.spec.egress[0].to).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns' } }, podSelector: {} },
    ]);
    expect(admitsEgress(policy, { namespace: 'payments' }, { namespace: 'dns', labels: { any: 'pod' }, port: 53, protocol: 'UDP' })).toBe(true);
    expect(admitsEgress(policy, { namespace: 'payments' }, KUBE_DNS)).toBe(false);
  });

  test('dnsCidrs adds NodeLocal DNSCache and IPv6 addresses next to the DNS pods', () => {
    const policy = dnsPolicy({ dnsCidrs: [EgressPresets.NODE_LOCAL_DNS_IPV4, 'fd00:10:96::a/128'] });
    expect(policy.spec.egress).toEqual([{
      to: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        },
        { ipBlock: { cidr: '169.254.20.10/32' } },
        { ipBlock: { cidr: 'fd00:10:96::a/128' } },
      ],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    }]);
    const from = { namespace: 'payments' };
    for (const protocol of ['UDP', 'TCP'] as const) {
      expect(admitsEgress(policy, from, { ip: '169.254.20.10', port: 53, protocol })).toBe(true);
      expect(admitsEgress(policy, from, { ip: 'fd00:10:96::a', port: 53, protocol })).toBe(true);
      expect(admitsEgress(policy, from, { ...KUBE_DNS, protocol })).toBe(true);
    }
    expect(admitsEgress(policy, from, { ip: '169.254.20.11', port: 53, protocol: 'UDP' })).toBe(false);
    expect(admitsEgress(policy, from, { ip: '169.254.20.10', port: 80, protocol: 'TCP' })).toBe(false);
  });

  test('allowClusterDnsPods: false keeps only the addresses', () => {
    const policy = dnsPolicy({ allowClusterDnsPods: false, dnsCidrs: ['169.254.20.10/32'] });
    expect(policy.spec.egress[0].to).toEqual([{ ipBlock: { cidr: '169.254.20.10/32' } }]);
    expect(admitsEgress(policy, { namespace: 'payments' }, KUBE_DNS)).toBe(false);
  });

  test('a custom name', () => {
    expect(dnsPolicy({ name: 'dns' }).metadata.name).toBe('dns');
  });
});

describe('AllowDnsEgress errors name the construct path and the bad value', () => {
  test.each([
    [{ namespace: 'Payments' }, /^test\/dns: invalid namespace "Payments"/],
    [{ dnsNamespace: 'kube_system' }, /^test\/dns: invalid dnsNamespace "kube_system"/],
    [{ podLabels: { app: 'has space' } }, /^test\/dns: invalid label value "has space" for key "app" in podLabels/],
    [{ podLabels: { '-app': 'web' } }, /^test\/dns: invalid label key "-app" in podLabels/],
    [{ dnsPodLabels: { 'k8s-app': 'kube dns' } }, /^test\/dns: invalid label value "kube dns" for key "k8s-app" in dnsPodLabels/],
    [{ dnsCidrs: ['169.254.20.10/33'] }, /^test\/dns: invalid CIDR "169.254.20.10\/33" in dnsCidrs\[0\]/],
    [{ dnsCidrs: ['300.1.1.1/32'] }, /^test\/dns: invalid CIDR "300.1.1.1\/32" in dnsCidrs\[0\]/],
    [{ dnsCidrs: ['169.254.020.010/32'] }, /^test\/dns: invalid CIDR "169.254.020.010\/32" in dnsCidrs\[0\]: it has leading zeros.*did you mean "169.254.20.10\/32"\?/],
    [{ dnsCidrs: ['::ffff:169.254.20.10/128'] }, /^test\/dns: invalid CIDR "::ffff:169.254.20.10\/128" in dnsCidrs\[0\]: it is an IPv4-mapped IPv6 CIDR.*did you mean "169.254.20.10\/32"\?/],
    [{ dnsCidrs: ['169.254.20.10'] }, /^test\/dns: invalid CIDR "169.254.20.10" in dnsCidrs\[0\]/],
    [{ dnsCidrs: ['169.254.20.10/32', '10.96.0.10/8'] }, /^test\/dns: invalid CIDR "10.96.0.10\/8" in dnsCidrs\[1\]: host bits are set; did you mean "10.0.0.0\/8"\?/],
    [{ dnsCidrs: ['fd00::1::/64'] }, /^test\/dns: invalid CIDR "fd00::1::\/64" in dnsCidrs\[0\]/],
    [{ dnsCidrs: ['fd00::/129'] }, /^test\/dns: invalid CIDR "fd00::\/129" in dnsCidrs\[0\]/],
    [{ dnsCidrs: 'x' as any }, /^test\/dns: invalid dnsCidrs "x"/],
    [{ port: 0 }, /^test\/dns: invalid port 0 in port/],
    [{ port: 65536 }, /^test\/dns: invalid port 65536 in port/],
    [{ port: 53.5 }, /^test\/dns: invalid port 53.5 in port/],
    [{ allowClusterDnsPods: false }, /^test\/dns: allowClusterDnsPods is false and dnsCidrs is empty/],
    [{ name: 'DNS' }, /^test\/dns: invalid policy name "DNS"/],
  ])('rejects %j', (props, message) => {
    expect(() => new AllowDnsEgress(chart(), 'dns', { namespace: 'payments', ...props })).toThrow(message);
  });

  test('two in one namespace need different names', () => {
    const c = chart();
    new AllowDnsEgress(c, 'dns', { namespace: 'payments' });
    expect(() => new AllowDnsEgress(c, 'dns2', { namespace: 'payments', dnsCidrs: ['169.254.20.10/32'] }))
      .toThrow(/^test\/dns2: duplicate NetworkPolicy name "allow-dns-egress" in namespace "payments": test\/dns\/Policy/);
    expect(() => new AllowDnsEgress(c, 'dns3', { namespace: 'payments', name: 'allow-node-local-dns' })).not.toThrow();
  });
});
