import { formatAddress, parseGoAddress } from '../src/model/ip-address';
import { Ambiguity, formatNetwork, networkContains, readAddress, readCidr } from '../src/model/ip-network';

/**
 * The parser against what Go's net.ParseCIDR/ParseIP and k8s.io/utils/net ParseCIDRSloppy/ParseIPSloppy
 * return (the API server's reading): value -> Go's IPNet.String(), or null when Go returns an error.
 */
describe('CIDRs read as the API server reads them (ParseCIDRSloppy)', () => {
  const M = Ambiguity.IPV4_MAPPED;
  const Z = Ambiguity.LEADING_ZEROS;
  test.each<[string, string | null, Ambiguity[], boolean]>([
    // value, IPNet.String(), ambiguities, host bits
    ['10.0.0.0/8', '10.0.0.0/8', [], false],
    ['0.0.0.0/0', '0.0.0.0/0', [], false],
    ['192.168.1.7/32', '192.168.1.7/32', [], false],
    ['255.255.255.255/32', '255.255.255.255/32', [], false],
    ['::/0', '::/0', [], false],
    ['::/128', '::/128', [], false],
    ['::1/128', '::1/128', [], false],
    ['2001:db8::/32', '2001:db8::/32', [], false],
    ['2001:DB8:0:0:0:0:0:0/32', '2001:db8::/32', [], false],
    ['2001:0db8::/32', '2001:db8::/32', [], false],
    ['fe80::/10', 'fe80::/10', [], false],
    ['64:ff9b::/96', '64:ff9b::/96', [], false],
    ['1:0:0:1:0:0:0:0/128', '1:0:0:1::/128', [], false],
    ['1:0:0:2:0:0:3:4/128', '1::2:0:0:3:4/128', [], false],
    ['1:2:3:4:5:6:7::/128', '1:2:3:4:5:6:7:0/128', [], false],
    ['::1.2.3.4/128', '::102:304/128', [], false],
    // host bits: accepted and masked
    ['10.0.0.5/8', '10.0.0.0/8', [], true],
    ['2001:db8::1/32', '2001:db8::/32', [], true],
    // leading zeros: decimal to the API server
    ['010.0.0.0/8', '10.0.0.0/8', [Z], false],
    ['10.000.001.000/24', '10.0.1.0/24', [Z], false],
    ['10.0.0.0/08', '10.0.0.0/8', [Z], false],
    ['2001:db8::/032', '2001:db8::/32', [Z], false],
    ['::ffff:010.0.0.0/104', '10.0.0.0/8', [Z, M], false],
    // IPv4-mapped IPv6: the IPv4 network from /96 on
    ['::ffff:0:0/96', '0.0.0.0/0', [M], false],
    ['::ffff:169.254.169.254/128', '169.254.169.254/32', [M], false],
    ['::ffff:10.0.0.0/104', '10.0.0.0/8', [M], false],
    ['::ffff:0:0/95', '::fffe:0:0/95', [M], true],
    ['::ffff:1.2.3.4/80', '::/80', [M], true],
    // refused by Go
    ['0x0a.0.0.0/8', null, [], false],
    ['167772160/8', null, [], false],
    ['1.2.3/24', null, [], false],
    ['1.2.3.4.5/32', null, [], false],
    ['300.0.0.0/8', null, [], false],
    ['10.0.0.0/33', null, [], false],
    ['::/129', null, [], false],
    ['10.0.0.0/-1', null, [], false],
    ['10.0.0.0/', null, [], false],
    ['10.0.0.0/8/8', null, [], false],
    ['10.0.0.0', null, [], false],
    ['fe80::1%eth0/64', null, [], false],
    [' 10.0.0.0/8', null, [], false],
    ['10.0.0.0/8 ', null, [], false],
    ['10.0.0.0 /8', null, [], false],
    ['', null, [], false],
    ['/8', null, [], false],
    ['banana', null, [], false],
    ['1::2::3/64', null, [], false],
    [':1::/64', null, [], false],
    ['1::2:/64', null, [], false],
    ['1:2:3:4:5:6:7:8:9/64', null, [], false],
    ['1:2:3:4:5:6:7/64', null, [], false],
    ['1:2:3:4:5:6:7:8::/64', null, [], false],
    ['00001::/16', null, [], false],
    ['1:2:3:4:5:6:7:1.2.3.4/128', null, [], false],
    ['1.2.3.4::/64', null, [], false],
    ['::ffff:1.2.3/96', null, [], false],
    ['10.0.0.0/+8', null, [], false],
  ])('%j reads as %j', (text, network, ambiguities, hostBits) => {
    const r = readCidr(text);
    expect(r.canonical ?? null).toBe(network);
    expect(r.network ? formatNetwork(r.network) : null).toBe(network);
    expect(r.ambiguities).toEqual(ambiguities);
    expect(r.hostBits).toBe(hostBits);
    expect(r.problem === undefined).toBe(network !== null);
  });

  test.each([
    ['010.0.0.0/8', '8.0.0.0/8'],
    ['0x0a.0.0.0/8', '10.0.0.0/8'],
    ['167772160/8', '10.0.0.0/8'],
    ['1.2.3/24', '1.2.0.0/24'],
    ['0177.1/32', '127.0.0.1/32'],
  ])('C libraries read %j as %j', (text, c) => {
    expect(readCidr(text).cReading).toBe(c);
  });

  test.each([
    ['fe80::1%eth0/64', /zone id "%eth0/],
    ['1.2.3/24', /3 dotted parts/],
    ['0x0a.0.0.0/8', /hexadecimal part "0x0a"/],
    ['167772160/8', /single number/],
    ['10.0.0.0', /no prefix length/],
    ['10.0.0.0/33', /prefix length \/33, over 32/],
    [' 10.0.0.0/8', /white space/],
    ['', /no prefix length/],
  ])('says why %j is refused, never "host bits"', (text, problem) => {
    expect(readCidr(text).problem).toMatch(problem);
    expect(readCidr(text).problem).not.toMatch(/host bits/);
  });

  test('the except check compares the prefix lengths as written', () => {
    expect(readCidr('::ffff:0:0/96').network).toMatchObject({ prefix: 0, writtenPrefix: 96 });
  });

  test('containment follows the family Go reads', () => {
    const mapped = readCidr('::ffff:0:0/96').network!;
    expect(networkContains(mapped, readAddress('10.1.2.3').address!)).toBe(true);
    expect(networkContains(readCidr('::/0').network!, readAddress('10.1.2.3').address!)).toBe(false);
    expect(networkContains(readCidr('0.0.0.0/0').network!, readAddress('2001:db8::1').address!)).toBe(false);
    expect(networkContains(readCidr('10.0.0.0/8').network!, readAddress('10.255.0.1').address!)).toBe(true);
    expect(networkContains(readCidr('10.0.0.0/8').network!, readAddress('11.0.0.1').address!)).toBe(false);
  });
});

describe('addresses read as the API server reads them (ParseIPSloppy)', () => {
  test.each<[string, string | null, Ambiguity[]]>([
    ['10.1.2.3', '10.1.2.3', []],
    ['::', '::', []],
    ['::1', '::1', []],
    ['2001:DB8::1', '2001:db8::1', []],
    ['64:ff9b::a01:203', '64:ff9b::a01:203', []],
    ['010.1.2.3', '10.1.2.3', [Ambiguity.LEADING_ZEROS]],
    ['::ffff:10.1.2.3', '10.1.2.3', [Ambiguity.IPV4_MAPPED]],
    ['::ffff:a01:203', '10.1.2.3', [Ambiguity.IPV4_MAPPED]],
    ['0x7f000001', null, []],
    ['2130706433', null, []],
    ['127.1', null, []],
    ['fe80::1%eth0', null, []],
    ['10.1.2.3/32', null, []],
    ['', null, []],
    [' 10.1.2.3', null, []],
  ])('%j reads as %j', (text, address, ambiguities) => {
    const r = readAddress(text);
    expect(r.canonical ?? null).toBe(address);
    expect(r.address ? formatAddress(r.address) : null).toBe(address);
    expect(r.ambiguities).toEqual(ambiguities);
  });

  test('C libraries read 0x7f000001 and 127.1 as 127.0.0.1', () => {
    expect(readAddress('0x7f000001').cReading).toBe('127.0.0.1');
    expect(readAddress('127.1').cReading).toBe('127.0.0.1');
  });

  test('Go itself refuses leading zeros; only the sloppy reading strips them', () => {
    expect(parseGoAddress('010.1.2.3').problem).toMatch(/leading zero/);
  });
});
