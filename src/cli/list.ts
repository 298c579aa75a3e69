import { parseInternetIp, parseNamespaces } from './endpoints';
import { analyse, analysisNotes, guarded } from './engine';
import { EXIT_OK } from './errors';
import { loadManifests } from './load-manifests';
import { visible } from './printable';
import { ServiceLabels } from './service-labels';
import { ConnectionPair } from '../analysis/connections';

/** Options of `cdk8s-netpol list`. */
export interface ListOptions {
  readonly format: string;
  readonly internetIp: string;
  /** Comma-separated namespaces whose workloads to list (default: all). */
  readonly namespace?: string;
  /** Also list the v1 Services as destinations (`ns/svc/NAME`), their connections in Service ports. */
  readonly byService?: boolean;
}

/** Lists every allowed pair with its connection set, sorted by source and destination. */
export function runList(paths: string[], options: ListOptions): number {
  const internetIp = parseInternetIp(options.internetIp);
  const loaded = loadManifests(paths);
  const reach = analyse(loaded.objects);
  const namespaces = parseNamespaces(options.namespace, reach.namespaces);
  if (options.format !== 'json') {
    [...loaded.notes, ...analysisNotes(reach)].forEach((n) => process.stderr.write(`note: ${visible(n)}\n`));
  }
  const pairs = guarded('compute the connections', () => reach.allConnections({ internetAddress: internetIp, namespaces, includeServices: options.byService === true }))
    .sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));
  process.stdout.write(formatPairs(pairs, options.format, new ServiceLabels(reach)));
  return EXIT_OK;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The pairs as netpol-analyzer's `list` prints them (`a => b : TCP 80`), as JSON, or as CSV; a workload
 * that Services select is named with them, and the Service ports its set reaches follow the set.
 */
export function formatPairs(pairs: readonly ConnectionPair[], format: string, services: ServiceLabels): string {
  if (format === 'json') {
    return JSON.stringify(pairs.map((p) => {
      const ports = services.json(p.to, p.connections);
      const json = { from: p.from, to: p.to, connections: p.connections.toString(), ...p.connections.toJson() };
      return ports.length > 0 ? { ...json, services: ports } : json;
    }), null, 2) + '\n';
  }
  if (format === 'csv') {
    const row = (p: ConnectionPair) => [p.from, p.to, p.connections.toString(), services.through(p.to, p.connections).join(' ')];
    return ['from,to,connections,services', ...pairs.map((p) => row(p).map(csvField).join(','))].join('\n') + '\n';
  }
  const line = (p: ConnectionPair) => `${services.label(p.from)} => ${services.label(p.to)} : ${services.setText(p.to, p.connections)}`;
  return pairs.map((p) => `${visible(line(p))}\n`).join('');
}

/** A CSV field: quoted when it holds a separator or a quote; control characters made visible. */
export function csvField(value: string): string {
  const text = visible(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
