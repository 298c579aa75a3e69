import { Endpoint } from './endpoint';
import { Protocol } from '../model/protocol';

/**
 * What the matrix covers.
 */
export interface MatrixOptions {
  /**
   * The destination ports to compute, one matrix each.
   *
   * @default [80]
   */
  readonly ports?: number[];

  /**
   * The protocol.
   *
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;

  /**
   * Whether to add the pseudo-endpoint `internet` (an address outside the cluster) as a row and a column.
   *
   * @default true
   */
  readonly includeInternet?: boolean;

  /**
   * The address that stands for the internet.
   *
   * @default "203.0.113.10" (a documentation address, outside every private range)
   */
  readonly internetAddress?: string;

  /**
   * Only the Pods and workloads of these namespaces become rows and columns (and `internet`, when
   * included). The verdicts are the same as in the whole matrix: the policies of every namespace still
   * apply. Memory grows with the square of the endpoints, so a large cluster is best looked at a few
   * namespaces at a time.
   *
   * @default every namespace
   */
  readonly namespaces?: string[];

  /**
   * Whether to add every `v1` Service (of the namespaces shown) as a row and a column, with the id
   * `namespace/svc/name`. Its column on port P is in Service ports: allowed when the source reaches at
   * least one pod the Service selects on the pod port P is sent to (its targetPort), as `canConnect` to
   * `{ namespace, service, port: P }` answers; denied when P is not one of its ports of the protocol (a
   * headless Service translates nothing: its pods on P). A Service opens no connection: its row is all denied.
   *
   * @default false
   */
  readonly includeServices?: boolean;
}

/**
 * One allowed connection of a matrix.
 */
export interface AllowedPair {
  /** The source endpoint id. */
  readonly from: string;
  /** The destination endpoint id. */
  readonly to: string;
  /** The destination port. */
  readonly port: number;
}

/** The id of the internet pseudo-endpoint. @internal */
export const INTERNET_ID = 'internet';

/**
 * Who can reach whom: every Pod and workload of the manifests (plus `internet`), on each port.
 * Rows are sources, columns destinations; endpoints are identified by index or by id
 * (`namespace/name`, or `namespace/Kind/name` when two kinds share a name, and `internet`).
 * A Pod to itself is always allowed (loopback); `internet` to `internet` is always false (no pod involved).
 */
export class ReachabilityMatrix {
  /** @internal */
  public static _create(endpoints: Endpoint[], ids: string[], ports: number[], protocol: Protocol, cells: Uint8Array[]): ReachabilityMatrix {
    return new ReachabilityMatrix(endpoints, ids, ports, protocol, cells);
  }

  /** The endpoint ids, in row/column order (Services last, `namespace/svc/name`, with `MatrixOptions.includeServices`). */
  public readonly endpoints: string[];

  /** The ports computed, in order. */
  public readonly ports: number[];

  /** The protocol computed. */
  public readonly protocol: Protocol;

  /** The number of endpoints (rows, and columns). */
  public readonly size: number;

  private readonly index = new Map<string, number>();

  private constructor(private readonly refs: Endpoint[], ids: string[], ports: number[], protocol: Protocol, private readonly cells: Uint8Array[]) {
    this.endpoints = ids;
    this.ports = ports;
    this.protocol = protocol;
    this.size = ids.length;
    ids.forEach((id, i) => this.index.set(id, i));
  }

  /** The index of an endpoint id, or -1. */
  public indexOf(id: string): number {
    return this.index.get(id) ?? -1;
  }

  /** The endpoint at an index, ready for `Reachability.canConnect` or `explain`. */
  public endpoint(index: number): Endpoint {
    this.checkIndex(index);
    return this.refs[index];
  }

  /**
   * Whether the endpoint at `fromIndex` can connect to the one at `toIndex`.
   * @param port one of `ports`; default: the first
   */
  public isAllowed(fromIndex: number, toIndex: number, port?: number): boolean {
    this.checkIndex(fromIndex);
    this.checkIndex(toIndex);
    return this.table(port)[fromIndex * this.size + toIndex] === 1;
  }

  /**
   * Whether one endpoint can connect to another, by id.
   * @param port one of `ports`; default: the first
   */
  public isAllowedBetween(fromId: string, toId: string, port?: number): boolean {
    return this.isAllowed(this.idIndex(fromId), this.idIndex(toId), port);
  }

  /**
   * Every allowed (source, destination) pair.
   * @param port one of `ports`; default: every port
   */
  public allowedPairs(port?: number): AllowedPair[] {
    const pairs: AllowedPair[] = [];
    for (const p of port === undefined ? this.ports : [port]) {
      const t = this.table(p);
      for (let i = 0; i < t.length; i++) {
        if (t[i] === 1) pairs.push({ from: this.endpoints[Math.floor(i / this.size)], to: this.endpoints[i % this.size], port: p });
      }
    }
    return pairs;
  }

  /**
   * How many (source, destination) pairs are allowed on a port.
   * @param port one of `ports`; default: the first
   */
  public allowedCount(port?: number): number {
    const t = this.table(port);
    let n = 0;
    for (let i = 0; i < t.length; i++) n += t[i];
    return n;
  }

  /**
   * How many (source, destination) pairs are denied on a port.
   * @param port one of `ports`; default: the first
   */
  public deniedCount(port?: number): number {
    return this.size * this.size - this.allowedCount(port);
  }

  /**
   * A text table (`X` allowed, `.` denied), rows are sources, for small clusters and reports.
   * @param port one of `ports`; default: the first
   */
  public toText(port?: number): string {
    const t = this.table(port);
    const width = Math.max(...this.endpoints.map((e) => e.length), 4);
    const header = `${' '.repeat(width)} ${this.endpoints.map((_, j) => String(j).padStart(3)).join('')}`;
    const rows = this.endpoints.map((e, i) =>
      `${e.padEnd(width)} ${this.endpoints.map((_, j) => (t[i * this.size + j] ? 'X' : '.').padStart(3)).join('')}  ${i}`);
    return [`${this.protocol}/${port ?? this.ports[0]}`, header, ...rows].join('\n');
  }

  private table(port?: number): Uint8Array {
    const i = port === undefined ? 0 : this.ports.indexOf(port);
    if (i < 0) {
      throw new Error(`port ${port} is not in this matrix (computed: ${this.ports.join(', ')}); pass it in MatrixOptions.ports`);
    }
    return this.cells[i];
  }

  private idIndex(id: string): number {
    const i = this.indexOf(id);
    if (i < 0) {
      throw new Error(`unknown endpoint ${JSON.stringify(id)}; endpoints are ${this.endpoints.slice(0, 10).join(', ')}${this.size > 10 ? ', ...' : ''}`);
    }
    return i;
  }

  private checkIndex(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) {
      throw new Error(`endpoint index ${i} is out of range 0..${this.size - 1}`);
    }
  }
}
