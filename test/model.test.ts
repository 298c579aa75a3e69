import { Chart, Testing } from 'cdk8s';
import { validateIpBlock, validateCidr } from '../src/model/cidr';
import { validateLabels } from '../src/model/labels';
import { labelsSlug, policyName, validateNamespaceName } from '../src/model/names';
import { Ports, validatePorts } from '../src/model/ports';
import { Protocol } from '../src/model/protocol';

const scope = () => new Chart(Testing.app(), 'test-chart');

describe('label validation', () => {
  test.each([
    ['app', 'web'],
    ['networking/allow-internet-access', 'true'],
    ['app.kubernetes.io/name', 'my_app.v1'],
    ['tier', ''],
  ])('accepts %s=%s', (key, value) => {
    expect(() => validateLabels(scope(), { [key]: value }, 'podLabels')).not.toThrow();
  });

  test.each([
    ['', 'x', /label key "" in podLabels/],
    ['-app', 'x', /invalid label key "-app"/],
    ['Bad_Prefix/app', 'x', /prefix "Bad_Prefix"/],
    ['a'.repeat(64), 'x', /longer than 63/],
    ['app', 'has space', /invalid label value "has space" for key "app"/],
    ['app', 'v'.repeat(64), /at most 63/],
  ])('rejects %s=%s with the path and the value', (key, value, message) => {
    expect(() => validateLabels(scope(), { [key]: value }, 'podLabels')).toThrow(message);
    expect(() => validateLabels(scope(), { [key]: value }, 'podLabels')).toThrow(/^test-chart: /);
  });

  test('an empty map is refused where specific pods were asked for', () => {
    expect(() => validateLabels(scope(), {}, 'hubLabels', false)).toThrow(/hubLabels is empty/);
    expect(() => validateLabels(scope(), {}, 'fromLabels', true)).not.toThrow();
  });
});

describe('namespace and policy names', () => {
  test.each(['payments', 'a', 'kube-system', 'x1'])('accepts namespace %s', (ns) => {
    expect(() => validateNamespaceName(scope(), ns)).not.toThrow();
  });
  test.each(['Payments', '-a', 'a-', 'a.b', '', 'n'.repeat(64)])('rejects namespace %s', (ns) => {
    expect(() => validateNamespaceName(scope(), ns)).toThrow(/test-chart: invalid namespace/);
  });
  test('names are readable and deterministic', () => {
    expect(labelsSlug({ tier: 'frontend', app: 'web' })).toBe('web-frontend');
    expect(labelsSlug({})).toBe('all-pods');
    expect(policyName('allow', 'DB', 'access')).toBe('allow-db-access');
  });
  test('over-long names are cut with a hash that keeps them distinct', () => {
    const a = policyName('allow', 'x'.repeat(300), 'a');
    const b = policyName('allow', 'x'.repeat(300), 'b');
    expect(a.length).toBeLessThanOrEqual(253);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});

describe('port validation', () => {
  test('factories produce valid specs', () => {
    expect(() => validatePorts(scope(), [Ports.tcp(443), Ports.udp(53), Ports.tcpRange(8000, 8080), Ports.named('http'), Ports.sctp(9)])).not.toThrow();
    expect(Ports.named('dns', Protocol.UDP)).toEqual({ name: 'dns', protocol: 'UDP' });
  });
  test.each([
    [{ port: 0 }, /invalid port 0 in ports\[0\]/],
    [{ port: 65536 }, /invalid port 65536/],
    [{ port: 80.5 }, /invalid port 80.5/],
    [{}, /give a port number or a named port/],
    [{ port: 80, name: 'http' }, /either port or name/],
    [{ name: 'http', endPort: 90 }, /endPort cannot be combined with a named port/],
    [{ port: 90, endPort: 80 }, /endPort 80 is below port 90/],
    [{ port: 90, endPort: 70000 }, /invalid endPort 70000/],
    [{ name: 'HTTP' }, /invalid port name "HTTP"/],
    [{ name: 'a-very-long-port-name' }, /invalid port name/],
    [{ port: 80, protocol: 'ICMP' }, /invalid protocol "ICMP"/],
  ])('rejects %j', (spec, message) => {
    expect(() => validatePorts(scope(), [spec as any])).toThrow(message);
  });
  test('an empty list would mean every port and is refused', () => {
    expect(() => validatePorts(scope(), [])).toThrow(/ports is empty/);
  });
});

describe('CIDR validation', () => {
  test.each(['10.0.0.0/8', '0.0.0.0/0', '192.168.1.7/32', '::/0', '2001:db8::/32', 'fd00::/8'])('accepts %s', (cidr) => {
    expect(() => validateCidr(scope(), cidr, 'sources[0]')).not.toThrow();
  });
  test.each([
    ['10.0.0.0', /invalid CIDR "10.0.0.0"/],
    ['10.0.0.0/33', /invalid CIDR/],
    ['300.0.0.0/8', /invalid CIDR/],
    ['10.0.0.5/8', /did you mean "10.0.0.0\/8"/],
    ['2001:db8::1/32', /did you mean "2001:db8::\/32"/],
    ['banana', /invalid CIDR "banana" in sources\[0\]/],
    ['010.0.0.0/8', /leading zeros, which the API server reads as decimal \(10.0.0.0\/8\).*did you mean "10.0.0.0\/8"\?/],
    ['0x0a.0.0.0/8', /hexadecimal part.*did you mean "10.0.0.0\/8"\?/],
    ['167772160/8', /single number.*did you mean "10.0.0.0\/8"\?/],
    ['1.2.3/24', /3 dotted parts/],
    ['::ffff:0:0/96', /IPv4-mapped IPv6 CIDR, which the API server reads as 0.0.0.0\/0.*did you mean "0.0.0.0\/0"\?/],
    ['::ffff:169.254.169.254/128', /did you mean "169.254.169.254\/32"\?/],
    ['fe80::1%eth0/64', /zone id "%eth0"/],
    ['10.0.0.0/08', /leading zeros.*did you mean "10.0.0.0\/8"\?/],
  ])('rejects %s', (cidr, message) => {
    expect(() => validateCidr(scope(), cidr, 'sources[0]')).toThrow(message);
  });
  test('except entries must lie strictly inside the CIDR', () => {
    expect(() => validateIpBlock(scope(), '0.0.0.0/0', ['10.0.0.0/8', '169.254.169.254/32'], 'cidrs[0]')).not.toThrow();
    expect(() => validateIpBlock(scope(), '10.0.0.0/8', ['11.0.0.0/8'], 'cidrs[0]')).toThrow(/except "11.0.0.0\/8" in cidrs\[0\]: it must lie strictly inside "10.0.0.0\/8"/);
    expect(() => validateIpBlock(scope(), '10.0.0.0/8', ['10.0.0.0/8'], 'cidrs[0]')).toThrow(/strictly inside/);
    expect(() => validateIpBlock(scope(), '::/0', ['10.0.0.0/8'], 'cidrs[0]')).toThrow(/strictly inside/);
  });
});
