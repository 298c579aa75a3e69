/**
 * NamespaceBaseline's workload methods (exposeToInternet, addHubClient, addServerTarget, allowConnection,
 * allowFromNamespace, markNewDeployment): the grants of `Workloads`, restricted to the baseline's
 * namespace, with the egress sides the baseline needs; proved through the reachability engine.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { allowedConnections, charts, deployment } from './support';
import { Reachability } from '../../src/analysis/reachability';
import { ClusterBaseline } from '../../src/baseline/cluster-baseline';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { Ports } from '../../src/model/ports';
import { Protocol } from '../../src/model/protocol';
import { policyNames, synthApp } from '../support/kube';

function shop(denyEgress = false) {
  const { app, charts: [s, m] } = charts('shop', 'monitoring');
  return {
    app,
    shopChart: s,
    monitoringChart: m,
    baseline: new NamespaceBaseline(s, 'baseline', { namespace: 'shop', denyEgress }),
    web: deployment(s, 'web', [{ number: 8443 }]),
    api: deployment(s, 'api', [{ number: 8080 }, { number: 9102, name: 'metrics' }]),
    db: deployment(s, 'db', [{ number: 5432 }]),
    backup: deployment(s, 'backup'),
    worker: deployment(s, 'worker'),
    prometheus: deployment(m, 'prometheus', [{ number: 9090 }]),
  };
}

const PORTS = [53, 443, 5432, 8080, 8443, 9102];

/** The allowed connections into the shop (monitoring has no baseline in these tests, so it is open). */
function intoShop(app: App, ports: number[]): string[] {
  return allowedConnections(app, ports).filter((c) => c.includes('-> shop/'));
}

describe('NamespaceBaseline workload methods', () => {
  test('the guide\'s shop through the baseline: exactly what was declared', () => {
    const s = shop();
    s.baseline.exposeToInternet(s.web);
    s.baseline.allowConnection(s.web, s.api, { ports: [Ports.tcp(8080)] });
    s.baseline.addHubClient(s.db, s.api);
    s.baseline.addServerTarget(s.backup, s.db, { ports: [Ports.tcp(5432)] });
    s.baseline.allowConnection(s.prometheus, s.api, { ports: [Ports.named('metrics')] });
    const toWeb = ['internet', 'shop/api', 'shop/db', 'shop/backup', 'shop/worker', 'monitoring/prometheus'].map((f) => `${f} -> shop/web:8443`);
    expect(intoShop(s.app, PORTS)).toEqual([
      ...toWeb, 'shop/web -> shop/api:8080', 'shop/api -> shop/db:5432', 'shop/backup -> shop/db:5432', 'monitoring/prometheus -> shop/api:9102',
    ].sort());
    expect(policyNames(synthApp(s.app))).toEqual([
      'shop/allow-backup-to-access', 'shop/allow-db-access', 'shop/allow-monitoring-prometheus-to-api',
      'shop/allow-web-to-api', 'shop/default-deny-ingress', 'shop/internet-access', 'shop/internet-access-web',
    ]);
  });

  test('exposing a workload without ports re-uses the baseline\'s own internet-access policy', () => {
    const s = shop();
    s.baseline.exposeToInternet(s.backup);
    expect(policyNames(synthApp(s.app))).toEqual(['shop/default-deny-ingress', 'shop/internet-access']);
    expect(intoShop(s.app, [22])).toEqual(['internet', 'shop/api', 'shop/db', 'shop/web', 'shop/worker', 'monitoring/prometheus']
      .map((f) => `${f} -> shop/backup:22`).sort());
  });

  test('the baseline\'s addHub and addHubClient share one hub policy when they describe the same hub', () => {
    const s = shop();
    s.baseline.addHub({ hubName: 'db', hubLabels: s.db.matchLabels, ports: [Ports.tcp(5432)] });
    s.baseline.addHubClient(s.db, s.api);
    expect(policyNames(synthApp(s.app)).filter((n) => n.includes('db'))).toEqual(['shop/allow-db-access']);
    expect(intoShop(s.app, [5432])).toEqual(['shop/api -> shop/db:5432']);
  });

  test('with denyEgress, every grant gets its egress side: the declared connections work, DNS works, nothing else', () => {
    const s = shop(true);
    s.baseline.addHubClient(s.db, s.api);
    s.baseline.allowConnection(s.web, s.api, { ports: [Ports.tcp(8080)] });
    s.baseline.addServerTarget(s.backup, s.db, { ports: [Ports.tcp(5432)] });
    const fromShop = allowedConnections(s.app, PORTS, true).filter((c) => c.startsWith('shop/'));
    expect(fromShop).toEqual(['shop/api -> shop/db:5432', 'shop/backup -> shop/db:5432', 'shop/web -> shop/api:8080']);
    // DNS: every pod of the shop resolves names over UDP and TCP 53 (kube-dns is outside this app: ask the engine for a hypothetical one).
    const objects = synthApp(s.app);
    const kubeDns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } };
    const reach = Reachability.fromManifests([...objects, kubeDns]);
    for (const protocol of [Protocol.UDP, Protocol.TCP]) {
      expect(reach.canConnect({ namespace: 'shop', pod: 'worker' }, { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }, { port: 53, protocol })).toBe(true);
    }
  });

  test('markNewDeployment: the new deployment talks both ways with the namespace', () => {
    const s = shop();
    s.baseline.markNewDeployment(s.worker);
    const conns = intoShop(s.app, [8080]).filter((c) => c.includes('shop/worker'));
    expect(conns).toEqual(['shop/api', 'shop/backup', 'shop/db', 'shop/web'].flatMap((p) => [`${p} -> shop/worker:8080`, `shop/worker -> ${p}:8080`]).sort());
  });

  test('allowFromNamespace: every pod of monitoring reaches api on its declared ports', () => {
    const s = shop();
    const monitoring = new kplus.Namespace(s.monitoringChart, 'ns', { metadata: { name: 'monitoring' } });
    s.baseline.allowFromNamespace(monitoring, s.api);
    expect(allowedConnections(s.app, PORTS).filter((c) => c.startsWith('monitoring/'))).toEqual([
      'monitoring/prometheus -> shop/api:8080', 'monitoring/prometheus -> shop/api:9102',
    ]);
  });

  test('a workload in another namespace than the baseline is an error', () => {
    const s = shop();
    expect(() => s.baseline.exposeToInternet(s.prometheus)).toThrow(
      /^monitoring\/prometheus: the workload is in namespace "monitoring", but shop\/baseline protects "shop"/);
    expect(() => s.baseline.addHubClient(s.db, s.prometheus)).toThrow(/^monitoring\/prometheus: the workload is in namespace "monitoring"/);
    expect(() => s.baseline.allowConnection(s.api, s.prometheus)).toThrow(/^monitoring\/prometheus: the workload is in namespace "monitoring"/);
    expect(() => s.baseline.markNewDeployment(s.prometheus)).toThrow(/^monitoring\/prometheus: the workload is in namespace "monitoring"/);
  });

  test('a workload without a namespace is an error', () => {
    const s = shop();
    const loose = new kplus.Deployment(new Chart(s.app, 'loose'), 'job', { containers: [{ image: 'x' }] });
    expect(() => s.baseline.exposeToInternet(loose)).toThrow(/^loose\/job: the workload has no namespace, but exposing it to the internet needs one/);
    expect(() => s.baseline.allowConnection(loose, s.api)).toThrow(/^loose\/job: the workload has no namespace, but a connection from it needs one/);
  });
});

describe('ClusterBaseline: cross-namespace workload connections get the egress side the source namespace needs', () => {
  test('from a namespace that denies egress', () => {
    const { app, charts: [chart] } = charts('cluster');
    const cluster = new ClusterBaseline(chart, 'cluster', { namespaces: ['shop', 'monitoring'], denyEgress: true });
    const api = deployment(chart, 'api', [{ number: 9102 }], { metadata: { name: 'api', namespace: 'shop' } });
    const prometheus = deployment(chart, 'prometheus', [], { metadata: { name: 'prometheus', namespace: 'monitoring' } });
    cluster.baseline('shop').allowConnection(prometheus, api);
    expect(allowedConnections(app, [9102], true)).toEqual(['monitoring/prometheus -> shop/api:9102']);
    expect(policyNames(synthApp(app))).toContain('monitoring/allow-monitoring-prometheus-to-api-egress');
  });
});
