import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { generateCluster } from '../analysis/generate-cluster';

/** Writes the generated cluster as YAML: one multi-document file per namespace, like a GitOps repo. */
export interface WriteAuditFolderTask {
  readonly kind: 'write-audit-folder';
  readonly endpoints: number;
  readonly seed: number;
  readonly folder: string;
}

export interface WrittenFolder {
  readonly ms: number;
  readonly peakRssMb: number;
  readonly files: number;
  readonly objects: number;
  readonly bytes: number;
}

export function writeAuditFolder(task: WriteAuditFolderTask): WrittenFolder {
  const start = Date.now();
  const { manifests } = generateCluster(task.endpoints, task.seed);
  fs.rmSync(task.folder, { recursive: true, force: true });
  fs.mkdirSync(task.folder, { recursive: true });
  const byNamespace = new Map<string, any[]>();
  for (const m of manifests) {
    const ns = m.kind === 'Namespace' ? m.metadata.name : m.metadata.namespace;
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), m]);
  }
  let bytes = 0;
  for (const [ns, objects] of byNamespace) {
    // aliasDuplicateObjects off: replicas share label objects in memory, but the files must be plain YAML.
    const text = objects.map((o) => stringify(o, { aliasDuplicateObjects: false })).join('---\n');
    fs.writeFileSync(path.join(task.folder, `${ns}.yaml`), text);
    bytes += text.length;
  }
  return { ms: Date.now() - start, peakRssMb: process.resourceUsage().maxRSS / 1024, files: byNamespace.size, objects: manifests.length, bytes };
}
