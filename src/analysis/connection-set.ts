import { Protocol } from '../model/protocol';

/**
 * The port algebra of connection sets: per protocol (TCP, UDP, SCTP), a set of destination ports in
 * 1..65535 kept as sorted, disjoint, non-adjacent closed intervals. Values are immutable, so a set can
 * be shared between many pairs (the bulk path interns them).
 */

/** The lowest and highest port a NetworkPolicy can name. */
const MIN_PORT = 1;
const MAX_PORT = 65535;

/** The protocols, in the order sets print them. */
const PROTOCOLS: readonly Protocol[] = [Protocol.TCP, Protocol.UDP, Protocol.SCTP];

/** Flat intervals `[lo0, hi0, lo1, hi1, ...]` for one protocol. */
type Intervals = readonly number[];

const EMPTY: Intervals = [];
const FULL: Intervals = [MIN_PORT, MAX_PORT];

/**
 * A range of destination ports, both ends included.
 */
export interface PortRange {
  /** The first port of the range. */
  readonly from: number;
  /** The last port of the range (equal to `from` for one port). */
  readonly to: number;
}

/**
 * The ports of one protocol in a connection set.
 */
export interface ProtocolPorts {
  /** The protocol. */
  readonly protocol: Protocol;
  /** Its ports, as sorted disjoint ranges (`[{ from: 1, to: 65535 }]` for every port). */
  readonly ranges: PortRange[];
}

/**
 * The connections allowed between two endpoints: protocol by protocol, the destination ports, as
 * netpol-analyzer prints them (`TCP 80,8080-8090;UDP 53`, `All Connections`, `No Connections`).
 */
export class ConnectionSet {
  /** Every port of every protocol. */
  public static all(): ConnectionSet {
    return ALL_SET;
  }

  /** No connection at all. */
  public static none(): ConnectionSet {
    return NONE_SET;
  }

  /** Every port of one protocol. */
  public static allOf(protocol: Protocol): ConnectionSet {
    return ConnectionSet.of(protocol, FULL);
  }

  /**
   * One port, or a range of ports, of one protocol.
   * @param protocol the protocol
   * @param from the port (1..65535)
   * @param to the last port of the range (from..65535); default: `from`
   */
  public static ports(protocol: Protocol, from: number, to?: number): ConnectionSet {
    const last = to ?? from;
    if (!PROTOCOLS.includes(protocol)) {
      throw new Error(`invalid protocol ${JSON.stringify(protocol)}: give TCP, UDP or SCTP`);
    }
    if (!isPort(from) || !isPort(last) || last < from) {
      throw new Error(`invalid port range ${JSON.stringify(from)}-${JSON.stringify(last)}: give whole numbers 1..65535, the last not below the first`);
    }
    return ConnectionSet.of(protocol, [from, last]);
  }

  /** @internal */
  public static _fromIntervals(byProtocol: readonly Intervals[]): ConnectionSet {
    return new ConnectionSet(byProtocol);
  }

  private static of(protocol: Protocol, intervals: Intervals): ConnectionSet {
    return new ConnectionSet(PROTOCOLS.map((p) => (p === protocol ? intervals : EMPTY)));
  }

  /** Whether the set holds no connection. */
  public readonly isEmpty: boolean;

  /** Whether the set holds every port of every protocol. */
  public readonly isAll: boolean;

  private text?: string;

  private constructor(private readonly byProtocol: readonly Intervals[]) {
    this.isEmpty = byProtocol.every((r) => r.length === 0);
    this.isAll = byProtocol.every(isFull);
  }

  /** The connections in this set or in `other`. */
  public union(other: ConnectionSet): ConnectionSet {
    if (this.isAll || other.isEmpty) return this;
    if (other.isAll || this.isEmpty) return other;
    return new ConnectionSet(this.byProtocol.map((r, i) => unionOf(r, other.byProtocol[i])));
  }

  /** The connections in both this set and `other`. */
  public intersect(other: ConnectionSet): ConnectionSet {
    if (this.isAll || other.isEmpty) return other;
    if (other.isAll || this.isEmpty) return this;
    return new ConnectionSet(this.byProtocol.map((r, i) => intersectionOf(r, other.byProtocol[i])));
  }

  /** The connections in this set but not in `other`. */
  public subtract(other: ConnectionSet): ConnectionSet {
    if (other.isEmpty || this.isEmpty) return this;
    if (other.isAll) return NONE_SET;
    return new ConnectionSet(this.byProtocol.map((r, i) => intersectionOf(r, complementOf(other.byProtocol[i]))));
  }

  /** Whether both sets hold the same connections. */
  public sameAs(other: ConnectionSet): boolean {
    return this.toString() === other.toString();
  }

  /** Whether the set holds one port of one protocol. */
  public contains(protocol: Protocol, port: number): boolean {
    const r = this.byProtocol[PROTOCOLS.indexOf(protocol)];
    if (!r) return false;
    for (let i = 0; i < r.length; i += 2) {
      if (port >= r[i] && port <= r[i + 1]) return true;
    }
    return false;
  }

  /** The ports of each protocol that has some, in the order TCP, UDP, SCTP (the JSON form). */
  public get protocols(): ProtocolPorts[] {
    return PROTOCOLS.flatMap((protocol, i) => {
      const r = this.byProtocol[i];
      const ranges: PortRange[] = [];
      for (let k = 0; k < r.length; k += 2) ranges.push({ from: r[k], to: r[k + 1] });
      return ranges.length === 0 ? [] : [{ protocol, ranges }];
    });
  }

  /** `All Connections`, `No Connections`, or `TCP 80,8080-8090;UDP 53` (every port of a protocol: `TCP 1-65535`). */
  public toString(): string {
    if (this.text === undefined) {
      this.text = this.isAll ? 'All Connections' : this.isEmpty ? 'No Connections'
        : this.protocols.map((p) => `${p.protocol} ${p.ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(',')}`).join(';');
    }
    return this.text;
  }

  /** The JSON form: `{ "all": true }`, or the protocols and their ranges. */
  public toJson(): any {
    return this.isAll ? { all: true } : { all: false, protocols: this.protocols };
  }
}

function isPort(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= MIN_PORT && n <= MAX_PORT;
}

function isFull(r: Intervals): boolean {
  return r.length === 2 && r[0] === MIN_PORT && r[1] === MAX_PORT;
}

/** Merges sorted intervals, joining overlapping and adjacent ones. */
function unionOf(a: Intervals, b: Intervals): Intervals {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const takeA = j >= b.length || (i < a.length && a[i] <= b[j]);
    const lo = takeA ? a[i] : b[j];
    const hi = takeA ? a[i + 1] : b[j + 1];
    if (takeA) i += 2; else j += 2;
    const last = out.length - 1;
    if (last > 0 && lo <= out[last] + 1) {
      out[last] = Math.max(out[last], hi);
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

function intersectionOf(a: Intervals, b: Intervals): Intervals {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i], b[j]);
    const hi = Math.min(a[i + 1], b[j + 1]);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1] < b[j + 1]) i += 2; else j += 2;
  }
  return out;
}

function complementOf(a: Intervals): Intervals {
  const out: number[] = [];
  let next = MIN_PORT;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i] > next) out.push(next, a[i] - 1);
    next = a[i + 1] + 1;
  }
  if (next <= MAX_PORT) out.push(next, MAX_PORT);
  return out;
}

const ALL_SET = ConnectionSet._fromIntervals(PROTOCOLS.map(() => FULL));
const NONE_SET = ConnectionSet._fromIntervals(PROTOCOLS.map(() => EMPTY));
