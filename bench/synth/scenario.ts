import { App, Chart } from 'cdk8s';
import { ClusterBaseline, Ports } from '../../src';

/**
 * The synth scenario of the benchmarks: N namespaces, each with internet access (the default), two hubs,
 * three in-namespace connections and two cross-namespace allows (from the next two namespaces).
 */

/** The namespace names of a cluster of `size` namespaces: ns-0000, ns-0001, ... */
export function namespaceNames(size: number): string[] {
  return Array.from({ length: size }, (_, i) => `ns-${String(i).padStart(4, '0')}`);
}

/**
 * Builds the ClusterBaseline of the scenario in a fresh app and returns the app.
 * @param lint run the construct's lint as a cdk8s validation at synth (the default of ClusterBaseline)
 */
export function buildBaselineApp(size: number, denyEgress: boolean, lint = true): App {
  const app = new App();
  const chart = new Chart(app, 'bench');
  const names = namespaceNames(size);
  const cluster = new ClusterBaseline(chart, 'cluster', { namespaces: names, denyEgress, lint });
  names.forEach((ns, i) => {
    const baseline = cluster.baseline(ns);
    baseline.addHub({ hubName: 'db', hubLabels: { app: 'db' }, ports: [Ports.tcp(5432)] });
    baseline.addHub({ hubName: 'cache', hubLabels: { app: 'cache' }, ports: [Ports.tcp(6379)] });
    baseline.addConnection({ fromLabels: { app: 'web' }, toLabels: { app: 'api' }, ports: [Ports.tcp(8080)] });
    baseline.addConnection({ fromLabels: { app: 'api' }, toLabels: { app: 'worker' }, ports: [Ports.tcpRange(9000, 9010)] });
    baseline.addConnection({ fromLabels: { app: 'worker' }, toLabels: { app: 'queue' }, ports: [Ports.tcp(5672)] });
    // With a single namespace the "next" namespaces are the namespace itself; sizes here are >= 10.
    for (const step of [1, 2]) {
      const from = names[(i + step) % names.length];
      baseline.addAllowFrom({ fromNamespace: from, fromLabels: { app: step === 1 ? 'web' : 'prometheus' }, toLabels: { app: 'api' }, ports: [Ports.tcp(8080)] });
    }
  });
  return app;
}
