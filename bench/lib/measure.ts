/**
 * Inside a worker: measures one section. Collects garbage first (the worker runs with --expose-gc) so
 * the starting RSS is the floor left by imports and input. CPU time (user + system of this process)
 * is reported next to wall time: on a shared machine it moves less when other work competes.
 */
export function measure<T>(work: () => T): { value: T; ms: number; cpuMs: number; startRssMb: number; peakRssMb: number } {
  (globalThis as any).gc?.();
  const startRssMb = process.memoryUsage().rss / 1048576;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const value = work();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { value, ms, cpuMs: (used.user + used.system) / 1000, startRssMb, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}
