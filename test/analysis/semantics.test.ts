/**
 * NetworkPolicy semantics, case by case, in the style of the Kubernetes e2e netpol suite: each case
 * states the full 9x9 truth table over namespaces x, y, z and pods a, b, c, and checks both the
 * pairwise path (canConnect) and the bulk path (matrix).
 */
import { cluster, expectTable, pod, policy, TruthTable } from './e2e-cluster';
import { Reachability } from '../../src/analysis/reachability';
import { Protocol } from '../../src/model/protocol';

const denyAllIngress = (ns: string) => policy(ns, 'deny-all', { podSelector: {}, policyTypes: ['Ingress'] });
const denyAllEgress = (ns: string) => policy(ns, 'deny-all-egress', { podSelector: {}, policyTypes: ['Egress'] });
const onPod = (p: string) => ({ matchLabels: { pod: p } });
const nsNamed = (n: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } });

describe('isolation', () => {
  test('no policies: everything is allowed', () => {
    expectTable(cluster(), new TruthTable(true));
  });

  test('deny-all ingress in x isolates every pod of x and only x', () => {
    expectTable([...cluster(), denyAllIngress('x')], new TruthTable(true).expect('*', 'x/*', false).withSelf());
  });

  test('a policy selecting only x/a isolates only x/a', () => {
    expectTable([...cluster(), policy('x', 'isolate-a', { podSelector: onPod('a'), policyTypes: ['Ingress'] })],
      new TruthTable(true).expect('*', 'x/a', false).withSelf());
  });

  test('deny-all egress in x blocks what x sends, not what x receives', () => {
    expectTable([...cluster(), denyAllEgress('x')], new TruthTable(true).expect('x/*', '*', false).withSelf());
  });

  test('policyTypes [Egress] with ingress rules does not isolate ingress', () => {
    expectTable([...cluster(), policy('x', 'egress-only', { podSelector: {}, policyTypes: ['Egress'], egress: [{}], ingress: [] })],
      new TruthTable(true));
  });

  test('missing policyTypes defaults to Ingress: an empty policy isolates ingress only', () => {
    expectTable([...cluster(), policy('x', 'no-types', { podSelector: {} })], new TruthTable(true).expect('*', 'x/*', false).withSelf());
  });

  test('missing policyTypes with egress rules defaults to Ingress AND Egress (ingress then admits nothing)', () => {
    const egressToY = policy('x', 'no-types', { podSelector: {}, egress: [{ to: [{ namespaceSelector: nsNamed('y') }] }] });
    expectTable([...cluster(), egressToY],
      new TruthTable(true).expect('*', 'x/*', false).expect('x/*', '*', false).expect('x/*', 'y/*', true).withSelf());
  });

  test('missing policyTypes with an empty egress list defaults to Ingress only', () => {
    expectTable([...cluster(), policy('x', 'no-types', { podSelector: {}, egress: [] })],
      new TruthTable(true).expect('*', 'x/*', false).withSelf());
  });

  test('a connection needs the source egress AND the destination ingress', () => {
    const xEgressToY = policy('x', 'to-y', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: nsNamed('y') }] }] });
    expectTable([...cluster(), xEgressToY, denyAllIngress('y')],
      new TruthTable(true).expect('x/*', '*', false).expect('*', 'y/*', false).withSelf());
  });

  test('policies add up: allowed when any policy selecting the pod admits it', () => {
    const fromB = policy('x', 'from-b', { podSelector: onPod('a'), policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: onPod('b') }] }] });
    const fromC = policy('x', 'from-c', { podSelector: onPod('a'), policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: onPod('c') }] }] });
    expectTable([...cluster(), fromB, fromC],
      new TruthTable(true).expect('*', 'x/a', false).expect('x/b', 'x/a', true).expect('x/c', 'x/a', true).withSelf());
  });
});

describe('rules and peers', () => {
  test('a rule with no peers and no ports admits everyone, the internet included', () => {
    const reach = expectTable([...cluster(), denyAllIngress('x'), policy('x', 'open-a', { podSelector: onPod('a'), policyTypes: ['Ingress'], ingress: [{}] })],
      new TruthTable(true).expect('*', 'x/*', false).expect('*', 'x/a', true).withSelf());
    expect(reach.canConnect({ ip: '198.51.100.7' }, { namespace: 'x', pod: 'a' }, { port: 9999, protocol: Protocol.UDP })).toBe(true);
  });

  test('a rule with ports but no peers admits everyone on those ports only', () => {
    const manifests = [...cluster(), policy('x', 'port-81', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 81 }] }] })];
    expectTable(manifests, new TruthTable(true).expect('*', 'x/*', false).withSelf(), 80);
    expectTable(manifests, new TruthTable(true), 81);
  });

  test('allow-from-same-namespace: a podSelector-only peer stays in the policy namespace', () => {
    expectTable([...cluster(), policy('x', 'same-ns', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] })],
      new TruthTable(true).expect('*', 'x/*', false).expect('x/*', 'x/*', true));
  });

  test('namespaceSelector alone admits every pod of the matching namespaces', () => {
    expectTable([...cluster(), policy('x', 'from-y', { podSelector: onPod('a'), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: nsNamed('y') }] }] })],
      new TruthTable(true).expect('*', 'x/a', false).expect('y/*', 'x/a', true).withSelf());
  });

  test('an empty namespaceSelector admits every namespace', () => {
    expectTable([...cluster(), policy('x', 'from-all-b', { podSelector: onPod('a'), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {}, podSelector: onPod('b') }] }] })],
      new TruthTable(true).expect('*', 'x/a', false).expect('*/b', 'x/a', true).withSelf());
  });

  test('namespaceSelector and podSelector in ONE peer is AND', () => {
    expectTable([...cluster(), policy('x', 'and', { podSelector: onPod('a'), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: nsNamed('y'), podSelector: onPod('b') }] }] })],
      new TruthTable(true).expect('*', 'x/a', false).expect('y/b', 'x/a', true).withSelf());
  });

  test('namespaceSelector and podSelector in TWO peers is OR', () => {
    expectTable([...cluster(), policy('x', 'or', { podSelector: onPod('a'), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: nsNamed('y') }, { podSelector: onPod('b') }] }] })],
      new TruthTable(true).expect('*', 'x/a', false).expect('y/*', 'x/a', true).expect('x/b', 'x/a', true).withSelf());
  });

  test('custom namespace labels are matched like any label', () => {
    expectTable([...cluster(), policy('x', 'from-ns-z', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'z' } } }] }] })],
      new TruthTable(true).expect('*', 'x/*', false).expect('z/*', 'x/*', true).withSelf());
  });
});

describe('matchExpressions', () => {
  test('NotIn on the namespace name and In on the pod label', () => {
    const p = policy('x', 'expr', {
      podSelector: onPod('a'),
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{
          namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['x'] }] },
          podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b', 'c'] }] },
        }],
      }],
    });
    expectTable([...cluster(), p], new TruthTable(true).expect('*', 'x/a', false).expect('y/b', 'x/a', true).expect('y/c', 'x/a', true)
      .expect('z/b', 'x/a', true).expect('z/c', 'x/a', true).withSelf());
  });

  test('NotIn matches pods without the key; Exists and DoesNotExist test the key only', () => {
    const manifests = [...cluster()];
    manifests.find((o) => o.metadata.name === 'c' && o.metadata.namespace === 'x').metadata.labels.team = 'blue';
    const p = policy('x', 'expr', {
      podSelector: { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'pod', operator: 'NotIn', values: ['a'] }, { key: 'pod', operator: 'Exists' }] } }] }],
    });
    // x/c carries team=blue so it is not selected (stays open); x/a and x/b accept x/b and x/c only.
    expectTable([...manifests, p], new TruthTable(true).expect('*', 'x/a', false).expect('*', 'x/b', false)
      .expect('x/b', 'x/a', true).expect('x/c', 'x/a', true).expect('x/b', 'x/b', true).expect('x/c', 'x/b', true).withSelf());
  });

  test('matchLabels and matchExpressions in one selector are ANDed', () => {
    const p = policy('x', 'both', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' }, matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['z'] }] } }] }],
    });
    expectTable([...cluster(), p], new TruthTable(true).expect('*', 'x/*', false).withSelf());
  });
});

describe('ports and protocols', () => {
  const only = (ports: any[]) => [...cluster(), policy('x', 'ports', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports }] })];
  const xClosed = () => new TruthTable(true).expect('*', 'x/*', false).withSelf();

  test('a numeric port admits that port only', () => {
    expectTable(only([{ port: 81 }]), new TruthTable(true), 81);
    expectTable(only([{ port: 81 }]), xClosed(), 80);
  });

  test('TCP is the default protocol; UDP and SCTP must be named', () => {
    expectTable(only([{ port: 80 }]), new TruthTable(true), 80, Protocol.TCP);
    expectTable(only([{ port: 80 }]), xClosed(), 80, Protocol.UDP);
    expectTable(only([{ port: 80, protocol: 'UDP' }]), new TruthTable(true), 80, Protocol.UDP);
    expectTable(only([{ port: 80, protocol: 'UDP' }]), xClosed(), 80, Protocol.TCP);
    expectTable(only([{ port: 80, protocol: 'SCTP' }]), new TruthTable(true), 80, Protocol.SCTP);
    expectTable(only([{ port: 80, protocol: 'SCTP' }]), xClosed(), 80, Protocol.UDP);
  });

  test('a protocol without a port admits every port of that protocol', () => {
    expectTable(only([{ protocol: 'UDP' }]), new TruthTable(true), 12345, Protocol.UDP);
    expectTable(only([{ protocol: 'UDP' }]), xClosed(), 80, Protocol.TCP);
  });

  test('endPort admits the whole range, ends included', () => {
    const m = only([{ port: 80, endPort: 81 }]);
    expectTable(m, new TruthTable(true), 80);
    expectTable(m, new TruthTable(true), 81);
    expectTable(m, xClosed(), 82);
    expectTable(only([{ port: 8000, endPort: 9000 }]), new TruthTable(true), 8443);
  });

  test('a named port is resolved against the destination pod (name AND protocol)', () => {
    const m = only([{ port: 'serve-81-tcp' }]);
    expectTable(m, new TruthTable(true), 81);
    expectTable(m, xClosed(), 80);
    expectTable(m, xClosed(), 81, Protocol.UDP);
    const udp = only([{ port: 'serve-81-udp', protocol: 'UDP' }]);
    expectTable(udp, new TruthTable(true), 81, Protocol.UDP);
    // The name exists only for UDP: a rule asking for it over TCP matches no container port.
    expectTable(only([{ port: 'serve-81-udp' }]), xClosed(), 81, Protocol.TCP);
  });

  test('a named port missing on the destination admits nothing', () => {
    const manifests = cluster();
    const xa = manifests.find((o) => o.kind === 'Pod' && o.metadata.namespace === 'x' && o.metadata.name === 'a');
    xa.spec.containers[0].ports = [{ name: 'web', containerPort: 8080 }];
    const m = [...manifests, policy('x', 'ports', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'serve-80-tcp' }] }] })];
    expectTable(m, new TruthTable(true).expect('*', 'x/a', false).withSelf(), 80);
  });

  test('egress named ports are resolved against the destination, and never match an external address', () => {
    const p = policy('x', 'egress-named', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'serve-81-tcp' }] }] });
    const reach = expectTable([...cluster(), p], new TruthTable(true), 81);
    expectTable([...cluster(), p], new TruthTable(true).expect('x/*', '*', false).withSelf(), 80);
    expect(reach.canConnect({ namespace: 'x', pod: 'a' }, { ip: '203.0.113.10' }, { port: 81 })).toBe(false);
    expect(reach.explain({ namespace: 'x', pod: 'a' }, { ip: '203.0.113.10' }, { port: 81 }).egress.reason)
      .toMatch(/named port never matches an address outside the cluster/);
  });
});

describe('ipBlock', () => {
  const egressTo = (ipBlock: any) => policy('x', 'egress-ip', { podSelector: onPod('a'), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock }] }] });

  test('cidr with except, IPv4', () => {
    const reach = Reachability.fromManifests([...cluster(), egressTo({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '192.168.1.0/24'] })]);
    const xa = { namespace: 'x', pod: 'a' };
    expect(reach.canConnect(xa, { ip: '203.0.113.10' })).toBe(true);
    expect(reach.canConnect(xa, { ip: '10.1.2.3' })).toBe(false);
    expect(reach.canConnect(xa, { ip: '192.168.1.9' })).toBe(false);
    expect(reach.canConnect(xa, { ip: '192.168.2.9' })).toBe(true);
    expect(reach.canConnect(xa, { ip: '2001:db8::1' })).toBe(false); // an IPv4 block does not match IPv6
  });

  test('ipBlock peers never match pods, even with 0.0.0.0/0', () => {
    expectTable([...cluster(), egressTo({ cidr: '0.0.0.0/0' })], new TruthTable(true).expect('x/a', '*', false).withSelf());
  });

  test('IPv6 blocks and IPv4-mapped addresses', () => {
    const reach = Reachability.fromManifests([...cluster(), egressTo({ cidr: '2001:db8::/32', except: ['2001:db8:dead::/48'] }),
      policy('x', 'egress-v4', { podSelector: onPod('a'), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '198.51.100.0/24' } }] }] })]);
    const xa = { namespace: 'x', pod: 'a' };
    expect(reach.canConnect(xa, { ip: '2001:db8:1::5' })).toBe(true);
    expect(reach.canConnect(xa, { ip: '2001:db8:dead::5' })).toBe(false);
    expect(reach.canConnect(xa, { ip: '2001:db9::1' })).toBe(false);
    // An IPv4-mapped address is refused as an input, with the IPv4 form to write.
    expect(() => reach.canConnect(xa, { ip: '::ffff:198.51.100.20' })).toThrow(/IPv4-mapped IPv6 address.*did you mean 198\.51\.100\.20\?/);
    expect(reach.canConnect(xa, { ip: '198.51.100.20' })).toBe(true);
  });

  describe('CIDRs read as the API server reads them, not as ipaddr.js or inet_aton', () => {
    const xa = { namespace: 'x', pod: 'a' };
    const reach = (ipBlock: any) => Reachability.fromManifests([...cluster(), egressTo(ipBlock)]);

    test('leading zeros are decimal: 010.0.0.0/8 is 10.0.0.0/8, not 8.0.0.0/8', () => {
      const r = reach({ cidr: '010.0.0.0/8' });
      expect(r.canConnect(xa, { ip: '10.1.2.3' })).toBe(true);
      expect(r.canConnect(xa, { ip: '8.1.2.3' })).toBe(false);
      expect(r.policies).toEqual(['x/egress-ip']);
    });

    test('::ffff:0:0/96 is every IPv4 address, ::ffff:169.254.169.254/128 the metadata address', () => {
      expect(reach({ cidr: '::ffff:0:0/96' }).canConnect(xa, { ip: '10.1.2.3' })).toBe(true);
      expect(reach({ cidr: '::ffff:0:0/96' }).canConnect(xa, { ip: '2001:db8::1' })).toBe(false);
      expect(reach({ cidr: '::ffff:169.254.169.254/128' }).canConnect(xa, { ip: '169.254.169.254' })).toBe(true);
      expect(reach({ cidr: '0.0.0.0/0', except: ['::ffff:10.0.0.0/104'] }).canConnect(xa, { ip: '10.1.2.3' })).toBe(false);
    });

    test('host bits are masked away, as the API server accepts them', () => {
      const r = reach({ cidr: '10.0.0.5/8' });
      expect(r.policies).toEqual(['x/egress-ip']);
      expect(r.canConnect(xa, { ip: '10.200.0.1' })).toBe(true);
      expect(r.canConnect(xa, { ip: '11.0.0.1' })).toBe(false);
    });

    test.each(['0x0a.0.0.0/8', '167772160/8', '10.0.0/8', 'fe80::1%eth0/64', ' 10.0.0.0/8'])('%j is rejected by the API server: the policy is left out', (cidr) => {
      const r = reach({ cidr });
      expect(r.policies).toEqual([]);
      expect(r.warnings.join('\n')).toMatch(/ERROR NP011 .*is not a CIDR/);
    });

    test('the except check compares the prefix lengths as written, as the API server does', () => {
      // ::ffff:0:0/96 (0.0.0.0/0 to Go, mask length 96) is not strictly wider than 10.0.0.0/8 (mask length 8).
      expect(reach({ cidr: '::ffff:0:0/96', except: ['10.0.0.0/8'] }).policies).toEqual([]);
    });

    test('addresses given to the engine are refused in the forms software reads differently', () => {
      const r = reach({ cidr: '10.0.0.0/8' });
      expect(() => r.canConnect(xa, { ip: '0x7f000001' })).toThrow(/single number.*C libraries read it as 127\.0\.0\.1/);
      expect(() => r.canConnect(xa, { ip: '010.1.2.3' })).toThrow(/leading zeros.*did you mean 10\.1\.2\.3\?/);
      expect(() => r.canConnect(xa, { ip: '10.1.2' })).toThrow(/3 dotted parts/);
      expect(() => r.matrix({ internetAddress: '::ffff:8.8.8.8' })).toThrow(/internetAddress "::ffff:8.8.8.8": .*did you mean 8\.8\.8\.8\?/);
    });
  });

  test('ingress from an ipBlock admits external sources only', () => {
    const p = policy('x', 'from-ip', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }] });
    const reach = expectTable([...cluster(), p], new TruthTable(true).expect('*', 'x/*', false).withSelf());
    expect(reach.canConnect({ ip: '203.0.113.10' }, { namespace: 'x', pod: 'b' })).toBe(true);
    expect(reach.canConnect({ ip: '203.0.114.10' }, { namespace: 'x', pod: 'b' })).toBe(false);
    const m = reach.matrix({ internetAddress: '203.0.113.99' });
    expect(m.isAllowedBetween('internet', 'x/b')).toBe(true);
    expect(reach.matrix({ internetAddress: '8.8.8.8' }).isAllowedBetween('internet', 'x/b')).toBe(false);
  });
});

describe('self traffic, workloads and hostNetwork', () => {
  test('a Pod always reaches itself, even under deny-all in both directions', () => {
    const reach = Reachability.fromManifests([...cluster(), denyAllIngress('x'), denyAllEgress('x')]);
    expect(reach.canConnect({ namespace: 'x', pod: 'a' }, { namespace: 'x', pod: 'a' })).toBe(true);
    expect(reach.explain({ namespace: 'x', pod: 'a' }, { namespace: 'x', pod: 'a' }).ingress.reason).toMatch(/loopback/);
    expect(reach.canConnect({ namespace: 'x', pod: 'a' }, { namespace: 'x', pod: 'b' })).toBe(false);
  });

  test('replicas of one workload are different pods: a workload to itself is evaluated', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'x' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c' }] } } },
    };
    const web = { namespace: 'x', pod: 'web' };
    expect(Reachability.fromManifests([deployment, denyAllIngress('x')]).canConnect(web, web)).toBe(false);
    expect(Reachability.fromManifests([deployment, denyAllIngress('x')]).matrix().isAllowedBetween('x/web', 'x/web')).toBe(false);
    expect(Reachability.fromManifests([deployment]).canConnect(web, web)).toBe(true);
  });

  test('hostNetwork pods are never isolated and never matched by selectors', () => {
    const manifests = [...cluster(), pod('x', 'host', { hostNetwork: true }), denyAllIngress('x'),
      policy('x', 'same-ns', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] })];
    const reach = Reachability.fromManifests(manifests);
    const host = { namespace: 'x', pod: 'host' };
    expect(reach.canConnect({ namespace: 'y', pod: 'a' }, host)).toBe(true); // not isolated
    expect(reach.canConnect(host, { namespace: 'x', pod: 'a' })).toBe(false); // podSelector {} does not match it
    expect(reach.explain(host, { namespace: 'x', pod: 'a' }).ingress.reason).toMatch(/selectors and ipBlocks never match the hostNetwork pod x\/host/);
    expect(reach.canConnect({ namespace: 'x', pod: 'b' }, { namespace: 'x', pod: 'a' })).toBe(true);
    expect(reach.warnings.some((w) => w.includes('NP013') && w.includes('x/host'))).toBe(true);
    const m = reach.matrix();
    expect(m.isAllowedBetween('x/host', 'x/a')).toBe(false);
    expect(m.isAllowedBetween('y/a', 'x/host')).toBe(true);
  });

  test('hypothetical pods: { namespace, labels }', () => {
    const reach = Reachability.fromManifests([...cluster(),
      policy('x', 'from-b', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {}, podSelector: onPod('b') }] }] })]);
    expect(reach.canConnect({ namespace: 'z', labels: { pod: 'b', extra: '1' } }, { namespace: 'x', pod: 'a' })).toBe(true);
    expect(reach.canConnect({ namespace: 'z', labels: {} }, { namespace: 'x', pod: 'a' })).toBe(false);
    expect(reach.canConnect({ namespace: 'x', pod: 'a' }, { namespace: 'x', labels: { pod: 'q' } })).toBe(false);
  });
});
