import { admitsEgress, chart, Destination, synthPolicies } from './egress-support';
import { EgressPresets, InternetEgress, InternetEgressProps, Ports, Protocol } from '../../src';

const GATED = { namespace: 'payments', labels: { 'networking/allow-internet-egress': 'true' } };

function internetPolicy(props: Partial<InternetEgressProps> = {}): any {
  const [policy] = synthPolicies((c) => new InternetEgress(c, 'internet', { namespace: 'payments', ...props }));
  return policy;
}

const to = (ip: string, port = 443, protocol: Destination['protocol'] = 'TCP'): Destination => ({ ip, port, protocol });

describe('EgressPresets', () => {
  test('lists the private, carrier-grade NAT and link-local ranges of both families', () => {
    expect(EgressPresets.PRIVATE_IPV4).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16',
      '168.63.129.16/32', '0.0.0.0/8', '192.0.0.0/24', '198.18.0.0/15', '240.0.0.0/4']);
    expect(EgressPresets.PRIVATE_IPV6).toEqual(['fc00::/7', 'fe80::/10', '64:ff9b::/96', '64:ff9b:1::/48', '2002::/16']);
    expect(EgressPresets.PRIVATE).toEqual([...EgressPresets.PRIVATE_IPV4, ...EgressPresets.PRIVATE_IPV6]);
    expect(EgressPresets.ANY_IPV4).toBe('0.0.0.0/0');
    expect(EgressPresets.ANY_IPV6).toBe('::/0');
    expect(EgressPresets.CLOUD_METADATA_IPV4).toBe('169.254.169.254/32');
  });

  test('cannot be changed by a caller', () => {
    expect(() => EgressPresets.PRIVATE_IPV4.push('8.8.8.8/32')).toThrow(TypeError);
    expect(() => (InternetEgress.DEFAULT_POD_LABELS as any).x = 'y').toThrow(TypeError);
  });
});

describe('InternetEgress defaults', () => {
  test('label-gated egress to every address but the default exclusions, every port', () => {
    expect(internetPolicy()).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-internet-egress', namespace: 'payments' },
      spec: {
        podSelector: { matchLabels: { 'networking/allow-internet-egress': 'true' } },
        policyTypes: ['Egress'],
        egress: [{
          to: [
            {
              ipBlock: {
                cidr: '0.0.0.0/0',
                except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16',
                  '168.63.129.16/32', '0.0.0.0/8', '192.0.0.0/24', '198.18.0.0/15', '240.0.0.0/4'],
              },
            },
            { ipBlock: { cidr: '::/0', except: ['fc00::/7', 'fe80::/10', '64:ff9b::/96', '64:ff9b:1::/48', '2002::/16'] } },
          ],
        }],
      },
    });
  });

  test.each([
    '8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '169.253.255.255',
    '2001:4860:4860::8888', '2606:4700::1111',
  ])('a labelled pod reaches the public address %s on any port', (ip) => {
    const policy = internetPolicy();
    expect(admitsEgress(policy, GATED, to(ip, 443))).toBe(true);
    expect(admitsEgress(policy, GATED, to(ip, 53, 'UDP'))).toBe(true);
  });

  test.each([
    '10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '100.127.255.255',
    '169.254.169.254', '169.254.20.10', 'fd00::1', 'fc00::1', 'fe80::1',
  ])('no pod reaches the private address %s', (ip) => {
    expect(admitsEgress(internetPolicy(), GATED, to(ip))).toBe(false);
  });

  test('pods without the label, or of another namespace, are not selected', () => {
    const policy = internetPolicy();
    expect(admitsEgress(policy, { namespace: 'payments' }, to('8.8.8.8'))).toBe(false);
    expect(admitsEgress(policy, { namespace: 'payments', labels: { 'networking/allow-internet-egress': 'false' } }, to('8.8.8.8'))).toBe(false);
    expect(admitsEgress(policy, { ...GATED, namespace: 'orders' }, to('8.8.8.8'))).toBe(false);
  });

  test('cluster pods are not admitted by selector', () => {
    expect(admitsEgress(internetPolicy(), GATED, { namespace: 'payments', labels: {}, port: 443 })).toBe(false);
  });

  test('exposes its name, policy and defaults', () => {
    const internet = new InternetEgress(chart(), 'internet', { namespace: 'payments' });
    expect(internet.name).toBe('allow-internet-egress');
    expect(internet.policy.metadata.name).toBe('allow-internet-egress');
    expect(InternetEgress.DEFAULT_POD_LABELS).toEqual({ 'networking/allow-internet-egress': 'true' });
  });
});

describe('InternetEgress options', () => {
  test('ports limit the connections', () => {
    const policy = internetPolicy({ ports: [Ports.tcp(443), Ports.udpRange(3478, 3480)] });
    expect(policy.spec.egress[0].ports).toEqual([
      { protocol: 'TCP', port: 443 },
      { protocol: 'UDP', port: 3478, endPort: 3480 },
    ]);
    expect(admitsEgress(policy, GATED, to('8.8.8.8', 443))).toBe(true);
    expect(admitsEgress(policy, GATED, to('8.8.8.8', 3479, 'UDP'))).toBe(true);
    expect(admitsEgress(policy, GATED, to('8.8.8.8', 80))).toBe(false);
    expect(admitsEgress(policy, GATED, to('8.8.8.8', 443, 'UDP'))).toBe(false);
    expect(admitsEgress(policy, GATED, to('10.0.0.1', 443))).toBe(false);
  });

  test('other podLabels gate it', () => {
    const policy = internetPolicy({ podLabels: { egress: 'internet', app: 'crawler' } });
    expect(policy.spec.podSelector).toEqual({ matchLabels: { egress: 'internet', app: 'crawler' } });
    expect(admitsEgress(policy, { namespace: 'payments', labels: { egress: 'internet', app: 'crawler' } }, to('8.8.8.8'))).toBe(true);
    expect(admitsEgress(policy, { namespace: 'payments', labels: { egress: 'internet' } }, to('8.8.8.8'))).toBe(false);
  });

  test('except replaces the default exclusions, each entry going with the cidr of its family', () => {
    const policy = internetPolicy({ except: ['2001:db8::/32', '203.0.113.0/24'] });
    expect(policy.spec.egress[0].to).toEqual([
      { ipBlock: { cidr: '0.0.0.0/0', except: ['203.0.113.0/24'] } },
      { ipBlock: { cidr: '::/0', except: ['2001:db8::/32'] } },
    ]);
    expect(admitsEgress(policy, GATED, to('203.0.113.9'))).toBe(false);
    expect(admitsEgress(policy, GATED, to('2001:db8::1'))).toBe(false);
    expect(admitsEgress(policy, GATED, to('10.0.0.1'))).toBe(true);
    expect(admitsEgress(policy, GATED, to('8.8.8.8'))).toBe(true);
  });

  test('the defaults can be kept and extended', () => {
    const policy = internetPolicy({ except: [...EgressPresets.PRIVATE, '203.0.113.0/24'] });
    expect(policy.spec.egress[0].to[0].ipBlock.except).toEqual([...EgressPresets.PRIVATE_IPV4, '203.0.113.0/24']);
    expect(admitsEgress(policy, GATED, to('203.0.113.9'))).toBe(false);
    expect(admitsEgress(policy, GATED, to('169.254.169.254'))).toBe(false);
  });

  test('an empty except excludes nothing', () => {
    const policy = internetPolicy({ except: [] });
    expect(policy.spec.egress[0].to).toEqual([{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }]);
    expect(admitsEgress(policy, GATED, to('10.0.0.1'))).toBe(true);
  });

  test('narrow cidrs get only the default exclusions that lie inside them', () => {
    const policy = internetPolicy({ cidrs: ['203.0.113.0/24', '160.0.0.0/4', '2001:db8::/32'] });
    expect(policy.spec.egress[0].to).toEqual([
      { ipBlock: { cidr: '203.0.113.0/24' } },
      { ipBlock: { cidr: '160.0.0.0/4', except: ['172.16.0.0/12', '169.254.0.0/16', '168.63.129.16/32'] } },
      { ipBlock: { cidr: '2001:db8::/32' } },
    ]);
    expect(admitsEgress(policy, GATED, to('203.0.113.9'))).toBe(true);
    expect(admitsEgress(policy, GATED, to('2001:db8::1'))).toBe(true);
    expect(admitsEgress(policy, GATED, to('165.1.1.1'))).toBe(true);
    expect(admitsEgress(policy, GATED, to('172.16.0.1'))).toBe(false);
    expect(admitsEgress(policy, GATED, to('8.8.8.8'))).toBe(false);
    expect(admitsEgress(policy, GATED, to('2606:4700::1111'))).toBe(false);
  });

  test('a user except goes only with the cidrs that hold it', () => {
    const policy = internetPolicy({ cidrs: ['203.0.113.0/24', '198.51.100.0/24'], except: ['198.51.100.128/25'] });
    expect(policy.spec.egress[0].to).toEqual([
      { ipBlock: { cidr: '203.0.113.0/24' } },
      { ipBlock: { cidr: '198.51.100.0/24', except: ['198.51.100.128/25'] } },
    ]);
  });

  test('CIDRs are written in canonical form and exclusions compared as networks', () => {
    const policy = internetPolicy({ cidrs: ['2001:DB8::/32'], except: ['2001:db8:0:0::/48', '2001:0db8::/48'] });
    expect(policy.spec.egress[0].to).toEqual([{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8::/48'] } }]);
  });

  test('a private cidr is admitted only on purpose, with an explicit except', () => {
    expect(() => internetPolicy({ cidrs: ['10.1.0.0/16'] }))
      .toThrow(/^test\/internet: cidrs\[0\] "10.1.0.0\/16" lies inside the default exclusion "10.0.0.0\/8", a range that is not the internet; to admit it on purpose, give except/);
    expect(() => internetPolicy({ cidrs: ['169.254.169.254/32'] })).toThrow(/default exclusion "169.254.0.0\/16"/);
    const policy = internetPolicy({ cidrs: ['10.1.0.0/16'], except: [] });
    expect(admitsEgress(policy, GATED, to('10.1.2.3'))).toBe(true);
    expect(admitsEgress(policy, GATED, to('10.2.0.1'))).toBe(false);
  });
});

describe('InternetEgress errors name the construct path and the bad value', () => {
  test.each([
    [{ namespace: 'Payments' }, /^test\/internet: invalid namespace "Payments"/],
    [{ podLabels: {} }, /^test\/internet: podLabels is empty/],
    [{ podLabels: { 'networking/allow-internet-egress': 'yes please' } }, /^test\/internet: invalid label value "yes please" for key "networking\/allow-internet-egress" in podLabels/],
    [{ podLabels: { 'Bad_Prefix/x': 'true' } }, /^test\/internet: invalid label key "Bad_Prefix\/x" in podLabels/],
    [{ ports: [] }, /^test\/internet: ports is empty/],
    [{ ports: [{ port: 0 }] }, /^test\/internet: invalid port 0 in ports\[0\]/],
    [{ ports: [Ports.tcp(443), { port: 90, endPort: 80 }] }, /^test\/internet: invalid ports\[1\] .*endPort 80 is below port 90/],
    [{ ports: [{ port: 443, protocol: 'ICMP' as Protocol }] }, /^test\/internet: invalid protocol "ICMP" in ports\[0\]/],
    [{ ports: [Ports.named('https')] }, /^test\/internet: invalid ports\[0\] \{"name":"https","protocol":"TCP"\}: a named port never matches an address outside the cluster/],
    [{ cidrs: [] }, /^test\/internet: invalid cidrs \[\]: give at least one CIDR/],
    [{ cidrs: ['0.0.0.0/33'] }, /^test\/internet: invalid CIDR "0.0.0.0\/33" in cidrs\[0\]/],
    [{ cidrs: ['8.8.8.8/8'] }, /^test\/internet: invalid CIDR "8.8.8.8\/8" in cidrs\[0\]: host bits are set; did you mean "8.0.0.0\/8"\?/],
    [{ cidrs: ['0.0.0.0/0', 'not-a-cidr'] }, /^test\/internet: invalid CIDR "not-a-cidr" in cidrs\[1\]/],
    [{ cidrs: ['2001:db8::/129'] }, /^test\/internet: invalid CIDR "2001:db8::\/129" in cidrs\[0\]/],
    [{ cidrs: ['2001:db8::1/32'] }, /^test\/internet: invalid CIDR "2001:db8::1\/32" in cidrs\[0\]: host bits are set; did you mean "2001:db8::\/32"\?/],
    [{ except: ['10.0.0.0/33'] }, /^test\/internet: invalid CIDR "10.0.0.0\/33" in except\[0\]/],
    // Forms that software reads differently are refused with the API server's reading.
    [{ cidrs: ['010.0.0.0/8', '::ffff:0:0/96'] },
      /^test\/internet: invalid CIDR "010.0.0.0\/8" in cidrs\[0\]: it has leading zeros, which the API server reads as decimal \(10.0.0.0\/8\) and C libraries as octal \(8.0.0.0\/8\); did you mean "10.0.0.0\/8"\?/],
    [{ cidrs: ['::ffff:0:0/96'] }, /^test\/internet: invalid CIDR "::ffff:0:0\/96" in cidrs\[0\]: it is an IPv4-mapped IPv6 CIDR, which the API server reads as 0.0.0.0\/0 .*did you mean "0.0.0.0\/0"\?/],
    [{ except: ['::ffff:169.254.169.254/128'] }, /invalid CIDR "::ffff:169.254.169.254\/128" in except\[0\]: .*did you mean "169.254.169.254\/32"\?/],
    [{ cidrs: ['0x0a.0.0.0/8'], except: [] }, /invalid CIDR "0x0a.0.0.0\/8" in cidrs\[0\]: it has the hexadecimal part "0x0a"; .*C libraries read it as 10.0.0.0\/8: did you mean "10.0.0.0\/8"\?/],
    [{ cidrs: ['167772160/8'], except: [] }, /invalid CIDR "167772160\/8" in cidrs\[0\]: it is a single number, .*did you mean "10.0.0.0\/8"\?/],
    [{ cidrs: ['1.2.3/24'], except: [] }, /invalid CIDR "1.2.3\/24" in cidrs\[0\]: it has 3 dotted parts; an IPv4 address has exactly four; C libraries read it as 1.2.0.0\/24/],
    [{ cidrs: ['10.0.0.0/08'], except: [] }, /invalid CIDR "10.0.0.0\/08" in cidrs\[0\]: it has leading zeros.*did you mean "10.0.0.0\/8"\?/],
    [{ cidrs: ['fe80::1%eth0/64'], except: [] }, /invalid CIDR "fe80::1%eth0\/64" in cidrs\[0\]: it has the zone id "%eth0"/],
    [{ cidrs: [' 8.8.8.0/24'], except: [] }, /invalid CIDR " 8.8.8.0\/24" in cidrs\[0\]: it contains white space/],
    [{ cidrs: [''], except: [] }, /invalid CIDR "" in cidrs\[0\]: it has no prefix length/],
    [{ except: ['fc00::/7', 'gggg::/16'] }, /^test\/internet: invalid CIDR "gggg::\/16" in except\[1\]/],
    [{ except: 'x' as any }, /^test\/internet: invalid except "x"/],
    [{ cidrs: ['203.0.113.0/24'], except: ['198.51.100.0/24'] },
      /^test\/internet: invalid except "198.51.100.0\/24" in except\[0\]: it must lie strictly inside one of the IPv4 cidrs \["203.0.113.0\/24"\]/],
    [{ cidrs: ['203.0.113.0/24'], except: ['203.0.113.0/24'] }, /^test\/internet: cidrs\[0\] "203.0.113.0\/24" lies inside except\[0\] "203.0.113.0\/24", so the exclusion would not apply/],
    [{ cidrs: ['203.0.113.0/24'], except: ['203.0.0.0/16'] }, /^test\/internet: cidrs\[0\] "203.0.0.0\/16"|cidrs\[0\] "203.0.113.0\/24" lies inside except\[0\] "203.0.0.0\/16"/],
    [{ cidrs: ['2001:db8::/32'], except: ['2001:db9::/48'] }, /^test\/internet: invalid except "2001:db9::\/48" in except\[0\]: it must lie strictly inside one of the IPv6 cidrs \["2001:db8::\/32"\]/],
    [{ cidrs: ['0.0.0.0/0'], except: ['10.0.0.0/8', 'fc00::/7'] },
      /^test\/internet: invalid except "fc00::\/7" in except\[1\]: it must lie strictly inside a cidr, and there is no IPv6 cidr in \["0.0.0.0\/0"\]/],
    [{ name: 'Internet' }, /^test\/internet: invalid policy name "Internet"/],
  ])('rejects %j', (props, message) => {
    expect(() => new InternetEgress(chart(), 'internet', { namespace: 'payments', ...props })).toThrow(message);
  });
});
