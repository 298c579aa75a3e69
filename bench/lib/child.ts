import { fork, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Every sample runs in a fresh node process: peak RSS is that sample's own, and no JIT or GC state
 * leaks from one case into another.
 */

/** What a worker reports for one sample. */
export interface WorkerResult {
  /** Wall time of the measured section, in ms. */
  readonly ms: number;
  /** CPU time (user + system) of the measured section, in ms. */
  readonly cpuMs?: number;
  /** Peak RSS of the whole process (process.resourceUsage().maxRSS), in MiB. */
  readonly peakRssMb: number;
  /** RSS right before the measured section (after imports, input loading and a full GC), in MiB. */
  readonly startRssMb: number;
  /** Anything else the case reports (object counts, hashes, split timings). */
  readonly [extra: string]: unknown;
}

/** Runs `task` in a fresh `node --expose-gc <jsRoot>/bench/worker.js` and returns what it reports. */
export function runWorker(jsRoot: string, task: object): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(jsRoot, 'bench', 'worker.js'), [JSON.stringify(task)], {
      execArgv: ['--expose-gc', '--max-old-space-size=4096'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: WorkerResult | undefined;
    let failure: string | undefined;
    child.on('message', (m: any) => {
      if (m && m.error) failure = m.error;
      else result = m;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result && code === 0) resolve(result);
      else reject(new Error(`worker ${JSON.stringify(task)} failed (exit ${code ?? signal}): ${failure ?? 'no result'}`));
    });
  });
}

/** What one run of an outside command reports. */
export interface CommandResult {
  readonly ms: number;
  /** CPU time of the whole process (user + system), in ms. */
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node <args>` with the RSS reporter preloaded; the time is the whole process, start to exit,
 * as a user sees it.
 */
export function runNodeCommand(jsRoot: string, args: string[], cwd: string): CommandResult {
  const rssFile = path.join(os.tmpdir(), `bench-rss-${process.pid}-${Date.now()}`);
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', path.join(jsRoot, 'bench', 'lib', 'report-rss.js'), ...args], {
    cwd, env: { ...process.env, BENCH_RSS_FILE: rssFile }, maxBuffer: 1024 ** 3, encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let peakRssMb = NaN;
  let cpuMs = NaN;
  try {
    const report = JSON.parse(fs.readFileSync(rssFile, 'utf8'));
    peakRssMb = report.maxRssKb / 1024;
    cpuMs = report.cpuMs;
    fs.rmSync(rssFile);
  } catch {
    // the process died before its exit hook: leave NaN
  }
  return { ms, cpuMs, peakRssMb, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
