import { INTERNET, parseInternetIp, parseNamespaces, parsePort, parseProtocol, Workload, workloadsOf } from './endpoints';
import { analyse, analysisNotes, guarded } from './engine';
import { EXIT_OK, UserError } from './errors';
import { runAllPortsGraph } from './graph-all-ports';
import { renderHtmlReport } from './html-report';
import { loadManifests } from './load-manifests';
import { visible } from './printable';
import { Endpoint } from '../analysis/endpoint';
import { Reachability } from '../analysis/reachability';
import { ReachabilityMatrix as EngineMatrix } from '../analysis/reachability-matrix';
import { Protocol } from '../model/protocol';

/** Options of `cdk8s-netpol graph`. */
export interface GraphOptions {
  readonly format: string;
  /** The one port to check; undefined: every port, edges labelled with their connections (graph-all-ports.ts). */
  readonly port?: string;
  /** The protocol of --port; without --port, only connections of this protocol are shown. */
  readonly protocol?: string;
  readonly internetIp: string;
  /** Comma-separated namespaces whose workloads to show (default: all). */
  readonly namespace?: string;
  /** The most endpoints (rows) to draw (default: `GRAPH_LIMITS` of the format). */
  readonly maxEndpoints?: string;
  /** The most arrows to draw, mermaid and dot (default: `GRAPH_LIMITS` of the format). */
  readonly maxEdges?: string;
}

/**
 * What each format draws before `graph` refuses (README "graph"), checked before anything is built.
 * The engine's matrix takes endpoints² bytes; Mermaid itself refuses more than 500 edges by default
 * (its `maxEdges`); an html matrix of 200 rows is 40,000 cells with an explanation each, ~20 MB.
 */
export const GRAPH_LIMITS: { readonly [format: string]: { readonly endpoints: number; readonly edges: number } } = {
  mermaid: { endpoints: 500, edges: 500 },
  dot: { endpoints: 2000, edges: 20000 },
  html: { endpoints: 200, edges: Infinity },
};

/** The html page holds every explanation in one string: past 500 rows it would outgrow what a JavaScript string can hold. */
const HTML_MOST = 500;

/** One row or column of the matrix: a workload, or the internet. */
export interface MatrixNode {
  /** `namespace/name`, or `internet`. */
  readonly id: string;
  /** The namespace, or undefined for the internet. */
  readonly namespace?: string;
  /** The Services (of its namespace) that select it, by name: people think in Services. */
  readonly services?: string[];
}

/** `boutique/emailservice (svc emailservice)`: a node named by the Services that select it as well. */
export function nodeLabel(node: MatrixNode): string {
  return node.services !== undefined && node.services.length > 0 ? `${node.id} (svc ${node.services.join(', ')})` : node.id;
}

/** One cell: can `from` reach `to`? */
export interface MatrixCell {
  /** `n/a` for the internet and itself, which NetworkPolicies do not govern. */
  readonly verdict: 'allowed' | 'denied' | 'n/a';
  /** The engine's explanation, several lines. */
  readonly explanation: string;
  /** The all-ports view: the connection set, `TCP 80,443` or `All Connections`. */
  readonly connections?: string;
  /** The all-ports view: per protocol, `[protocol, from, to, from, to, ...]` (the page's port filter). */
  readonly ranges?: (string | number)[][];
}

/** Who can reach whom on one port, cell by cell (the html page). */
export interface ReachabilityMatrix {
  readonly port: number;
  readonly protocol: Protocol;
  /** What the matrix shows, instead of `protocol/port` (the all-ports view). */
  readonly title?: string;
  readonly nodes: MatrixNode[];
  /** `cells[i][j]`: from `nodes[i]` to `nodes[j]`. */
  readonly cells: MatrixCell[][];
  /** What the reader should know before trusting the matrix (objects left out, no workloads). */
  readonly notes?: string[];
}

/** Who can reach whom on one port, as arrows (mermaid and dot). */
export interface ReachabilityGraph {
  readonly port: number;
  readonly protocol: Protocol;
  readonly nodes: MatrixNode[];
  /** The allowed connections, `[from, to]` indexes of `nodes` (read once, in order), with a label in the all-ports view. */
  readonly edges: Iterable<[number, number] | [number, number, string]>;
  /** What the graph shows, instead of `protocol/port` (the all-ports view). */
  readonly title?: string;
}

/** The rows and columns, in display order (by namespace and name, the internet last), with their engine matrix index. */
interface Shown {
  readonly nodes: MatrixNode[];
  readonly endpoints: Endpoint[];
  readonly index: number[];
}

/** Draws who can reach whom and returns the exit status. */
export function runGraph(paths: string[], options: GraphOptions): number {
  if (options.port === undefined) {
    return runAllPortsGraph(paths, options);
  }
  const port = parsePort(options.port);
  const protocol = parseProtocol(options.protocol ?? Protocol.TCP);
  const { internetIp, maxEdges, reach, notes, namespaces, workloads } = prepareGraph(paths, options);
  const bulk = guarded('compute the matrix', () =>
    reach.matrix({ ports: [port], protocol, includeInternet: true, internetAddress: internetIp, namespaces }));
  const shown = shownOf(reach, workloads, bulk, internetIp);
  if (options.format === 'html') {
    process.stdout.write(renderHtmlReport({ ...cellsOf(reach, bulk, shown, port, protocol), notes }));
    return EXIT_OK;
  }
  checkEdges(bulk.allowedCount(port), maxEdges, options.format);
  const graph = { port, protocol, nodes: shown.nodes, edges: edgesOf(bulk, shown, port) };
  writeLines(options.format === 'dot' ? dotLines(graph) : mermaidLines(graph));
  return EXIT_OK;
}

/** What every graph does first: the limits checked, the manifests read and analysed, the workloads shown counted. */
export function prepareGraph(paths: string[], options: GraphOptions) {
  const internetIp = parseInternetIp(options.internetIp);
  const limits = GRAPH_LIMITS[options.format] ?? GRAPH_LIMITS.mermaid;
  const maxEndpoints = parseLimit(options.maxEndpoints, '--max-endpoints', limits.endpoints);
  const maxEdges = parseLimit(options.maxEdges, '--max-edges', limits.edges);
  if (options.format === 'html' && maxEndpoints > HTML_MOST) {
    throw new UserError(`--max-endpoints ${maxEndpoints} is more than an html page can hold (${HTML_MOST} rows: ${HTML_MOST * HTML_MOST} cells, each with its explanation)`,
      'show fewer with --namespace NS,..., or use --format dot for a graph');
  }
  const loaded = loadManifests(paths);
  loaded.notes.forEach((n) => process.stderr.write(`note: ${visible(n)}\n`));
  const reach = analyse(loaded.objects);
  const notes = analysisNotes(reach);
  notes.forEach((n) => process.stderr.write(`note: ${visible(n)}\n`));
  const namespaces = parseNamespaces(options.namespace, reach.namespaces);
  const workloads = workloadsIn(reach, namespaces);
  checkEndpoints(workloads, maxEndpoints, options.format);
  return { internetIp, maxEdges, reach, notes, namespaces, workloads };
}

/** Writes lines in chunks as they are made: a graph raised past its limit never sits in memory as one string. */
export function writeLines(lines: Iterable<string>): void {
  let chunk: string[] = [];
  for (const line of lines) {
    chunk.push(line);
    if (chunk.length === 10_000) {
      process.stdout.write(chunk.join('\n') + '\n');
      chunk = [];
    }
  }
  if (chunk.length > 0) process.stdout.write(chunk.join('\n') + '\n');
}

/** Parses --max-endpoints and --max-edges. */
function parseLimit(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) {
    return fallback;
  }
  if (!/^\d+$/.test(String(text).trim()) || Number(text) < 1) {
    throw new UserError(`${option} ${JSON.stringify(text)} is not a positive whole number`, `give a number, for example ${option} 1000`);
  }
  return Number(text);
}

/** The workloads of the namespaces shown, sorted, with the ids the engine's matrix gives them. */
function workloadsIn(reach: Reachability, namespaces: readonly string[] | undefined): Workload[] {
  const wanted = namespaces ? new Set(namespaces) : undefined;
  return workloadsOf(reach.workloads.filter((w) => !wanted || wanted.has(w.namespace)));
}

/** Refuses, before the matrix is built, a graph with more endpoints than the format draws. */
function checkEndpoints(workloads: readonly Workload[], max: number, format: string): void {
  const count = workloads.length + 1;
  if (count <= max) {
    return;
  }
  const perNamespace = new Map<string, number>();
  workloads.forEach((w) => perNamespace.set(w.namespace, (perNamespace.get(w.namespace) ?? 0) + 1));
  const largest = [...perNamespace].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5)
    .map(([ns, n]) => `${visible(ns)} (${n})`);
  const megabytes = Math.max(1, Math.round(count * count / 1e6));
  throw new UserError(`the graph would have ${count} endpoints (workloads and internet), more than --format ${format} draws (${max})`,
    `show fewer with --namespace NS,... (the largest: ${largest.join(', ')}${perNamespace.size > 5 ? ', ...' : ''}), ` +
    `or raise the limit with --max-endpoints ${count} (memory grows with its square: about ${megabytes} MB)`);
}

/** Refuses a graph with more arrows than the format draws (counted on the matrix, before any output). */
export function checkEdges(count: number, max: number, format: string): void {
  if (count <= max) {
    return;
  }
  const mermaid = format === 'mermaid';
  const dot = mermaid && count <= GRAPH_LIMITS.dot.edges ? `use --format dot (up to ${GRAPH_LIMITS.dot.edges} arrows), ` : '';
  throw new UserError(`the graph would have ${count} arrows, more than --format ${format} draws (${max}${mermaid ? '; Mermaid refuses more by default' : ''})`,
    `show fewer with --namespace NS,..., ${dot}or raise the limit with --max-edges ${count}`);
}

/** The rows and columns in display order, mapped to the engine's matrix. */
function shownOf(reach: Reachability, workloads: readonly Workload[], bulk: EngineMatrix, internetIp: string): Shown {
  const services = (id: string) => reach.servicesSelecting(id).map((s) => s.name);
  return {
    nodes: [...workloads.map((w) => ({ id: w.id, namespace: w.namespace, services: services(w.id) })), { id: INTERNET }],
    endpoints: [...workloads.map((w) => bulk.endpoint(bulk.indexOf(w.id))), { ip: internetIp }],
    index: [...workloads.map((w) => bulk.indexOf(w.id)), bulk.indexOf(INTERNET)],
  };
}

/** The allowed connections, read from the engine's matrix as they are drawn: nothing is kept per pair. */
function* edgesOf(bulk: EngineMatrix, shown: Shown, port: number): Generator<[number, number]> {
  const n = shown.index.length;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (bulk.isAllowed(shown.index[i], shown.index[j], port)) yield [i, j];
    }
  }
}

/** Every cell with the engine's explanation, for the html page (its size is bounded by --max-endpoints). */
function cellsOf(reach: Reachability, bulk: EngineMatrix, shown: Shown, port: number, protocol: Protocol): ReachabilityMatrix {
  const { nodes, endpoints, index } = shown;
  const cells = nodes.map((from, i) => nodes.map((to, j): MatrixCell => {
    if (from.id === INTERNET && to.id === INTERNET) {
      return { verdict: 'n/a', explanation: 'traffic between two addresses outside the cluster is not governed by NetworkPolicies' };
    }
    const allowed = bulk.isAllowed(index[i], index[j], port);
    return { verdict: allowed ? 'allowed' : 'denied', explanation: reach.explain(endpoints[i], endpoints[j], { port, protocol }).text };
  }));
  return { port, protocol, nodes, cells };
}

/** Groups node indexes by namespace (the internet last, on its own). */
function byNamespace(nodes: readonly MatrixNode[]): Map<string | undefined, number[]> {
  const groups = new Map<string | undefined, number[]>();
  nodes.forEach((n, i) => {
    const list = groups.get(n.namespace);
    if (list) list.push(i); else groups.set(n.namespace, [i]);
  });
  return groups;
}

/** Characters a label may hold as they are; every other one is written as a numeric character reference. */
const PLAIN = /[^A-Za-z0-9 ./_:()-]/gu;

/**
 * Text for a quoted Mermaid label: node ids are generated (`n3`), and every character that could end
 * the string, start a statement, a comment or a `%%{init}%%` directive, or markup is an entity code (`#34;`).
 */
export function mermaidText(text: string): string {
  return visible(text).replace(PLAIN, (c) => `#${c.codePointAt(0)};`);
}

/** Text for a Graphviz HTML-like label (`label=<...>`): nothing in it can end the label or the statement. */
export function dotText(text: string): string {
  return visible(text).replace(PLAIN, (c) => `&#${c.codePointAt(0)};`);
}

/** The lines of a Mermaid flowchart: one subgraph per namespace, one arrow per allowed connection. */
function* mermaidLines(graph: ReachabilityGraph): Generator<string> {
  yield 'flowchart LR';
  yield `  %% who can reach whom on ${graph.title ?? `${graph.protocol}/${graph.port}`} (cdk8s-netpol graph)`;
  for (const [namespace, indexes] of byNamespace(graph.nodes)) {
    if (namespace === undefined) {
      for (const i of indexes) yield `  n${i}(("${mermaidText(graph.nodes[i].id)}"))`;
      continue;
    }
    yield `  subgraph ns_${indexes[0]}["namespace ${mermaidText(namespace)}"]`;
    for (const i of indexes) yield `    n${i}["${mermaidText(nodeLabel(graph.nodes[i]))}"]`;
    yield '  end';
  }
  for (const [i, j, label] of graph.edges) yield label === undefined ? `  n${i} --> n${j}` : `  n${i} -->|"${mermaidText(label)}"| n${j}`;
}

/** The lines of a Graphviz digraph: one cluster per namespace, one edge per allowed connection; ids are generated, names are labels. */
function* dotLines(graph: ReachabilityGraph): Generator<string> {
  yield* ['digraph reachability {', '  rankdir=LR;', `  label="who can reach whom on ${graph.title ?? `${graph.protocol}/${graph.port}`}";`, '  node [shape=box];'];
  for (const [namespace, indexes] of byNamespace(graph.nodes)) {
    if (namespace === undefined) {
      for (const i of indexes) yield `  n${i} [label=<${dotText(graph.nodes[i].id)}>, shape=ellipse, style=dashed];`;
      continue;
    }
    yield `  subgraph cluster_${indexes[0]} {`;
    yield `    label=<namespace ${dotText(namespace)}>;`;
    for (const i of indexes) yield `    n${i} [label=<${dotText(nodeLabel(graph.nodes[i]))}>];`;
    yield '  }';
  }
  for (const [i, j, label] of graph.edges) yield label === undefined ? `  n${i} -> n${j};` : `  n${i} -> n${j} [label=<${dotText(label)}>];`;
  yield '}';
}

/** A Mermaid flowchart as one string. */
export function renderMermaid(graph: ReachabilityGraph): string {
  return [...mermaidLines(graph)].join('\n') + '\n';
}

/** A Graphviz digraph as one string. */
export function renderDot(graph: ReachabilityGraph): string {
  return [...dotLines(graph)].join('\n') + '\n';
}
