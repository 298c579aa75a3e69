// Test support for the workload grants: cdk8s-plus workloads in charts of one app, and the connections
// the engine allows between them. Synthesis and validation: test/support/kube.ts.
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Reachability } from '../../src/analysis/reachability';

/**
 * Every allowed connection between two different endpoints of the app (workloads as `namespace/name`,
 * and `internet` as a source) on the given ports, as sorted `from -> to:port` lines: all that reaches a
 * pod. Connections to the internet are left out unless `toInternet` (no grant here touches egress to it).
 */
export function allowedConnections(app: App, ports: number[], toInternet = false): string[] {
  const matrix = Reachability.fromApp(app).matrix({ ports });
  return matrix.allowedPairs().filter((p) => p.from !== p.to && (toInternet || p.to !== 'internet'))
    .map((p) => `${p.from} -> ${p.to}:${p.port}`).sort();
}

/** A fresh app with one chart per namespace. */
export function charts(...namespaces: string[]): { app: App; charts: Chart[] } {
  const app = Testing.app();
  return { app, charts: namespaces.map((ns) => new Chart(app, ns, { namespace: ns })) };
}

/** A Deployment with a readable name and the given container ports. */
export function deployment(scope: Chart, name: string, ports: kplus.ContainerPort[] = [],
  props: Partial<kplus.DeploymentProps> = {}): kplus.Deployment {
  return new kplus.Deployment(scope, name, {
    metadata: { name },
    containers: [{ image: `example/${name}`, ports, securityContext: { user: 1000 } }],
    ...props,
  });
}
