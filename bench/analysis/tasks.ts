/* eslint-disable @typescript-eslint/no-require-imports */ // modules load per variant, so a sample holds only its own
import { createHash } from 'crypto';
import * as fs from 'fs';
import { generateCluster } from './generate-cluster';
import { generateClusterPolicies } from './generate-cluster-policies';
import { WorkerResult } from '../lib/child';
import { measure } from '../lib/measure';
import { Rng } from '../lib/rng';

/** The port and address every analysis sample computes. */
export const MATRIX_PORT = 80;
export const INTERNET_ADDRESS = '203.0.113.10';

/** One analysis sample. */
export interface AnalysisTask {
  readonly kind: 'analysis';
  /** `engine` = Reachability.fromManifests + matrix; `naive` = bench/analysis/naive-evaluator. */
  readonly variant: 'engine' | 'naive';
  readonly endpoints: number;
  readonly seed: number;
  /** Policies per 100 endpoints (default 30). */
  readonly policiesPer100?: number;
  /** ClusterNetworkPolicies added to the cluster (generate-cluster-policies.ts; engine only). */
  readonly clusterPolicies?: number;
  /** Write the matrix cells here (one byte a cell) for the parent's comparison. */
  readonly cellsFile?: string;
}

/** Checks random cells of a matrix the engine wrote against the naive evaluator (for sizes too big to run it whole). */
export interface SpotCheckTask {
  readonly kind: 'spot-check';
  readonly endpoints: number;
  readonly seed: number;
  readonly cellsFile: string;
  readonly pairs: number;
}

export function runSpotCheck(task: SpotCheckTask): { ms: number; peakRssMb: number; checked: number; mismatches: string[] } {
  const start = Date.now();
  const cluster = generateCluster(task.endpoints, task.seed);
  const { NaiveEvaluator } = require('./naive-evaluator');
  const naive = new NaiveEvaluator(cluster.manifests, INTERNET_ADDRESS);
  const cells = fs.readFileSync(task.cellsFile);
  const n = naive.endpoints.length;
  if (cells.length !== n * n) throw new Error(`the engine's matrix has ${cells.length} cells, expected ${n * n}`);
  const rng = new Rng(task.seed + 99);
  const mismatches: string[] = [];
  for (let k = 0; k < task.pairs; k++) {
    // Every fourth pair involves the internet endpoint (the last one), which only ipBlocks can admit.
    const s = k % 8 === 0 ? n - 1 : rng.int(n);
    const d = k % 8 === 4 ? n - 1 : rng.int(n);
    const expected = naive.cell(s, d, MATRIX_PORT, 'TCP') ? 1 : 0;
    if (cells[s * n + d] !== expected) mismatches.push(`#${s} -> #${d}: engine ${cells[s * n + d]}, naive ${expected}`);
  }
  return { ms: Date.now() - start, peakRssMb: process.resourceUsage().maxRSS / 1024, checked: task.pairs, mismatches: mismatches.slice(0, 10) };
}

export function runAnalysisTask(task: AnalysisTask): WorkerResult {
  const generated = generateCluster(task.endpoints, task.seed, task.policiesPer100);
  const cluster = task.clusterPolicies
    ? { ...generated, manifests: [...generated.manifests, ...generateClusterPolicies(task.clusterPolicies, task.seed)] }
    : generated;
  let cells: Uint8Array;
  let buildMs: number;
  let matrixMs: number;
  let extra: { [k: string]: unknown } = {};
  let m: ReturnType<typeof measure>;
  if (task.variant === 'engine') {
    const { Reachability } = require('../../src/analysis/reachability');
    m = measure(() => {
      const t0 = process.hrtime.bigint();
      const reach = Reachability.fromManifests(cluster.manifests);
      const t1 = process.hrtime.bigint();
      const matrix = reach.matrix({ ports: [MATRIX_PORT], internetAddress: INTERNET_ADDRESS });
      const t2 = process.hrtime.bigint();
      return { reach, matrix, build: Number(t1 - t0) / 1e6, compute: Number(t2 - t1) / 1e6 };
    });
    const { reach, matrix } = m.value as any;
    buildMs = (m.value as any).build;
    matrixMs = (m.value as any).compute;
    const n = matrix.size;
    cells = new Uint8Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cells[i * n + j] = matrix.isAllowed(i, j) ? 1 : 0;
    extra = { policiesInEffect: reach.policies.length, warnings: reach.warnings.length };
  } else {
    const { NaiveEvaluator } = require('./naive-evaluator');
    m = measure(() => {
      const t0 = process.hrtime.bigint();
      const naive = new NaiveEvaluator(cluster.manifests, INTERNET_ADDRESS);
      const t1 = process.hrtime.bigint();
      const result = naive.matrix(MATRIX_PORT, 'TCP');
      const t2 = process.hrtime.bigint();
      return { result, build: Number(t1 - t0) / 1e6, compute: Number(t2 - t1) / 1e6 };
    });
    cells = (m.value as any).result;
    buildMs = (m.value as any).build;
    matrixMs = (m.value as any).compute;
  }
  if (task.cellsFile) fs.writeFileSync(task.cellsFile, cells);
  let allowed = 0;
  for (const c of cells) allowed += c;
  return {
    ms: m.ms,
    cpuMs: m.cpuMs,
    startRssMb: m.startRssMb,
    peakRssMb: m.peakRssMb,
    buildMs,
    matrixMs,
    endpoints: cluster.endpoints,
    policies: cluster.policies,
    cells: cells.length,
    allowed,
    cellsSha: createHash('sha256').update(cells).digest('hex'),
    ...extra,
  };
}
