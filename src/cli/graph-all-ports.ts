import { INTERNET, parseProtocol } from './endpoints';
import { guarded } from './engine';
import { EXIT_OK } from './errors';
import { checkEdges, GraphOptions, MatrixCell, MatrixNode, prepareGraph, renderDot, renderMermaid, writeLines } from './graph';
import { renderHtmlReport } from './html-report';
import { ConnectionSet } from '../analysis/connection-set';
import { EndpointTable } from '../analysis/connections';
import { reasonOf } from '../analysis/diff';
import { Reachability } from '../analysis/reachability';
import { Protocol } from '../model/protocol';

/**
 * `graph` without --port: every port and protocol at once, each arrow (and each html cell) labelled
 * with its connection set; --protocol keeps the connections of one protocol.
 */

/** The rows in display order and their index in the engine's table. */
interface Shown {
  readonly nodes: MatrixNode[];
  readonly index: number[];
}

/** Draws who can reach whom on every port and returns the exit status. */
export function runAllPortsGraph(paths: string[], options: GraphOptions): number {
  const only = options.protocol === undefined ? undefined : ConnectionSet.allOf(parseProtocol(options.protocol));
  const { internetIp, maxEdges, reach, notes, namespaces, workloads } = prepareGraph(paths, options);
  const table = guarded('compute the connections', () => reach._connectionTable({ internetAddress: internetIp, namespaces }));
  const index = new Map(table.ids.map((id, i) => [id, i]));
  const shown: Shown = {
    // Named by their Services too, as the one-port graph names them.
    nodes: [...workloads.map((w) => ({ id: w.id, namespace: w.namespace, services: reach.servicesSelecting(w.id).map((x) => x.name) })),
      { id: INTERNET }],
    index: [...workloads.map((w) => index.get(w.id)!), index.get(INTERNET)!],
  };
  const setAt = (i: number, j: number) => {
    const set = table.table.setOf(table.table.idAt(shown.index[i], shown.index[j]));
    return only ? set.intersect(only) : set;
  };
  const title = `every port${only ? ` of ${options.protocol!.toUpperCase()}` : ''}`;
  if (options.format === 'html') {
    const cells = cellsOf(reach, table, shown, setAt);
    process.stdout.write(renderHtmlReport({ port: 0, protocol: Protocol.TCP, title, nodes: shown.nodes, cells, notes }));
    return EXIT_OK;
  }
  const edges = [...edgesOf(table, shown, setAt)];
  checkEdges(edges.length, maxEdges, options.format);
  const graph = { port: 0, protocol: Protocol.TCP, title, nodes: shown.nodes, edges };
  writeLines((options.format === 'dot' ? renderDot(graph) : renderMermaid(graph)).trimEnd().split('\n'));
  return EXIT_OK;
}

/** The labelled arrows: every shown pair with a non-empty set (a Pod to itself, loopback, left out). */
function* edgesOf(table: EndpointTable, shown: Shown, setAt: (i: number, j: number) => ConnectionSet): Generator<[number, number, string]> {
  const n = shown.index.length;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (table.table.isLoopback(shown.index[i], shown.index[j])) continue;
      const set = setAt(i, j);
      if (!set.isEmpty) yield [i, j, set.toString()];
    }
  }
}

/** Every cell with its connections and the rules behind them, for the html page. */
function cellsOf(reach: Reachability, table: EndpointTable, shown: Shown, setAt: (i: number, j: number) => ConnectionSet): MatrixCell[][] {
  return shown.nodes.map((from, i) => shown.nodes.map((to, j): MatrixCell => {
    if (from.id === INTERNET && to.id === INTERNET) {
      return { verdict: 'n/a', explanation: 'traffic between two addresses outside the cluster is not governed by NetworkPolicies' };
    }
    const set = setAt(i, j);
    const [a, b] = [table.refs[shown.index[i]], table.refs[shown.index[j]]];
    const pair = reach._pairConnections(a, b);
    const why = table.table.isLoopback(shown.index[i], shown.index[j]) ? ['a pod can always reach itself (loopback)']
      : [reasonOf(pair.egress, from.id).reason, reasonOf(pair.ingress, to.id).reason];
    return {
      verdict: set.isEmpty ? 'denied' : 'allowed',
      explanation: [`${from.id} -> ${to.id}: ${set}`, ...why].join('\n'),
      connections: set.toString(),
      ranges: set.protocols.map((p) => [p.protocol, ...p.ranges.flatMap((r) => [r.from, r.to])]),
    };
  }));
}
