/* eslint-disable no-bitwise */ // port bytes are combined bit by bit
/**
 * Connection sets over every port: the pairwise path (`connections`), the bulk path
 * (`allConnections`) and the single-port engine (`canConnect`) against a brute-force oracle that
 * fills one byte per port and protocol (test/analysis/all-ports-oracle.ts), on random clusters.
 */
import * as fc from 'fast-check';
import { clusterArb, EXTERNAL, Ep, format as text, manifestsOf, oracleConnections } from './all-ports-oracle';
import { ConnectionSet } from '../../src/analysis/connection-set';
import { Reachability } from '../../src/analysis/reachability';
import { Protocol } from '../../src/model/protocol';

const PROTOCOLS = [Protocol.TCP, Protocol.UDP, Protocol.SCTP];

function endpointsOf(manifests: any[]): { ep: Ep; ref: any; id: string }[] {
  const pods = manifests.filter((o) => o.kind === 'Pod' || o.kind === 'Deployment');
  return [
    ...pods.map((p) => ({ ep: { pod: p }, ref: { namespace: p.metadata.namespace, pod: p.metadata.name }, id: `${p.metadata.namespace}/${p.metadata.name}` })),
    ...EXTERNAL.map((ip) => ({ ep: { ip }, ref: { ip }, id: ip })),
  ];
}

test('connections() and allConnections() agree with the brute-force oracle over every port', () => {
  const seen = { all: 0, none: 0, some: 0 };
  fc.assert(fc.property(clusterArb, (c) => {
    const manifests = manifestsOf(c);
    const reach = Reachability.fromManifests(manifests);
    expect(reach.warnings.filter((w) => w.startsWith('ERROR'))).toEqual([]);
    const listed = new Map(reach.allConnections({ internetAddress: EXTERNAL[0] }).map((p) => [`${p.from} ${p.to}`, p.connections.toString()]));
    for (const s of endpointsOf(manifests)) {
      for (const d of endpointsOf(manifests)) {
        if (s.ep.ip && d.ep.ip) continue;
        const expected = oracleConnections(manifests, s.ep, d.ep);
        seen[expected === 'All Connections' ? 'all' : expected === 'No Connections' ? 'none' : 'some']++;
        const actual = reach.connections(s.ref, d.ref).toString();
        if (actual !== expected) throw new Error(`${s.id} -> ${d.id}: connections ${actual}, oracle ${expected}`);
        const id = (x: typeof s) => (x.ep.ip === EXTERNAL[0] ? 'internet' : x.ep.ip ? undefined : x.id);
        if (s.id === d.id && s.ep.pod?.kind === 'Pod') {
          // Loopback: always allowed, never listed.
          expect(listed.has(`${s.id} ${d.id}`)).toBe(false);
        } else if (id(s) !== undefined && id(d) !== undefined) {
          const bulk = listed.get(`${id(s)} ${id(d)}`) ?? 'No Connections';
          if (bulk !== expected) throw new Error(`${s.id} -> ${d.id}: allConnections ${bulk}, oracle ${expected}`);
        }
      }
    }
  }), { numRuns: 150 });
  // The random policies must produce partial sets in earnest, not only all-or-nothing.
  expect(seen.some).toBeGreaterThan((seen.all + seen.none + seen.some) / 20);
  expect(seen.none).toBeGreaterThan(0);
});

test('a connection set holds exactly the ports canConnect allows (checked at every boundary of the set)', () => {
  fc.assert(fc.property(clusterArb, (c) => {
    const manifests = manifestsOf(c);
    const reach = Reachability.fromManifests(manifests);
    for (const s of endpointsOf(manifests)) {
      for (const d of endpointsOf(manifests)) {
        if (s.ep.ip && d.ep.ip) continue;
        const set = reach.connections(s.ref, d.ref);
        for (const protocol of PROTOCOLS) {
          const edges = set.protocols.find((p) => p.protocol === protocol)?.ranges.flatMap((r) => [r.from - 1, r.from, r.to, r.to + 1]) ?? [];
          for (const port of [1, 80, 65535, ...edges].filter((p) => p >= 1 && p <= 65535)) {
            expect([s.id, d.id, protocol, port, set.contains(protocol, port)])
              .toEqual([s.id, d.id, protocol, port, reach.canConnect(s.ref, d.ref, { port, protocol })]);
          }
        }
      }
    }
  }), { numRuns: 60 });
});

// ---------------------------------------------------------------- the algebra against bit arrays

const rangeArb = fc.tuple(fc.constantFrom(...PROTOCOLS), fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 3000 }))
  .map(([protocol, from, width]) => ({ protocol, from, to: Math.min(65535, from + width) }));
const edgeRangeArb = fc.constantFrom(
  { protocol: Protocol.TCP, from: 1, to: 65535 }, { protocol: Protocol.UDP, from: 1, to: 1 }, { protocol: Protocol.SCTP, from: 65535, to: 65535 },
  { protocol: Protocol.TCP, from: 80, to: 80 }, { protocol: Protocol.TCP, from: 81, to: 90 });
const setArb = fc.array(fc.oneof(rangeArb, edgeRangeArb), { maxLength: 5 }).map((ranges) => ({
  ranges,
  set: ranges.reduce((s, r) => s.union(ConnectionSet.ports(r.protocol, r.from, r.to)), ConnectionSet.none()),
}));

function bits(ranges: { protocol: Protocol; from: number; to: number }[]): Uint8Array[] {
  const b = PROTOCOLS.map(() => new Uint8Array(65536));
  for (const r of ranges) b[PROTOCOLS.indexOf(r.protocol)].fill(1, r.from, r.to + 1);
  return b;
}


test('union, intersect and subtract agree with port-by-port bit arrays', () => {
  fc.assert(fc.property(setArb, setArb, (a, b) => {
    const [x, y] = [bits(a.ranges), bits(b.ranges)];
    const op = (f: (p: number, q: number) => number) => x.map((row, k) => row.map((v, i) => f(v, y[k][i])));
    expect(a.set.toString()).toBe(text(x));
    expect(a.set.union(b.set).toString()).toBe(text(op((p, q) => p | q)));
    expect(a.set.intersect(b.set).toString()).toBe(text(op((p, q) => p & q)));
    expect(a.set.subtract(b.set).toString()).toBe(text(op((p, q) => p & (1 - q))));
    expect(a.set.union(b.set).sameAs(b.set.union(a.set))).toBe(true);
    expect(a.set.subtract(b.set).union(a.set.intersect(b.set)).sameAs(a.set)).toBe(true);
    expect(a.set.isEmpty).toBe(text(x) === 'No Connections');
  }), { numRuns: 150 });
});

describe('ConnectionSet', () => {
  test('prints like netpol-analyzer', () => {
    const set = ConnectionSet.ports(Protocol.TCP, 80).union(ConnectionSet.ports(Protocol.TCP, 8080, 8090))
      .union(ConnectionSet.ports(Protocol.UDP, 53));
    expect(set.toString()).toBe('TCP 80,8080-8090;UDP 53');
    expect(ConnectionSet.all().toString()).toBe('All Connections');
    expect(ConnectionSet.none().toString()).toBe('No Connections');
    expect(ConnectionSet.allOf(Protocol.UDP).toString()).toBe('UDP 1-65535');
    expect(PROTOCOLS.reduce((s, p) => s.union(ConnectionSet.allOf(p)), ConnectionSet.none()).isAll).toBe(true);
  });

  test('adjacent ranges merge; the JSON form lists ranges per protocol', () => {
    const set = ConnectionSet.ports(Protocol.TCP, 80, 81).union(ConnectionSet.ports(Protocol.TCP, 82));
    expect(set.toString()).toBe('TCP 80-82');
    expect(set.toJson()).toEqual({ all: false, protocols: [{ protocol: 'TCP', ranges: [{ from: 80, to: 82 }] }] });
    expect(ConnectionSet.all().toJson()).toEqual({ all: true });
  });

  test.each([[0, undefined], [65536, undefined], [80, 79], [1.5, undefined], [Number.NaN, undefined]])('refuses the port range %p-%p', (from, to) => {
    expect(() => ConnectionSet.ports(Protocol.TCP, from, to)).toThrow(/invalid port range/);
  });

  test('refuses an unknown protocol', () => {
    expect(() => ConnectionSet.ports('ICMP' as Protocol, 1)).toThrow(/invalid protocol "ICMP"/);
  });
});
