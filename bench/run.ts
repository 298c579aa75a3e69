/**
 * The benchmark suite (`npm run bench`): synth, analysis and audit at cluster scale, each against a
 * baseline measured in the same run, every sample in a fresh node process. Prints a table and writes
 * bench/results.json (bench/out/results-quick.json with BENCH_QUICK=1, a short smoke run).
 *
 * Options (environment): BENCH_QUICK=1 (small sizes, 1-2 samples); BENCH_ONLY=synth,analysis,tiers,audit,dump,connections.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runNodeCommand, runWorker, WorkerResult } from './lib/child';
import { median, round, slope } from './lib/stats';
import { transpileProject } from './lib/transpile';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench', 'out');
const QUICK = process.env.BENCH_QUICK === '1';
const ONLY = (process.env.BENCH_ONLY ?? 'synth,analysis,tiers,audit,dump,connections').split(',');
const SEED = 7;
/** Cells of the largest matrix checked against the naive evaluator (the whole matrix would take half an hour). */
const SPOT_CHECK_PAIRS = 100000;

const PLAN = QUICK ? {
  synth: [{ size: 10, samples: 2 }, { size: 100, samples: 1 }],
  analysis: [{ endpoints: 100, samples: 2, naiveSamples: 2 }, { endpoints: 1000, samples: 2, naiveSamples: 1 }],
  policySweep: { endpoints: 1000, per100: [30, 100], samples: 1 },
  tiers: { endpoints: 1000, clusterPolicies: 20, samples: 1 },
  audit: { endpoints: 1000, samples: 1 },
  dump: { pods: 2000, samples: 1 },
  connections: { endpoints: 1000, samples: 2 },
  diff: { endpoints: 1000, samples: 1 },
} : {
  synth: [{ size: 10, samples: 5 }, { size: 100, samples: 5 }, { size: 1000, samples: 3 }],
  analysis: [
    { endpoints: 100, samples: 5, naiveSamples: 5 },
    { endpoints: 1000, samples: 5, naiveSamples: 3 },
    { endpoints: 5000, samples: 3, naiveSamples: 0 },
  ],
  policySweep: { endpoints: 1000, per100: [30, 100, 300], samples: 3 },
  tiers: { endpoints: 1000, clusterPolicies: 20, samples: 5 },
  audit: { endpoints: 5000, samples: 5 },
  dump: { pods: 50000, samples: 1 },
  connections: { endpoints: 1000, samples: 5 },
  diff: { endpoints: 5000, samples: 3 },
};

/** One measured case: one implementation at one size, with every raw sample. */
interface CaseResult {
  readonly group: 'synth' | 'analysis' | 'policy-sweep' | 'tiers' | 'audit' | 'dump' | 'connections' | 'diff';
  /** What is measured, for the table. */
  readonly name: string;
  readonly variant: string;
  readonly size: string;
  /** Numbers that describe the size (namespaces, objects, endpoints, policies). */
  readonly params: { [k: string]: unknown };
  readonly status: 'ok' | 'skipped' | 'extrapolated';
  readonly note?: string;
  readonly samples: object[];
  readonly median: { ms: number; cpuMs?: number; peakRssMb?: number; startRssMb?: number };
  /** This case's median time divided by each baseline's, measured in the same run. */
  readonly ratios?: { [baseline: string]: number };
  /** The same ratios on CPU time (user + system), steadier than wall time when other work shares the machine. */
  readonly cpuRatios?: { [baseline: string]: number };
  readonly isBaseline?: boolean;
}

const cases: CaseResult[] = [];
/** Correctness guards; a failed `fatal` one makes the run exit 1. */
const checks: { name: string; ok: boolean; detail: string; fatal: boolean }[] = [];
const started = new Date();
const loadStart = os.loadavg();

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function summarize(samples: readonly { ms: number; cpuMs?: number; peakRssMb?: number; startRssMb?: number }[]): CaseResult['median'] {
  const pick = (f: (s: any) => number | undefined) => {
    const values = samples.map(f).filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
    return values.length > 0 ? round(median(values), 1) : undefined;
  };
  return { ms: pick((s) => s.ms)!, cpuMs: pick((s) => s.cpuMs), peakRssMb: pick((s) => s.peakRssMb), startRssMb: pick((s) => s.startRssMb) };
}

/** Runs `variants` round-robin (the order rotates every round) so drift of a shared machine hits all alike. */
async function rounds<V extends string>(variants: readonly V[], samples: { [v in V]: number }, run: (v: V, round: number) => Promise<WorkerResult>):
Promise<{ [v in V]: WorkerResult[] }> {
  const out = Object.fromEntries(variants.map((v) => [v, []])) as unknown as { [v in V]: WorkerResult[] };
  const most = Math.max(...variants.map((v) => samples[v]));
  for (let r = 0; r < most; r++) {
    const order = variants.map((_, i) => variants[(i + r) % variants.length]);
    for (const v of r === 0 ? variants : order) {
      if (out[v].length < samples[v]) out[v].push(await run(v, r));
    }
  }
  return out;
}

async function benchSynth(js: string): Promise<void> {
  const dir = path.join(OUT, 'synth');
  fs.mkdirSync(dir, { recursive: true });
  for (const { size, samples } of PLAN.synth) {
    for (const denyEgress of [false, true]) {
      const manifestsFile = path.join(dir, `manifests-${size}-${denyEgress ? 'egress' : 'ingress'}.json`);
      const label = `${size} ns, denyEgress ${denyEgress ? 'on' : 'off'}`;
      log(`synth ${label}`);
      const variants = ['baseline', 'nolint', 'raw', 'kplus'] as const;
      const results = await rounds(variants, { baseline: samples, nolint: samples, raw: samples, kplus: samples }, (variant, r) => runWorker(js, {
        kind: 'synth',
        variant,
        size,
        denyEgress,
        // Round 0 runs ClusterBaseline first: its manifests are the input of both replays.
        ...(variant === 'baseline' && r === 0 ? { writeManifests: manifestsFile } : { manifestsFile }),
      }));
      const objects = results.baseline[0].objects as number;
      const shas = Object.fromEntries(variants.map((v) => [v, new Set(results[v].map((s) => s.yamlSha))]));
      const same = (v: string) => shas[v].size === 1 && [...shas[v]][0] === [...shas.baseline][0];
      checks.push({
        name: `synth ${label}: raw replay emits the same YAML as ClusterBaseline`,
        ok: same('raw') && same('nolint'),
        fatal: true,
        detail: same('raw') && same('nolint') ? `identical (${objects} objects; lint off too)` : 'DIFFERENT output: the replay is not the same manifests',
      });
      checks.push({
        name: `synth ${label}: kplus emits the same YAML as ClusterBaseline`,
        ok: same('kplus'),
        fatal: false,
        detail: same('kplus') ? 'byte-identical YAML' : 'different YAML (same policies in kplus\'s shape)',
      });
      const med = Object.fromEntries(variants.map((v) => [v, summarize(results[v])])) as { [v in typeof variants[number]]: CaseResult['median'] };
      const params = { namespaces: size, denyEgress, objects };
      const size_ = `${size} ns (${objects} obj)`;
      const egressText = denyEgress ? 'denyEgress on' : 'denyEgress off';
      cases.push({
        group: 'synth',
        name: `synth ClusterBaseline, ${egressText}`,
        variant: 'baseline',
        size: size_,
        params,
        status: 'ok',
        samples: results.baseline,
        median: med.baseline,
        ratios: { raw: round(med.baseline.ms / med.raw.ms, 2), kplus: round(med.baseline.ms / med.kplus.ms, 2) },
        cpuRatios: { raw: round(med.baseline.cpuMs! / med.raw.cpuMs!, 2), kplus: round(med.baseline.cpuMs! / med.kplus.cpuMs!, 2) },
      });
      cases.push({
        group: 'synth',
        name: `  ClusterBaseline lint: false, ${egressText}`,
        variant: 'nolint',
        size: size_,
        params,
        status: 'ok',
        samples: results.nolint,
        median: med.nolint,
        ratios: { raw: round(med.nolint.ms / med.raw.ms, 2), kplus: round(med.nolint.ms / med.kplus.ms, 2) },
        cpuRatios: { raw: round(med.nolint.cpuMs! / med.raw.cpuMs!, 2), kplus: round(med.nolint.cpuMs! / med.kplus.cpuMs!, 2) },
        note: 'without the lint that runs as a cdk8s validation at synth',
      });
      cases.push({ group: 'synth', name: `  (a) raw ApiObject replay, ${egressText}`, variant: 'raw', size: size_, params, status: 'ok', samples: results.raw, median: med.raw, isBaseline: true });
      cases.push({ group: 'synth', name: `  (b) kplus.NetworkPolicy, ${egressText}`, variant: 'kplus', size: size_, params, status: 'ok', samples: results.kplus, median: med.kplus, isBaseline: true });
    }
  }
}

function compareCells(engineFile: string, naiveFile: string, endpoints: number): string | undefined {
  const a = fs.readFileSync(engineFile);
  const b = fs.readFileSync(naiveFile);
  if (a.length !== b.length) return `matrix sizes differ: engine ${a.length} cells, naive ${b.length}`;
  const n = Math.round(Math.sqrt(a.length));
  const diffs: string[] = [];
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      count++;
      if (diffs.length < 10) {
        const name = (k: number) => (k === endpoints ? 'internet' : `#${k}`);
        diffs.push(`${name(Math.floor(i / n))} -> ${name(i % n)}: engine ${a[i]}, naive ${b[i]}`);
      }
    }
  }
  return count === 0 ? undefined : `${count} cells differ, first: ${diffs.join('; ')}`;
}

async function benchAnalysis(js: string): Promise<void> {
  const dir = path.join(OUT, 'analysis');
  fs.mkdirSync(dir, { recursive: true });
  const measured = new Map<number, { engine: number; naive?: number }>();
  for (const { endpoints, samples, naiveSamples } of PLAN.analysis) {
    log(`analysis ${endpoints} endpoints`);
    const file = (v: string) => path.join(dir, `cells-${v}-${endpoints}.bin`);
    const variants = naiveSamples > 0 ? ['engine', 'naive'] as const : ['engine'] as const;
    const results = await rounds<'engine' | 'naive'>(variants, { engine: samples, naive: naiveSamples }, (variant, r) => runWorker(js, {
      kind: 'analysis', variant, endpoints, seed: SEED, ...(r === 0 ? { cellsFile: file(variant) } : {}),
    }));
    const e = results.engine;
    const policies = e[0].policies as number;
    const params = { endpoints, policies, namespaces: 50, port: 80, cells: e[0].cells };
    const size = `${endpoints} pods / ${policies} pol`;
    const engineMed = summarize(e);
    const medBuild = round(median(e.map((s) => s.buildMs as number)), 1);
    const medMatrix = round(median(e.map((s) => s.matrixMs as number)), 1);
    measured.set(endpoints, { engine: engineMed.ms });
    if (new Set(e.map((s) => s.cellsSha)).size !== 1) {
      checks.push({ name: `analysis ${endpoints}: the engine is deterministic`, ok: false, fatal: true, detail: 'two runs gave different matrices' });
    }
    if (naiveSamples > 0) {
      const nv = results.naive;
      const naiveMed = summarize(nv);
      measured.get(endpoints)!.naive = naiveMed.ms;
      const problem = e[0].cellsSha === nv[0].cellsSha ? undefined : compareCells(file('engine'), file('naive'), endpoints);
      checks.push({
        name: `analysis ${endpoints}: engine matrix equals the naive evaluator's`,
        ok: problem === undefined,
        fatal: true,
        detail: problem ?? `all ${e[0].cells} cells equal (${e[0].allowed} allowed)`,
      });
      cases.push({
        group: 'analysis',
        name: 'analysis engine: model + matrix',
        variant: 'engine',
        size,
        params,
        status: 'ok',
        samples: e,
        median: engineMed,
        ratios: { naive: round(engineMed.ms / naiveMed.ms, 4) },
        cpuRatios: { naive: round(engineMed.cpuMs! / naiveMed.cpuMs!, 4) },
        note: `build ${medBuild} ms + matrix ${medMatrix} ms`,
      });
      cases.push({ group: 'analysis', name: '  naive evaluator (pairs x policies)', variant: 'naive', size, params, status: 'ok', samples: nv, median: naiveMed, isBaseline: true });
    } else {
      const spot = await runWorker(js, { kind: 'spot-check', endpoints, seed: SEED, cellsFile: file('engine'), pairs: SPOT_CHECK_PAIRS }) as any;
      checks.push({
        name: `analysis ${endpoints}: ${spot.checked} random cells of the engine's matrix equal the naive evaluator's`,
        ok: spot.mismatches.length === 0,
        fatal: true,
        detail: spot.mismatches.length === 0 ? `all equal (the whole matrix is too big for the naive evaluator; ${round(spot.ms / 1000, 1)} s)`
          : `differences: ${spot.mismatches.join('; ')}`,
      });
      // The naive evaluator costs pairs x policies: (5x endpoints)^2 x 5x policies = 125x the 1,000 run.
      const base = [...measured.entries()].filter(([, m]) => m.naive !== undefined).sort(([a], [b]) => b - a)[0];
      const factor = base ? (endpoints / base[0]) ** 3 : NaN;
      const estimate = base ? round(base[1].naive! * factor, 0) : NaN;
      cases.push({
        group: 'analysis',
        name: 'analysis engine: model + matrix',
        variant: 'engine',
        size,
        params,
        status: 'ok',
        samples: e,
        median: engineMed,
        ratios: base ? { naiveExtrapolated: round(engineMed.ms / estimate, 5) } : undefined,
        note: `build ${medBuild} ms + matrix ${medMatrix} ms; ratio vs the EXTRAPOLATED naive time`,
      });
      cases.push({
        group: 'analysis',
        name: '  naive evaluator (pairs x policies)',
        variant: 'naive',
        size,
        params,
        status: base ? 'extrapolated' : 'skipped',
        samples: [],
        median: { ms: estimate },
        isBaseline: true,
        note: base ? `not run: ~${round(estimate / 60000, 0)} min; extrapolated as ${base[0]}-endpoint median x ${factor} (pairs x policies grow cubically)` : 'not run',
      });
    }
  }
}

async function benchPolicySweep(js: string): Promise<void> {
  const { endpoints, per100, samples } = PLAN.policySweep;
  const points: { policies: number; ms: number; cpuMs: number }[] = [];
  for (const p of per100) {
    log(`policy sweep ${endpoints} endpoints, ${p} policies per 100`);
    const results: WorkerResult[] = [];
    for (let s = 0; s < samples; s++) results.push(await runWorker(js, { kind: 'analysis', variant: 'engine', endpoints, seed: SEED, policiesPer100: p }));
    const policies = results[0].policies as number;
    const med = summarize(results);
    points.push({ policies, ms: med.ms, cpuMs: med.cpuMs! });
    cases.push({
      group: 'policy-sweep',
      name: 'analysis engine, more policies',
      variant: 'engine',
      size: `${endpoints} pods / ${policies} pol`,
      params: { endpoints, policies },
      status: 'ok',
      samples: results,
      median: med,
      ratios: { first: round(med.ms / points[0].ms, 2) },
      cpuRatios: { first: round(med.cpuMs! / points[0].cpuMs, 2) },
      note: `x${round(policies / points[0].policies, 1)} policies`,
    });
  }
}

/** The 1,000-pod / 300-policy matrix with cluster-scoped policies against the NetworkPolicy-only run, samples interleaved. */
async function benchTiers(js: string): Promise<void> {
  const { endpoints, clusterPolicies, samples } = PLAN.tiers;
  log(`tiers: ${endpoints} endpoints, with and without ${clusterPolicies} ClusterNetworkPolicies`);
  const base: WorkerResult[] = [];
  const tiers: WorkerResult[] = [];
  for (let s = 0; s < samples; s++) {
    base.push(await runWorker(js, { kind: 'analysis', variant: 'engine', endpoints, seed: SEED }));
    tiers.push(await runWorker(js, { kind: 'analysis', variant: 'engine', endpoints, seed: SEED, clusterPolicies }));
  }
  const policies = base[0].policies as number;
  const b = summarize(base);
  const t = summarize(tiers);
  const size = `${endpoints} pods / ${policies} pol`;
  cases.push({ group: 'tiers', name: 'matrix, NetworkPolicy only', variant: 'engine', size, params: { endpoints, policies }, status: 'ok', samples: base, median: b, isBaseline: true });
  cases.push({
    group: 'tiers', name: `matrix + ${clusterPolicies} ClusterNetworkPolicies`, variant: 'tiers', size: `${size} + ${clusterPolicies} cnp`,
    params: { endpoints, policies, clusterPolicies }, status: 'ok', samples: tiers, median: t,
    ratios: { npOnly: round(t.ms / b.ms, 2) }, cpuRatios: { npOnly: round(t.cpuMs! / b.cpuMs!, 2) },
    note: `matrix step ${round(median(tiers.map((r) => r.matrixMs as number)), 1)} ms vs ${round(median(base.map((r) => r.matrixMs as number)), 1)} ms`,
  });
}

async function benchAudit(js: string): Promise<void> {
  const { endpoints, samples } = PLAN.audit;
  const folder = path.join(OUT, `audit-${endpoints}`);
  const cli = path.join(js, 'src', 'cli', 'main.js');
  const size = `${endpoints} pods, 50 files`;
  if (!fs.existsSync(cli)) {
    cases.push({ group: 'audit', name: 'audit CLI end to end', variant: 'cli', size, params: { endpoints }, status: 'skipped', note: 'skipped: cli not built (no src/cli/main.ts)', samples: [], median: { ms: NaN } });
    return;
  }
  log(`audit: writing ${folder}`);
  const written = await runWorker(js, { kind: 'write-audit-folder', endpoints, seed: SEED, folder }) as any;
  const params = { endpoints, files: written.files, objects: written.objects, bytes: written.bytes };
  const runs = { parse: [] as any[], cli: [] as any[] };
  for (let r = 0; r < samples; r++) {
    log(`audit round ${r + 1}/${samples}`);
    const order = r % 2 === 0 ? ['parse', 'cli'] : ['cli', 'parse'];
    for (const v of order) {
      const result = v === 'cli'
        ? runNodeCommand(js, [cli, 'audit', folder, '--format', 'json'], ROOT)
        : runNodeCommand(js, [path.join(js, 'bench', 'audit', 'parse-yaml.js'), folder], ROOT);
      if (v === 'cli') {
        // 0 = clean, 1 = findings; anything else means the CLI failed.
        let summary: any;
        try {
          summary = JSON.parse(result.stdout).summary;
        } catch { /* reported below */ }
        if ((result.status !== 0 && result.status !== 1) || !summary) {
          cases.push({
            group: 'audit',
            name: 'audit CLI end to end',
            variant: 'cli',
            size,
            params,
            status: 'skipped',
            samples: [],
            median: { ms: NaN },
            note: `skipped: the CLI failed (exit ${result.status}): ${result.stderr.split('\n').slice(0, 3).join(' ')}`,
          });
          return;
        }
        runs.cli.push({ ms: result.ms, cpuMs: result.cpuMs, peakRssMb: result.peakRssMb, status: result.status, summary });
      } else {
        runs.parse.push({ ms: result.ms, cpuMs: result.cpuMs, peakRssMb: result.peakRssMb, objects: JSON.parse(result.stdout).objects });
      }
    }
  }
  const cliMed = summarize(runs.cli);
  const parseMed = summarize(runs.parse);
  const objectsSeen = runs.cli[0].summary.objects;
  checks.push({
    name: 'audit: the CLI read every object of the folder',
    ok: objectsSeen === written.objects,
    fatal: true,
    detail: `${objectsSeen} of ${written.objects} objects; ${runs.cli[0].summary.errors} errors, ${runs.cli[0].summary.warnings} warnings`,
  });
  cases.push({
    group: 'audit',
    name: 'audit CLI end to end (--format json)',
    variant: 'cli',
    size,
    params,
    status: 'ok',
    samples: runs.cli,
    median: cliMed,
    ratios: { parse: round(cliMed.ms / parseMed.ms, 2) },
    cpuRatios: { parse: round(cliMed.cpuMs! / parseMed.cpuMs!, 2) },
    note: 'whole process: node start-up, reading, parsing, lint, JSON output',
  });
  cases.push({ group: 'audit', name: '  yaml parseAllDocuments only', variant: 'parse', size, params, status: 'ok', samples: runs.parse, median: parseMed, isBaseline: true });
}

/** Every pair's connection set against the one-port matrix of the same Reachability, interleaved. */
async function benchConnections(js: string): Promise<void> {
  const { endpoints, samples } = PLAN.connections;
  const clusterPolicies = PLAN.tiers.clusterPolicies;
  log(`connections ${endpoints} endpoints (and with ${clusterPolicies} ClusterNetworkPolicies)`);
  const results = await rounds<'matrix' | 'all-connections' | 'all-connections-tiers'>(['matrix', 'all-connections', 'all-connections-tiers'],
    { 'matrix': samples, 'all-connections': samples, 'all-connections-tiers': samples },
    (variant) => runWorker(js, { kind: 'connections', variant, endpoints, seed: SEED, clusterPolicies }));
  const [m, a, t] = [summarize(results.matrix), summarize(results['all-connections']), summarize(results['all-connections-tiers'])];
  const policies = results.matrix[0].policies as number;
  const size = `${endpoints} pods / ${policies} pol`;
  const params = { endpoints, policies };
  cases.push({
    group: 'connections', name: 'allConnections(): every port, every pair', variant: 'all-connections', size, params, status: 'ok',
    samples: results['all-connections'], median: a, ratios: { matrix: round(a.ms / m.ms, 2) }, cpuRatios: { matrix: round(a.cpuMs! / m.cpuMs!, 2) },
    note: `${results['all-connections'][0].count} pairs with connections; the model is read outside the measured section`,
  });
  cases.push({
    group: 'connections', name: `allConnections() with ${clusterPolicies} cluster policies`, variant: 'all-connections-tiers', size: `${size} + ${clusterPolicies} cnp`,
    params: { ...params, clusterPolicies }, status: 'ok', samples: results['all-connections-tiers'], median: t,
    ratios: { npOnlyAll: round(t.ms / a.ms, 2), matrix: round(t.ms / m.ms, 2) }, cpuRatios: { npOnlyAll: round(t.cpuMs! / a.cpuMs!, 2), matrix: round(t.cpuMs! / m.cpuMs!, 2) },
    note: `${results['all-connections-tiers'][0].count} pairs with connections; against allConnections() of the same cluster without them`,
  });
  cases.push({ group: 'connections', name: '  matrix on TCP/80', variant: 'matrix', size, params, status: 'ok', samples: results.matrix, median: m, isBaseline: true });
}

/** `cdk8s-netpol diff` of two folders end to end against `cdk8s-netpol audit` of one, interleaved. */
async function benchDiff(js: string): Promise<void> {
  const { endpoints, samples } = PLAN.diff;
  const cli = path.join(js, 'src', 'cli', 'main.js');
  const [before, after] = [path.join(OUT, `diff-${endpoints}-before`), path.join(OUT, `diff-${endpoints}-after`)];
  log(`diff: writing ${before} and ${after}`);
  const written = await runWorker(js, { kind: 'write-diff-folders', endpoints, seed: SEED, before, after }) as any;
  const runs = { audit: [] as any[], diff: [] as any[] };
  let summary = '';
  for (let r = 0; r < samples; r++) {
    log(`diff round ${r + 1}/${samples}`);
    for (const v of r % 2 === 0 ? ['audit', 'diff'] as const : ['diff', 'audit'] as const) {
      const result = v === 'diff'
        ? runNodeCommand(js, [cli, 'diff', '--before', before, '--after', after, '--format', 'json', '--fail-on', 'never'], ROOT)
        : runNodeCommand(js, [cli, 'audit', before, '--format', 'json'], ROOT);
      if (v === 'diff') {
        if (result.status !== 0) throw new Error(`diff failed (exit ${result.status}): ${result.stderr.slice(0, 500)}`);
        summary = JSON.parse(result.stdout).summary;
      }
      runs[v].push({ ms: result.ms, cpuMs: result.cpuMs, peakRssMb: result.peakRssMb, status: result.status });
    }
  }
  const [d, a] = [summarize(runs.diff), summarize(runs.audit)];
  const size = `2 x ${endpoints} pods`;
  const params = { endpoints, objects: written.objects, deletedPolicies: written.deleted, widenedRules: written.widened };
  checks.push({ name: 'diff: the renamed policy is no change, the new workload is listed', ok: /1 new workload/.test(summary), fatal: true, detail: summary });
  cases.push({
    group: 'diff', name: 'diff CLI end to end (--format json)', variant: 'diff', size, params, status: 'ok', samples: runs.diff, median: d,
    ratios: { audit: round(d.ms / a.ms, 2) }, cpuRatios: { audit: round(d.cpuMs! / a.cpuMs!, 2) },
    note: `a pull request: ${written.deleted} policies deleted, ${written.widened} ingress rules widened, 1 policy renamed, 1 new namespace: ${summary}`,
  });
  cases.push({ group: 'diff', name: '  audit CLI of the before folder', variant: 'audit', size: `${endpoints} pods`, params, status: 'ok', samples: runs.audit, median: a, isBaseline: true });
}

/**
 * audit and explain of one `kubectl get -A -o yaml` dump (a single `kind: List` document, about 4.5 KB
 * a Pod) and of the same objects as `-o json` prints them: peak RSS and peak RSS per MB of input, the
 * measure of bounded memory.
 */
async function benchDump(js: string): Promise<void> {
  for (const format of ['yaml', 'json'] as const) {
    await benchDumpFormat(js, format);
  }
}

async function benchDumpFormat(js: string, format: 'yaml' | 'json'): Promise<void> {
  const { pods, samples } = PLAN.dump;
  const file = path.join(OUT, `dump-${pods}.${format}`);
  const cli = path.join(js, 'src', 'cli', 'main.js');
  log(`dump: writing ${file}`);
  const written = await runWorker(js, { kind: 'write-audit-dump', pods, seed: SEED, file, format }) as any;
  const mb = written.bytes / 2 ** 20;
  const size = `${pods.toLocaleString('en-US')} pods, ${Math.round(mb)} MB`;
  const params = { pods, objects: written.objects, bytes: written.bytes, format };
  const what = `kubectl dump (kind: List, ${format === 'json' ? 'JSON' : 'YAML'})`;
  const commands = {
    audit: [cli, 'audit', file, '--format', 'json'],
    explain: [cli, 'explain', file, '--from', 'internet', '--to', 'ns-1/app=api', '--port', '8080'],
  };
  for (const [command, args] of Object.entries(commands)) {
    const variant = `${command}-${format}`;
    const runs: any[] = [];
    for (let r = 0; r < samples; r++) {
      log(`dump: ${variant} round ${r + 1}/${samples}`);
      const result = runNodeCommand(js, args, ROOT);
      // audit: 0 or 1 (findings); explain: 0 (allowed) or 1 (denied); anything else is a failure.
      if (result.status !== 0 && result.status !== 1) {
        cases.push({ group: 'dump', name: `${command} of a ${what}`, variant, size, params, status: 'skipped', samples: [], median: { ms: NaN },
          note: `skipped: the CLI failed (exit ${result.status}): ${result.stderr.split('\n').slice(0, 3).join(' ')}` });
        break;
      }
      runs.push({ ms: result.ms, cpuMs: result.cpuMs, peakRssMb: result.peakRssMb, status: result.status, rssMbPerInputMb: round(result.peakRssMb / mb, 2),
        ...(command === 'audit' ? { objects: JSON.parse(result.stdout).summary.objects } : {}) });
    }
    if (runs.length < samples) continue;
    const med = summarize(runs);
    if (command === 'audit') {
      checks.push({ name: `dump: audit read every object of the ${format.toUpperCase()} dump`, ok: runs[0].objects === written.objects, fatal: true,
        detail: `${runs[0].objects} of ${written.objects} objects` });
    }
    cases.push({ group: 'dump', name: `${command} of a ${what}`, variant, size, params, status: 'ok', samples: runs, median: med,
      note: `peak RSS ${round(med.peakRssMb! / mb, 2)} MB per MB of input` });
  }
}

/** Memory per 1,000 objects of ClusterBaseline: per size (peak - start) and the slope of peak over objects. */
function synthMemory(): object[] {
  const out: object[] = [];
  for (const denyEgress of [false, true]) {
    for (const variant of ['baseline', 'nolint', 'raw', 'kplus']) {
      const rows = cases.filter((c) => c.group === 'synth' && c.variant === variant && c.params.denyEgress === denyEgress);
      if (rows.length === 0) continue;
      const objects = rows.map((c) => c.params.objects as number);
      const peak = rows.map((c) => c.median.peakRssMb!);
      out.push({
        variant,
        denyEgress,
        perSize: rows.map((c) => ({
          objects: c.params.objects,
          peakRssMb: c.median.peakRssMb,
          workMbPer1000: round(((c.median.peakRssMb! - c.median.startRssMb!) / (c.params.objects as number)) * 1000, 1),
        })),
        slopeMbPer1000: rows.length > 1 ? round(slope(objects, peak) * 1000, 1) : undefined,
      });
    }
  }
  return out;
}

function goals(memory: any[]): { goal: string; met: boolean | 'n/a'; detail: string }[] {
  const out: { goal: string; met: boolean | 'n/a'; detail: string }[] = [];
  const synth = cases.filter((c) => c.group === 'synth' && c.variant === 'baseline');
  if (synth.length > 0) {
    const nolint = cases.filter((c) => c.group === 'synth' && c.variant === 'nolint');
    const raw = synth.map((c) => `${c.size}${c.params.denyEgress ? ' egress' : ''}: ${c.ratios!.raw}x (cpu ${c.cpuRatios!.raw}x)`);
    out.push({
      goal: 'synth within 1.2x of raw ApiObjects',
      met: synth.every((c) => c.ratios!.raw <= 1.2),
      detail: `${raw.join(', ')}; with lint: false ${nolint.map((c) => `${c.ratios!.raw}x (cpu ${c.cpuRatios!.raw}x)`).join(', ')}`,
    });
    const kp = synth.map((c) => `${c.size}${c.params.denyEgress ? ' egress' : ''}: ${c.ratios!.kplus}x (cpu ${c.cpuRatios!.kplus}x)`);
    out.push({
      goal: 'synth faster than kplus.NetworkPolicy',
      met: synth.every((c) => c.ratios!.kplus < 1),
      detail: `${kp.join(', ')}; with lint: false ${nolint.map((c) => `${c.ratios!.kplus}x (cpu ${c.cpuRatios!.kplus}x)`).join(', ')}`,
    });
    const ours = memory.filter((m) => m.variant === 'baseline');
    // Linear: the memory a sample adds per object does not grow from the second-largest size to the largest.
    const linear = ours.every((m) => m.perSize.length < 2 ||
      m.perSize[m.perSize.length - 1].workMbPer1000 <= 1.25 * m.perSize[m.perSize.length - 2].workMbPer1000);
    out.push({
      goal: 'synth memory linear in objects',
      met: linear,
      detail: ours.map((m) => `denyEgress ${m.denyEgress ? 'on' : 'off'}: slope ${m.slopeMbPer1000} MB per 1,000 objects; per size ${m.perSize.map((p: any) => `${p.objects} obj ${p.workMbPer1000} MB/1k`).join(', ')}`).join('; '),
    });
  }
  const at1000 = cases.find((c) => c.group === 'analysis' && c.variant === 'engine' && c.params.endpoints === 1000);
  if (at1000) {
    out.push({ goal: 'analysis 1,000 pods / 300 policies under 1 s', met: at1000.median.ms < 1000, detail: `${at1000.median.ms} ms (${at1000.note})` });
  }
  const scale = cases.filter((c) => c.group === 'analysis' && c.variant === 'engine').sort((a, b) => (a.params.endpoints as number) - (b.params.endpoints as number));
  if (scale.length > 1) {
    const [a, b] = scale.slice(-2);
    const growth = (x: number, y: number) => Math.log(y / x) / Math.log((b.params.endpoints as number) / (a.params.endpoints as number));
    const k = growth(a.median.ms, b.median.ms);
    out.push({
      goal: 'analysis scaling (pods and policies x5 together; the matrix itself has pods^2 cells)',
      met: 'n/a',
      detail: `${a.size} ${a.median.ms} ms -> ${b.size} ${b.median.ms} ms: time ~ size^${round(k, 2)} (cpu ^${round(growth(a.median.cpuMs!, b.median.cpuMs!), 2)})`,
    });
  }
  const tiered = cases.find((c) => c.group === 'tiers' && c.variant === 'tiers');
  if (tiered) {
    out.push({
      goal: 'matrix with 20 cluster-scoped policies within 1.5x of the NetworkPolicy-only run',
      met: tiered.ratios!.npOnly <= 1.5,
      detail: `${tiered.ratios!.npOnly}x (cpu ${tiered.cpuRatios!.npOnly}x) at ${tiered.size}; ${tiered.note}`,
    });
  }
  for (const [group, goal] of [['connections', 'allConnections() within 3x of the one-port matrix'], ['diff', 'diff of two clusters within 3x of auditing one']]) {
    const c = cases.find((x) => x.group === group && !x.isBaseline && x.status === 'ok');
    if (c) out.push({ goal, met: Object.values(c.ratios!)[0] <= 3, detail: `${c.size}: ${Object.values(c.ratios!)[0]}x (cpu ${Object.values(c.cpuRatios!)[0]}x); ${c.note}` });
  }
  const sweep = cases.filter((c) => c.group === 'policy-sweep');
  if (sweep.length > 1) {
    const k = slope(sweep.map((c) => Math.log(c.params.policies as number)), sweep.map((c) => Math.log(c.median.ms)));
    const kCpu = slope(sweep.map((c) => Math.log(c.params.policies as number)), sweep.map((c) => Math.log(c.median.cpuMs!)));
    out.push({
      goal: 'analysis growth well below quadratic in policies',
      met: k < 1.5,
      detail: `time ~ policies^${round(k, 2)} (cpu ^${round(kCpu, 2)}) at 1,000 pods (${sweep.map((c) => `${c.params.policies} pol ${c.median.ms} ms`).join(', ')})`,
    });
  }
  return out;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function ratioText(c: CaseResult, ratios: CaseResult['ratios']): string {
  if (c.isBaseline) return c.status === 'ok' ? 'baseline' : c.status;
  if (!ratios) return '';
  const names: { [k: string]: string } = { raw: '(a)', kplus: '(b)', naive: 'naive', naiveExtrapolated: '~naive (extrap.)', parse: 'yaml parse', matrix: 'one-port matrix', audit: 'audit of one', first: `the ${cases.find((x) => x.group === 'policy-sweep')?.params.policies ?? ''}-policy run`, npOnly: 'NetworkPolicy only', npOnlyAll: 'allConnections() NetworkPolicy only' };
  // Large speed-ups read better inverted: 0.019x naive (53x faster).
  return Object.entries(ratios).map(([k, v]) => `${v}x ${names[k] ?? k}${v < 0.2 ? ` (${Math.round(1 / v).toLocaleString('en-US')}x faster)` : ''}`).join(', ');
}

function table(): { text: string; markdown: string } {
  const header = ['case', 'size', 'median ms', 'ratio vs baseline', 'same, CPU time', 'peak RSS MB'];
  const rows = cases.map((c) => [
    c.name, c.size,
    c.status === 'skipped' ? 'skipped' : `${c.status === 'extrapolated' ? '~' : ''}${Math.round(c.median.ms).toLocaleString('en-US')}`,
    c.group === 'dump' && c.status === 'ok' ? c.note! : ratioText(c, c.ratios),
    c.isBaseline ? '' : ratioText(c, c.cpuRatios),
    c.median.peakRssMb === undefined ? '' : String(Math.round(c.median.peakRssMb)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const text = [header, widths.map((w) => '-'.repeat(w)), ...rows].map((r) => r.map((v, i) => pad(v, widths[i])).join('  ')).join('\n');
  const md = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map((v) => v.trim().replace(/\|/g, '\\|')).join(' | ')} |`)].join('\n');
  return { text, markdown: md };
}

async function main(): Promise<void> {
  log(`transpiling src/ and bench/ into ${path.relative(ROOT, OUT)}/js`);
  const js = transpileProject(ROOT);
  if (ONLY.includes('synth')) await benchSynth(js);
  if (ONLY.includes('analysis')) {
    await benchAnalysis(js);
    await benchPolicySweep(js);
  }
  if (ONLY.includes('tiers')) await benchTiers(js);
  if (ONLY.includes('audit')) await benchAudit(js);
  if (ONLY.includes('dump')) await benchDump(js);
  if (ONLY.includes('connections')) {
    await benchConnections(js);
    await benchDiff(js);
  }

  const memory = synthMemory();
  const goalList = goals(memory);
  const { text, markdown } = table();
  const finished = new Date();
  const results = {
    date: started.toISOString(),
    durationS: round((finished.getTime() - started.getTime()) / 1000, 0),
    quick: QUICK,
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      arch: os.arch(),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      totalMemGb: round(os.totalmem() / 2 ** 30, 1),
      loadAverageAtStart: loadStart.map((l) => round(l, 2)),
      loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)),
    },
    method: 'every sample in a fresh node process (--expose-gc); variants of one case interleaved round-robin; medians; ' +
      'ms = wall time of the measured section (synth: construct + app.synthYaml(); analysis: model + matrix on TCP/80; ' +
      'audit: the whole process), cpuMs = its CPU time; peakRssMb = process.resourceUsage().maxRSS of the sample process',
    plan: PLAN,
    goals: goalList,
    checks,
    synthMemory: memory,
    table: markdown,
    cases,
  };
  const file = QUICK ? path.join(OUT, 'results-quick.json') : path.join(ROOT, 'bench', 'results.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');

  process.stdout.write(`\n${text}\n\nGoals:\n${goalList.map((g) => `  [${g.met === true ? 'met' : g.met === false ? 'MISSED' : 'info'}] ${g.goal}: ${g.detail}`).join('\n')}\n`);
  const memoryLines = (memory as any[]).map((m) => `  ${pad(m.variant, 8)} denyEgress ${m.denyEgress ? 'on ' : 'off'}: ` +
    `${m.slopeMbPer1000} MB per 1,000 objects (slope of peak RSS); peak RSS minus start per 1,000 objects: ` +
    m.perSize.map((p: any) => `${p.objects} obj ${p.workMbPer1000}`).join(', '));
  process.stdout.write(`\nSynth memory:\n${memoryLines.join('\n')}\n`);
  process.stdout.write(`\nChecks:\n${checks.map((c) => `  [${c.ok ? 'ok' : 'FAIL'}] ${c.name}: ${c.detail}`).join('\n')}\n`);
  process.stdout.write(`\nMarkdown:\n${markdown}\n\nwrote ${path.relative(ROOT, file)} (${results.durationS} s)\n`);
  const failed = checks.filter((c) => !c.ok && c.fatal);
  if (failed.length > 0) {
    process.stderr.write(`\nBENCHMARK CORRECTNESS CHECK FAILED:\n${failed.map((c) => `  ${c.name}: ${c.detail}`).join('\n')}\n`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exitCode = 1;
});
