/**
 * The Kubernetes e2e network policy model: namespaces x, y, z, each with pods a, b, c labelled
 * `pod: <name>`, each serving TCP, UDP and SCTP on ports 80 and 81 with names like `serve-80-tcp`.
 * A truth table is the expected verdict for every (source, destination) pair, printed as a grid so a
 * failure shows exactly which cells differ.
 */
import { Reachability } from '../../src/analysis/reachability';
import { Protocol } from '../../src/model/protocol';

export const NAMESPACES = ['x', 'y', 'z'];
export const PODS = ['a', 'b', 'c'];
export const PEERS = NAMESPACES.flatMap((ns) => PODS.map((p) => `${ns}/${p}`));

export function namespace(name: string, labels: { [key: string]: string } = {}): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function pod(ns: string, name: string, extra: { hostNetwork?: boolean } = {}): any {
  const ports = [80, 81].flatMap((port) => ['TCP', 'UDP', 'SCTP'].map((protocol) =>
    ({ name: `serve-${port}-${protocol.toLowerCase()}`, containerPort: port, protocol })));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: { pod: name } },
    spec: { containers: [{ name: 'cont', image: 'agnhost', ports }], ...extra },
  };
}

/** The 3 namespaces and 9 pods. */
export function cluster(): any[] {
  return [...NAMESPACES.map((n) => namespace(n, { ns: n })), ...NAMESPACES.flatMap((n) => PODS.map((p) => pod(n, p)))];
}

export function policy(ns: string, name: string, spec: any): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

/** A pattern such as `x/a`, `x/*`, `* /a` (without the space) or `*`. */
function matches(pattern: string, peer: string): boolean {
  if (pattern === '*') return true;
  const [pn, pp] = pattern.split('/');
  const [n, p] = peer.split('/');
  return (pn === '*' || pn === n) && (pp === '*' || pp === p);
}

/** The expected verdicts, built like e2e's `Reachability.Expect*`. */
export class TruthTable {
  private readonly cells = new Map<string, boolean>();

  constructor(defaultValue: boolean) {
    for (const f of PEERS) for (const t of PEERS) this.cells.set(`${f}>${t}`, defaultValue);
  }

  /** Sets every (from, to) pair matching the patterns. */
  public expect(from: string, to: string, value: boolean): this {
    for (const f of PEERS) for (const t of PEERS) if (matches(from, f) && matches(to, t)) this.cells.set(`${f}>${t}`, value);
    return this;
  }

  /** A pod always reaches itself. */
  public withSelf(): this {
    for (const p of PEERS) this.cells.set(`${p}>${p}`, true);
    return this;
  }

  public grid(): string {
    return render((f, t) => this.cells.get(`${f}>${t}`)!);
  }
}

function render(allowed: (from: string, to: string) => boolean): string {
  const header = `      ${PEERS.join(' ')}`;
  return [header, ...PEERS.map((f) => `${f}   ${PEERS.map((t) => (allowed(f, t) ? ' X ' : ' . ')).join(' ')}`)].join('\n');
}

const endpoint = (id: string) => ({ namespace: id.split('/')[0], pod: id.split('/')[1] });

/** The engine's grid through canConnect. */
export function observedGrid(reach: Reachability, port = 80, protocol = Protocol.TCP): string {
  return render((f, t) => reach.canConnect(endpoint(f), endpoint(t), { port, protocol }));
}

/** The engine's grid through the matrix (must always equal observedGrid). */
export function matrixGrid(reach: Reachability, port = 80, protocol = Protocol.TCP): string {
  const m = reach.matrix({ ports: [port], protocol });
  return render((f, t) => m.isAllowedBetween(f, t, port));
}

/** Asserts both evaluation paths against the truth table. */
export function expectTable(manifests: any[], expected: TruthTable, port = 80, protocol = Protocol.TCP): Reachability {
  const reach = Reachability.fromManifests(manifests);
  expect(reach.warnings.filter((w) => w.startsWith('ERROR'))).toEqual([]);
  expect(observedGrid(reach, port, protocol)).toBe(expected.grid());
  expect(matrixGrid(reach, port, protocol)).toBe(expected.grid());
  return reach;
}
