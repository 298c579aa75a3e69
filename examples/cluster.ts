/**
 * A cluster-wide baseline for several namespaces with default-deny egress: every namespace denies
 * ingress and egress, keeps DNS, and every declared connection gets both its sides — across
 * namespaces too, because the ClusterBaseline knows that the source namespaces deny egress.
 */
import { App, Chart, YamlOutputType } from 'cdk8s';
import { ClusterBaseline, Ports } from '../src';

/** The example's app; `outdir` defaults to $CDK8S_OUTDIR (what `cdk8s synth` sets), else dist/examples. */
export function clusterApp(outdir = process.env.CDK8S_OUTDIR ?? 'dist/examples'): App {
  const app = new App({ outdir, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const chart = new Chart(app, 'cluster');

  const cluster = new ClusterBaseline(chart, 'Cluster', {
    namespaces: ['frontend', 'orders', 'payments', 'monitoring'],
    denyEgress: true,
    internetEgress: true,
    newDeployments: true,
  });

  // frontend: the storefront is public (label networking/allow-internet-access=true) and calls orders.
  cluster.addAllowFrom('orders', { fromNamespace: 'frontend', fromLabels: { app: 'storefront' }, toLabels: { app: 'orders-api' }, ports: [Ports.tcp(8080)] });

  // orders: its own database is a hub; it calls the payments API.
  cluster.baseline('orders').addHub({ hubName: 'orders-db', hubLabels: { app: 'orders-db' }, ports: [Ports.tcp(5432)] });
  cluster.addAllowFrom('payments', { fromNamespace: 'orders', fromLabels: { app: 'orders-api' }, toLabels: { app: 'payments-api' }, ports: [Ports.tcp(8443)] });

  // payments: the API reads its ledger database.
  cluster.baseline('payments').addConnection({ fromLabels: { app: 'payments-api' }, toLabels: { app: 'ledger' }, ports: [Ports.tcp(5432)] });

  // monitoring: Prometheus scrapes every namespace on the named metrics port; Grafana reads Prometheus.
  for (const namespace of ['frontend', 'orders', 'payments']) {
    cluster.addAllowFrom(namespace, { fromNamespace: 'monitoring', fromLabels: { app: 'prometheus' }, ports: [Ports.named('metrics')] });
  }
  cluster.baseline('monitoring').addConnection({ fromLabels: { app: 'grafana' }, toLabels: { app: 'prometheus' }, ports: [Ports.tcp(9090)] });
  return app;
}

// Run by itself (`npx ts-node examples/cluster.ts`, or `cdk8s synth` with examples/cdk8s.yaml), the
// example is a cdk8s app and writes its manifest; imported (run-all.ts, the tests), it only builds.
if (require.main === module) {
  clusterApp().synth();
}
