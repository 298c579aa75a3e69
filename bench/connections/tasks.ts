/* eslint-disable @typescript-eslint/no-require-imports */ // modules load per variant, so a sample holds only its own
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { WorkerResult } from '../lib/child';
import { measure } from '../lib/measure';
import { Rng } from '../lib/rng';
import { generateCluster } from '../analysis/generate-cluster';
import { generateClusterPolicies } from '../analysis/generate-cluster-policies';

/**
 * One sample: the one-port matrix (the baseline) or every pair's connection set, of one generated
 * cluster; `all-connections-tiers` adds `clusterPolicies` ClusterNetworkPolicies (the tier benchmark's).
 */
export interface ConnectionsTask {
  readonly kind: 'connections';
  readonly variant: 'matrix' | 'all-connections' | 'all-connections-tiers';
  readonly endpoints: number;
  readonly seed: number;
  readonly clusterPolicies?: number;
}

export function runConnectionsTask(task: ConnectionsTask): WorkerResult {
  const generated = generateCluster(task.endpoints, task.seed);
  const cluster = task.variant === 'all-connections-tiers'
    ? { ...generated, manifests: [...generated.manifests, ...generateClusterPolicies(task.clusterPolicies ?? 20, task.seed)] }
    : generated;
  const { Reachability } = require('../../src/analysis/reachability');
  // The model is read outside the measured section: both variants start from the same Reachability.
  const reach = Reachability.fromManifests(cluster.manifests);
  const m = measure(() => (task.variant === 'matrix'
    ? reach.matrix({ ports: [80], internetAddress: '203.0.113.10' }).allowedCount()
    : reach.allConnections({ internetAddress: '203.0.113.10' }).length));
  return { ms: m.ms, cpuMs: m.cpuMs, startRssMb: m.startRssMb, peakRssMb: m.peakRssMb, endpoints: cluster.endpoints, policies: cluster.policies, count: m.value };
}

/** Writes a generated cluster and a changed copy (a pull request's before and after) as folders of YAML. */
export interface WriteDiffFoldersTask {
  readonly kind: 'write-diff-folders';
  readonly endpoints: number;
  readonly seed: number;
  readonly before: string;
  readonly after: string;
}

/**
 * The change, the size of a pull request: two policies deleted, three with their ingress ports widened
 * by 8000-8999, one renamed (which must not count), and a new namespace with one workload.
 */
export function writeDiffFolders(task: WriteDiffFoldersTask): { objects: number; deleted: number; widened: number } {
  const { manifests } = generateCluster(task.endpoints, task.seed);
  const rng = new Rng(task.seed + 17);
  const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
  const picked = new Set<any>();
  while (picked.size < 6) picked.add(policies[rng.int(policies.length)]);
  const [deleting, widening, renaming] = [[...picked].slice(0, 2), [...picked].slice(2, 5), [...picked][5]];
  let widened = 0;
  const after = manifests.flatMap((m) => {
    if (deleting.includes(m)) return [];
    if (!widening.includes(m) && m !== renaming) return [m];
    const copy = JSON.parse(JSON.stringify(m));
    if (m === renaming) copy.metadata.name = `${copy.metadata.name}-renamed`;
    for (const rule of m === renaming ? [] : copy.spec.ingress ?? []) {
      if (rule && Array.isArray(rule.ports)) { rule.ports.push({ port: 8000, endPort: 8999 }); widened++; }
    }
    return [copy];
  });
  const deleted = deleting.length;
  after.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns-new' } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'ns-new', labels: { app: 'debug' } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  writeFolder(manifests, task.before);
  writeFolder(after, task.after);
  return { objects: manifests.length, deleted, widened };
}

/** One multi-document YAML file per namespace, like a GitOps repository. */
function writeFolder(manifests: any[], folder: string): void {
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  const byNamespace = new Map<string, any[]>();
  for (const m of manifests) {
    const ns = m.kind === 'Namespace' ? m.metadata.name : m.metadata.namespace;
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), m]);
  }
  for (const [ns, objects] of byNamespace) {
    fs.writeFileSync(path.join(folder, `${ns}.yaml`), objects.map((o) => stringify(o, { aliasDuplicateObjects: false })).join('---\n'));
  }
}
