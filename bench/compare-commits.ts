/**
 * Per-case comparison of this checkout against another one (`npm run bench:compare`): is any bench case
 * slower than before? Both trees run the same cases on the same inputs (the scenario and the cluster
 * generator are seeded), each sample in a fresh node process of its own tree, old and new alternating
 * sample by sample (the order flips every round) so a busy moment of the shared machine hits both
 * alike. Prints, per case, the medians of both and the median of the paired ratios new/old (each round's
 * two samples) on CPU time, with a 95% interval, and on wall time.
 *
 * The other tree must have its own node_modules (`git worktree add ../old <commit> && cd ../old && npm ci`).
 * Options (environment): BENCH_OLD=<path of the other tree> (required); BENCH_NEW=<path of the new tree,
 * default this checkout: two other commits, such as a merge and its first parent, to measure one change
 * alone>; BENCH_ROUNDS=<samples per side, default 7>; BENCH_QUICK=1 (the quick sizes of `npm run bench`);
 * BENCH_ONLY=synth,analysis,audit.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runNodeCommand, runWorker, WorkerResult } from './lib/child';
import { median, medianInterval, round } from './lib/stats';
import { transpileProject } from './lib/transpile';

const NEW_ROOT = path.resolve(process.env.BENCH_NEW ?? path.join(__dirname, '..'));
const OLD_ROOT = path.resolve(process.env.BENCH_OLD ?? '');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const QUICK = process.env.BENCH_QUICK === '1';
const ONLY = (process.env.BENCH_ONLY ?? 'synth,analysis,audit').split(',');
const SEED = 7;

/** One case: what to run, once per sample, in a tree whose transpiled code is at `js`. */
interface Case {
  readonly name: string;
  readonly run: (js: string, root: string) => Promise<{ ms: number; cpuMs?: number; check: string }>;
}

function log(message: string): void {
  process.stderr.write(`[compare ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function synthCases(): Case[] {
  const sizes = QUICK ? [10, 100] : [10, 100, 1000];
  return sizes.flatMap((size) => [false, true].flatMap((denyEgress) => (['baseline', 'nolint'] as const).map((variant) => ({
    name: `synth ${variant === 'baseline' ? 'ClusterBaseline' : 'lint: false'}, ${size} ns, denyEgress ${denyEgress ? 'on' : 'off'}`,
    run: async (js: string) => {
      const r = await runWorker(js, { kind: 'synth', variant, size, denyEgress });
      return { ms: r.ms, cpuMs: r.cpuMs, check: String(r.yamlSha) };
    },
  }))));
}

function analysisCases(): Case[] {
  const sizes = QUICK ? [100, 1000] : [100, 1000, 5000];
  return sizes.map((endpoints) => ({
    name: `engine fromManifests + matrix, ${endpoints} endpoints`,
    run: async (js: string) => {
      const r: WorkerResult = await runWorker(js, { kind: 'analysis', variant: 'engine', endpoints, seed: SEED });
      return { ms: r.ms, cpuMs: r.cpuMs, check: String(r.cellsSha ?? r.allowed ?? '') };
    },
  }));
}

/** The audit CLI end to end on one folder, written once by this tree's generator. */
async function auditCases(): Promise<Case[]> {
  const endpoints = QUICK ? 1000 : 5000;
  const folder = path.join(NEW_ROOT, 'bench', 'out', `compare-audit-${endpoints}`);
  await runWorker(path.join(NEW_ROOT, 'bench', 'out', 'js'), { kind: 'write-audit-folder', endpoints, seed: SEED, folder });
  return [{
    name: `audit CLI, ${endpoints} pods`,
    run: async (js: string, root: string) => {
      const r = runNodeCommand(js, [path.join(js, 'src', 'cli', 'main.js'), 'audit', folder, '--format', 'json'], root);
      if (r.status !== 0 && r.status !== 1) throw new Error(`audit failed in ${root} (exit ${r.status}): ${r.stderr.slice(0, 300)}`);
      return { ms: r.ms, cpuMs: r.cpuMs, check: JSON.stringify(JSON.parse(r.stdout).summary) };
    },
  }];
}

/** One measured sample. */
interface Sample {
  readonly ms: number;
  readonly cpuMs?: number;
}

/** Runs one case `ROUNDS` times per tree, old and new alternating, and returns the row of the table. */
async function compare(c: Case, trees: { old: string; new: string }): Promise<string[]> {
  const samples = { old: [] as Sample[], new: [] as Sample[] };
  const checks = { old: new Set<string>(), new: new Set<string>() };
  for (let r = 0; r < ROUNDS; r++) {
    for (const side of (r % 2 === 0 ? ['old', 'new'] : ['new', 'old']) as Array<'old' | 'new'>) {
      const root = side === 'old' ? OLD_ROOT : NEW_ROOT;
      const result = await c.run(trees[side], root);
      samples[side].push(result);
      checks[side].add(result.check);
    }
  }
  const med = (side: 'old' | 'new', f: (s: Sample) => number | undefined) =>
    median(samples[side].map(f).filter((v): v is number => typeof v === 'number'));
  const cpu = { old: med('old', (s) => s.cpuMs), new: med('new', (s) => s.cpuMs) };
  const wall = { old: med('old', (s) => s.ms), new: med('new', (s) => s.ms) };
  const cpuRatios = pairedRatios(samples, (s) => s.cpuMs);
  const interval = medianInterval(cpuRatios);
  const same = checks.old.size === 1 && [...checks.old][0] === [...checks.new][0] && checks.new.size === 1 ? 'same output' : 'OUTPUT DIFFERS';
  return [c.name, `${round(cpu.old, 0)}`, `${round(cpu.new, 0)}`, `${round(median(cpuRatios), 3)}`,
    interval ? `${round(interval.low, 3)}-${round(interval.high, 3)}` : '-',
    `${round(wall.old, 0)}`, `${round(wall.new, 0)}`, `${round(median(pairedRatios(samples, (s) => s.ms)), 3)}`, same];
}

/**
 * new/old of each round: the two samples of a round run one after the other, so a slow spell of the
 * shared machine that hits one hits the other too, and the ratio of the pair cancels it, where the
 * ratio of the two medians keeps it.
 */
function pairedRatios(samples: { old: Sample[]; new: Sample[] }, f: (s: Sample) => number | undefined): number[] {
  const ratios: number[] = [];
  samples.old.forEach((o, r) => {
    const a = f(o);
    const b = f(samples.new[r]);
    if (typeof a === 'number' && typeof b === 'number' && a > 0) ratios.push(b / a);
  });
  return ratios;
}

async function main(): Promise<void> {
  if (!process.env.BENCH_OLD || !fs.existsSync(path.join(OLD_ROOT, 'node_modules'))) {
    throw new Error('set BENCH_OLD to the other checkout, with its node_modules (git worktree add ../old <commit> && cd ../old && npm ci)');
  }
  log(`transpiling ${NEW_ROOT} and ${OLD_ROOT}`);
  const trees = { new: transpileProject(NEW_ROOT), old: transpileProject(OLD_ROOT) };
  const cases = [
    ...(ONLY.includes('synth') ? synthCases() : []),
    ...(ONLY.includes('analysis') ? analysisCases() : []),
    ...(ONLY.includes('audit') ? await auditCases() : []),
  ];
  const rows = [['case', 'old cpu ms', 'new cpu ms', 'cpu new/old', 'cpu 95% CI', 'old wall ms', 'new wall ms', 'wall new/old', 'check']];
  for (const c of cases) {
    log(`${c.name} (${ROUNDS} rounds)`);
    rows.push(await compare(c, trees));
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  process.stdout.write(rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n') + '\n');
  process.stdout.write(`${ROUNDS} rounds, old and new alternating; ms columns: medians per side; new/old: median of the ${ROUNDS} ` +
    'paired ratios (old and new of one round), with its distribution-free 95% interval; ratios above 1.05 are more than 5% slower\n');
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
