/**
 * The guide's shop again, this time described with cdk8s-plus workloads: the policies take their
 * selectors from the Deployments' own match labels and their ports from the containers, and the access
 * labels the guide relies on are put on the pod templates by the library.
 *
 * Namespace `shop`: web (internet-facing), api, db (a hub; api is its client) and a backup server that
 * initiates connections to db. Namespace `monitoring`: Prometheus scrapes api's metrics port; Grafana
 * reads Prometheus.
 */
import { App, Chart, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { NamespaceBaseline, Ports } from '../src';

/** A Deployment with a readable name, in a namespace, serving the given container ports. */
function app(chart: Chart, namespace: string, name: string, ports: kplus.ContainerPort[] = []): kplus.Deployment {
  const deployment = new kplus.Deployment(chart, name, {
    metadata: { name, namespace },
    // Select the pods by app=<name> (instead of cdk8s-plus's generated address label): readable policies.
    select: false,
    podMetadata: { labels: { app: name } },
    containers: [{ image: `registry.example.com/${name}:1.0`, ports, securityContext: { user: 1000 } }],
  });
  deployment.select(kplus.LabelSelector.of({ labels: { app: name } }));
  return deployment;
}

/** The example's app; `outdir` defaults to $CDK8S_OUTDIR (what `cdk8s synth` sets), else dist/examples. */
export function shopKplusApp(outdir = process.env.CDK8S_OUTDIR ?? 'dist/examples'): App {
  const root = new App({ outdir, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const chart = new Chart(root, 'shop-kplus');

  const shop = new kplus.Namespace(chart, 'ShopNamespace', { metadata: { name: 'shop' } });
  const monitoring = new kplus.Namespace(chart, 'MonitoringNamespace', { metadata: { name: 'monitoring' } });

  const web = app(chart, shop.name, 'web', [{ number: 8443, name: 'https' }]);
  const api = app(chart, shop.name, 'api', [{ number: 8080, name: 'http' }, { number: 9102, name: 'metrics' }]);
  const db = app(chart, shop.name, 'db', [{ number: 5432, name: 'postgres' }]);
  const backup = app(chart, shop.name, 'backup');
  const prometheus = app(chart, monitoring.name, 'prometheus', [{ number: 9090, name: 'web' }]);
  const grafana = app(chart, monitoring.name, 'grafana', [{ number: 3000, name: 'http' }]);

  // "Isolate" your pods: default-deny ingress in both namespaces (and the guide's internet-access policy
  // in the shop, for pods that carry its label).
  const shopBaseline = new NamespaceBaseline(chart, 'Shop', { namespace: shop.name });
  const monitoringBaseline = new NamespaceBaseline(chart, 'Monitoring', { namespace: monitoring.name, internetAccess: false });

  // Explicitly allow internet access for pods that need it: web, on the port its container declares (8443).
  shopBaseline.exposeToInternet(web);

  // Within the same namespace: web calls api on its named http port.
  shopBaseline.allowConnection(web, api, { ports: [Ports.named('http')] });

  // Sources and sinks: db is a hub and api its client (api's pod template gets networking/allow-db-access=true).
  shopBaseline.addHubClient(db, api);

  // ... and the reverse: the backup server reaches db (db's pod template gets networking/allow-backup-to-access=true).
  shopBaseline.addServerTarget(backup, db, { ports: [Ports.tcp(5432)] });

  // Across namespaces: Prometheus scrapes api's named metrics port; Grafana reads Prometheus.
  shopBaseline.allowConnection(prometheus, api, { ports: [Ports.named('metrics')] });
  monitoringBaseline.allowConnection(grafana, prometheus);

  return root;
}

// Run by itself (`npx ts-node examples/shop-kplus.ts`, or `cdk8s synth` with examples/cdk8s.yaml), the
// example is a cdk8s app and writes its manifest; imported (run-all.ts, the tests), it only builds.
if (require.main === module) {
  shopKplusApp().synth();
}
