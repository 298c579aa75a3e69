/**
 * The guide end to end for a small shop: namespace `shop` runs web, api, db and a backup server that
 * initiates connections; namespace `monitoring` runs Prometheus, which scrapes the shop's pods through
 * a cross-namespace allow. Each block names the guide section it implements.
 */
import { App, Chart, YamlOutputType } from 'cdk8s';
import {
  AllowConnection,
  CrossNamespaceAllow,
  DefaultDenyIngress,
  HubAccess,
  InternetAccess,
  NamespaceBaseline,
  NewDeploymentAccess,
  Ports,
  ServerAccess,
} from '../src';

/** The example's app; `outdir` defaults to $CDK8S_OUTDIR (what `cdk8s synth` sets), else dist/examples. */
export function shopApp(outdir = process.env.CDK8S_OUTDIR ?? 'dist/examples'): App {
  const app = new App({ outdir, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const chart = new Chart(app, 'shop');
  const namespace = 'shop';

  // "Isolate" your pods: nothing gets into the shop unless a policy below admits it.
  new DefaultDenyIngress(chart, 'DefaultDeny', { namespace });

  // Explicitly allow internet access for pods that need it: web carries
  // networking/allow-internet-access=true and is reachable on 443 only.
  new InternetAccess(chart, 'Internet', { namespace, ports: [Ports.tcp(443)] });

  // If You Know the Sources and Sinks for Communication: db is a hub; pods labelled
  // networking/allow-db-access=true (api) reach it on 5432.
  new HubAccess(chart, 'DbHub', { namespace, hubName: 'db', hubLabels: { app: 'db' }, ports: [Ports.tcp(5432)] });

  // ... and the reverse case: the backup server initiates connections to the pods labelled
  // networking/allow-backup-to-access=true (db) on 5432.
  new ServerAccess(chart, 'Backup', { namespace, serverName: 'backup', serverLabels: { app: 'backup' }, ports: [Ports.tcp(5432)] });

  // If You Know Exactly Which Connections Should Be Allowed, within the same namespace: web → api.
  new AllowConnection(chart, 'WebToApi', { namespace, fromLabels: { app: 'web' }, toLabels: { app: 'api' }, ports: [Ports.tcp(8080)] });

  // Across Namespaces: Prometheus in `monitoring` scrapes every shop pod on its named `metrics` port.
  new CrossNamespaceAllow(chart, 'Scrape', {
    fromNamespace: 'monitoring',
    fromLabels: { app: 'prometheus' },
    toNamespace: namespace,
    ports: [Ports.named('metrics')],
  });

  // What About New Deployments? pods labelled networking/allow-all-connections=true talk to the whole
  // namespace until their own policies exist.
  new NewDeploymentAccess(chart, 'NewDeployments', { namespace });

  // The monitoring namespace with the baseline construct: isolated, Grafana reads Prometheus.
  new NamespaceBaseline(chart, 'Monitoring', {
    namespace: 'monitoring',
    internetAccess: false,
    connections: [{ fromLabels: { app: 'grafana' }, toLabels: { app: 'prometheus' }, ports: [Ports.tcp(9090)] }],
  });
  return app;
}

// Run by itself (`npx ts-node examples/shop.ts`, or `cdk8s synth` with examples/cdk8s.yaml), the
// example is a cdk8s app and writes its manifest; imported (run-all.ts, the tests), it only builds.
if (require.main === module) {
  shopApp().synth();
}
