/**
 * Preloaded (`node -r`) into processes the benchmark does not write itself (the CLI): on exit it
 * writes the process's peak RSS (KiB) and CPU time (ms) as JSON to the file named by BENCH_RSS_FILE.
 */
import * as fs from 'fs';

const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    fs.writeFileSync(target, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, cpuMs: (cpu.user + cpu.system) / 1000 }));
  });
}
