import { endpointOf, INTERNET, parseInternetIp, parseNamespaces, parsePort, parseProtocol, Workload, workloadsOf } from './endpoints';
import { analyse, analysisNotes, guarded } from './engine';
import { EXIT_OK } from './errors';
import { renderHtmlReport } from './html-report';
import { loadManifests } from './load-manifests';
import { Reachability } from '../analysis/reachability';
import { Protocol } from '../model/protocol';

/** Options of `cdk8s-netpol graph`. */
export interface GraphOptions {
  readonly format: string;
  readonly port: string;
  readonly protocol: string;
  readonly internetIp: string;
  /** Comma-separated namespaces whose workloads to show (default: all). */
  readonly namespace?: string;
}

/** One row or column of the matrix: a workload, or the internet. */
export interface MatrixNode {
  /** `namespace/name`, or `internet`. */
  readonly id: string;
  /** The namespace, or undefined for the internet. */
  readonly namespace?: string;
}

/** One cell: can `from` reach `to`? */
export interface MatrixCell {
  /** `n/a` for the internet and itself, which NetworkPolicies do not govern. */
  readonly verdict: 'allowed' | 'denied' | 'n/a';
  /** The engine's explanation, several lines. */
  readonly explanation: string;
}

/** Who can reach whom on one port. */
export interface ReachabilityMatrix {
  readonly port: number;
  readonly protocol: Protocol;
  readonly nodes: MatrixNode[];
  /** `cells[i][j]`: from `nodes[i]` to `nodes[j]`. */
  readonly cells: MatrixCell[][];
  /** What the reader should know before trusting the matrix (objects left out, no workloads). */
  readonly notes?: string[];
}

/** Draws who can reach whom and returns the exit status. */
export function runGraph(paths: string[], options: GraphOptions): number {
  const port = parsePort(options.port);
  const protocol = parseProtocol(options.protocol);
  const internetIp = parseInternetIp(options.internetIp);
  const loaded = loadManifests(paths);
  loaded.notes.forEach((n) => process.stderr.write(`note: ${n}\n`));
  const reach = analyse(loaded.objects);
  const notes = analysisNotes(reach);
  notes.forEach((n) => process.stderr.write(`note: ${n}\n`));
  const namespaces = parseNamespaces(options.namespace, reach.namespaces);
  const withExplanations = options.format === 'html';
  const matrix = guarded('compute the matrix', () => computeMatrix(reach, port, protocol, internetIp, withExplanations, namespaces));
  if (withExplanations && matrix.nodes.length > LARGE_HTML) {
    process.stderr.write(`note: the html matrix has ${matrix.nodes.length} rows and columns; ` +
      'show fewer with --namespace, or use --format dot for a graph\n');
  }
  const render = options.format === 'dot' ? renderDot : options.format === 'html' ? renderHtmlReport : renderMermaid;
  process.stdout.write(render({ ...matrix, notes }));
  return EXIT_OK;
}

/**
 * Who can reach whom, workload by workload, the internet included as a source and a destination.
 * The engine's bulk matrix gives the verdicts; the explanations (for the html page) come from `explain`.
 */
export function computeMatrix(reach: Reachability, port: number, protocol: Protocol, internetIp: string,
  withExplanations: boolean, namespaces?: readonly string[]): ReachabilityMatrix {
  const workloads = workloadsOf(reach.workloads);
  const shown = namespaces ? workloads.filter((w) => namespaces.includes(w.namespace)) : workloads;
  const bulk = reach.matrix({ ports: [port], protocol, includeInternet: true, internetAddress: internetIp });
  const nodes: MatrixNode[] = [...shown.map((w) => ({ id: w.id, namespace: w.namespace })), { id: INTERNET }];
  const endpoints = [...shown.map(endpointOf), { ip: internetIp }];
  const bulkIndex = [...shown.map((w) => bulk.indexOf(engineId(w, workloads))), bulk.indexOf(INTERNET)];
  const cells = nodes.map((from, i) => nodes.map((to, j): MatrixCell => {
    if (from.id === INTERNET && to.id === INTERNET) {
      return { verdict: 'n/a', explanation: 'traffic between two addresses outside the cluster is not governed by NetworkPolicies' };
    }
    const allowed = bulk.isAllowed(bulkIndex[i], bulkIndex[j], port);
    const explanation = withExplanations ? reach.explain(endpoints[i], endpoints[j], { port, protocol }).text : '';
    return { verdict: allowed ? 'allowed' : 'denied', explanation };
  }));
  return { port, protocol, nodes, cells };
}

/** Beyond this many rows, an html matrix is hard to read and heavy to load. */
const LARGE_HTML = 150;

/** The id the engine's matrix gives a workload (`namespace/name`, or `namespace/name (Kind)` when names clash). */
function engineId(w: Workload, all: readonly Workload[]): string {
  const clash = all.some((o) => o !== w && o.namespace === w.namespace && o.name === w.name);
  return clash ? `${w.namespace}/${w.name} (${w.kind})` : `${w.namespace}/${w.name}`;
}

/** Edges of the graph: allowed pairs, a workload and itself left out. */
function edges(matrix: ReachabilityMatrix): [number, number][] {
  const out: [number, number][] = [];
  matrix.cells.forEach((row, i) => row.forEach((cell, j) => {
    if (cell.verdict === 'allowed') {
      out.push([i, j]);
    }
  }));
  return out;
}

/** Groups node indexes by namespace (the internet last, on its own). */
function byNamespace(matrix: ReachabilityMatrix): Map<string | undefined, number[]> {
  const groups = new Map<string | undefined, number[]>();
  matrix.nodes.forEach((n, i) => groups.set(n.namespace, [...(groups.get(n.namespace) ?? []), i]));
  return groups;
}

/** A Mermaid flowchart: one subgraph per namespace, one arrow per allowed connection. */
export function renderMermaid(matrix: ReachabilityMatrix): string {
  const text = (s: string) => s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
  const lines = ['flowchart LR', `  %% who can reach whom on ${matrix.protocol}/${matrix.port} (cdk8s-netpol graph)`];
  byNamespace(matrix).forEach((indexes, namespace) => {
    if (namespace === undefined) {
      indexes.forEach((i) => lines.push(`  n${i}(("${text(matrix.nodes[i].id)}"))`));
      return;
    }
    lines.push(`  subgraph ns_${indexes[0]}["namespace ${text(namespace)}"]`);
    indexes.forEach((i) => lines.push(`    n${i}["${text(matrix.nodes[i].id)}"]`));
    lines.push('  end');
  });
  edges(matrix).forEach(([i, j]) => lines.push(`  n${i} --> n${j}`));
  return lines.join('\n') + '\n';
}

/** A Graphviz digraph: one cluster per namespace, one edge per allowed connection. */
export function renderDot(matrix: ReachabilityMatrix): string {
  const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  const lines = ['digraph reachability {', '  rankdir=LR;', `  label=${quote(`who can reach whom on ${matrix.protocol}/${matrix.port}`)};`,
    '  node [shape=box];'];
  byNamespace(matrix).forEach((indexes, namespace) => {
    if (namespace === undefined) {
      indexes.forEach((i) => lines.push(`  ${quote(matrix.nodes[i].id)} [shape=ellipse, style=dashed];`));
      return;
    }
    lines.push(`  subgraph ${quote(`cluster_${namespace}`)} {`, `    label=${quote(`namespace ${namespace}`)};`);
    indexes.forEach((i) => lines.push(`    ${quote(matrix.nodes[i].id)};`));
    lines.push('  }');
  });
  edges(matrix).forEach(([i, j]) => lines.push(`  ${quote(matrix.nodes[i].id)} -> ${quote(matrix.nodes[j].id)};`));
  lines.push('}');
  return lines.join('\n') + '\n';
}
