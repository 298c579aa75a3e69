/**
 * The label-granting operations on cdk8s-plus workloads, proved through the reachability engine: after
 * each grant, the app allows exactly what was declared (every allowed pair is listed) and nothing else.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { allowedConnections, charts, deployment } from './support';
import { Ports } from '../../src/model/ports';
import { AllowDnsEgress } from '../../src/policies/allow-dns-egress';
import { DefaultDenyEgress } from '../../src/policies/default-deny-egress';
import { DefaultDenyIngress } from '../../src/policies/default-deny-ingress';
import { HubAccess } from '../../src/policies/hub-access';
import { InternetAccess } from '../../src/policies/internet-access';
import { Workloads } from '../../src/workloads/workloads';
import { objectNamed, policyNames, synthApp } from '../support/kube';

/** The guide's shop: web, api, db, a backup server, and prometheus in a monitoring namespace; default-deny ingress in both. */
function shop() {
  const { app, charts: [s, m] } = charts('shop', 'monitoring');
  new DefaultDenyIngress(s, 'deny', { namespace: 'shop' });
  new DefaultDenyIngress(m, 'deny', { namespace: 'monitoring' });
  return {
    app,
    shopChart: s,
    monitoringChart: m,
    web: deployment(s, 'web', [{ number: 8080, name: 'http' }]),
    api: deployment(s, 'api', [{ number: 9000, name: 'api' }]),
    db: deployment(s, 'db', [{ number: 5432, name: 'postgres' }]),
    backup: deployment(s, 'backup'),
    prometheus: deployment(m, 'prometheus', [], { podMetadata: { labels: { app: 'prometheus' } } }),
  };
}

const ENDPOINTS = ['internet', 'shop/web', 'shop/api', 'shop/db', 'shop/backup', 'monitoring/prometheus'];

/** `from -> to:port` for every source but `to` itself. */
function everyoneTo(to: string, ports: number[], sources = ENDPOINTS): string[] {
  return sources.filter((s) => s !== to).flatMap((s) => ports.map((p) => `${s} -> ${to}:${p}`));
}

function reach(app: App, ports: number[]): string[] {
  synthApp(app);
  return allowedConnections(app, ports);
}

function template(app: App, name: string): any {
  return objectNamed(synthApp(app), 'Deployment', name).spec.template.metadata;
}

describe('Workloads.exposeToInternet (guide: "Explicitly allow internet access for pods that need it")', () => {
  test('a workload with declared ports: every source reaches it on those ports only, through its own policy', () => {
    const s = shop();
    const access = Workloads.exposeToInternet(s.shopChart, s.web);
    expect(access.name).toBe('internet-access-web');
    expect(reach(s.app, [80, 8080, 9000])).toEqual(everyoneTo('shop/web', [8080]).sort());
    // No gate label: with the namespace's internet-access policy it would open every port.
    expect(template(s.app, 'web').labels).toEqual(s.web.matchLabels);
    expect(policyNames(synthApp(s.app))).toEqual(['monitoring/default-deny-ingress', 'shop/default-deny-ingress', 'shop/internet-access-web']);
  });

  test('a workload without ports gets the gate label and the namespace\'s internet-access policy, once for all', () => {
    const s = shop();
    const a = Workloads.exposeToInternet(s.shopChart, s.backup);
    const b = Workloads.exposeToInternet(s.shopChart, s.api, { useGateLabel: true });
    expect(b).toBe(a);
    expect(template(s.app, 'backup').labels['networking/allow-internet-access']).toBe('true');
    expect(template(s.app, 'api').labels['networking/allow-internet-access']).toBe('true');
    expect(policyNames(synthApp(s.app))).toEqual(['monitoring/default-deny-ingress', 'shop/default-deny-ingress', 'shop/internet-access']);
    expect(reach(s.app, [80, 9000])).toEqual([...everyoneTo('shop/backup', [80, 9000]), ...everyoneTo('shop/api', [80, 9000])].sort());
  });

  test('the namespace\'s existing internet-access policy (made elsewhere) is re-used, not duplicated', () => {
    const s = shop();
    const existing = new InternetAccess(s.shopChart, 'internet', { namespace: 'shop' });
    expect(Workloads.exposeToInternet(s.shopChart, s.backup)).toBe(existing);
    expect(policyNames(synthApp(s.app)).filter((n) => n.includes('internet'))).toEqual(['shop/internet-access']);
  });

  test('ports override the declared ones; sources keep out every other address', () => {
    const s = shop();
    Workloads.exposeToInternet(s.shopChart, s.web, { ports: [Ports.tcp(443)], sources: ['203.0.113.0/24'] });
    expect(reach(s.app, [443, 8080])).toEqual(['internet -> shop/web:443']);
  });

  test('useGateLabel cannot be combined with ports or sources', () => {
    const s = shop();
    expect(() => Workloads.exposeToInternet(s.shopChart, s.web, { useGateLabel: true, ports: [Ports.tcp(443)] })).toThrow(
      /^shop\/web: useGateLabel admits every port from every source/);
  });
});

describe('Workloads.addHubClient (guide: hub and spoke)', () => {
  test('the clients reach the hub on its declared port, and nothing else is opened', () => {
    const s = shop();
    const first = Workloads.addHubClient(s.shopChart, s.db, s.api);
    const second = Workloads.addHubClient(s.shopChart, s.db, s.web);
    expect(second).toBe(first);
    expect(first.name).toBe('allow-db-access');
    expect(first.accessLabel).toBe('networking/allow-db-access');
    expect(reach(s.app, [80, 5432])).toEqual(['shop/api -> shop/db:5432', 'shop/web -> shop/db:5432']);
    expect(policyNames(synthApp(s.app))).toEqual(['monitoring/default-deny-ingress', 'shop/allow-db-access', 'shop/default-deny-ingress']);
  });

  test('the access label goes on the client\'s pod template; no selector changes', () => {
    const s = shop();
    const selectors = [s.web, s.api, s.db].map((w) => w.matchLabels);
    Workloads.addHubClient(s.shopChart, s.db, s.api);
    Workloads.addHubClient(s.shopChart, s.db, s.web);
    expect([s.web, s.api, s.db].map((w) => w.matchLabels)).toEqual(selectors);
    const objects = synthApp(s.app);
    for (const [name, selector] of [['web', selectors[0]], ['api', selectors[1]], ['db', selectors[2]]] as const) {
      expect(objectNamed(objects, 'Deployment', name).spec.selector).toEqual({ matchLabels: selector });
    }
    expect({ web: template(s.app, 'web'), api: template(s.app, 'api'), db: template(s.app, 'db') }).toMatchSnapshot();
  });

  test('a HubAccess the app already has for the same hub is re-used', () => {
    const s = shop();
    const existing = new HubAccess(s.shopChart, 'db-hub', { namespace: 'shop', hubName: 'db', hubLabels: s.db.matchLabels, ports: [Ports.tcp(5432)] });
    expect(Workloads.addHubClient(s.shopChart, s.db, s.api)).toBe(existing);
    expect(reach(s.app, [5432])).toEqual(['shop/api -> shop/db:5432']);
  });

  test('the same hub with other ports is a different policy with the same name: an error naming both', () => {
    const s = shop();
    Workloads.addHubClient(s.shopChart, s.db, s.api);
    expect(() => Workloads.addHubClient(s.shopChart, s.db, s.web, { ports: [Ports.tcp(5433)] })).toThrow(
      /duplicate NetworkPolicy name "allow-db-access" in namespace "shop": shop\/Hub-shop-db\/Policy already creates it/);
  });

  test('hub and client in different namespaces is an error: access labels work within one namespace', () => {
    const s = shop();
    expect(() => Workloads.addHubClient(s.shopChart, s.db, s.prometheus)).toThrow(
      /^monitoring\/prometheus: the client is in namespace "monitoring" but the hub shop\/db is in "shop": .*use Workloads.allowConnection across namespaces/);
  });

  test('a workload without a namespace is an error', () => {
    const s = shop();
    const loose = new kplus.Deployment(new Chart(s.app, 'loose'), 'worker', { containers: [{ image: 'x' }] });
    expect(() => Workloads.addHubClient(s.shopChart, s.db, loose)).toThrow(/^loose\/worker: the workload has no namespace, but hub access needs one/);
    expect(() => Workloads.exposeToInternet(s.shopChart, loose)).toThrow(/^loose\/worker: the workload has no namespace/);
  });

  test('with default-deny egress, egress: true keeps the client\'s connection working; without it the hub is unreachable', () => {
    for (const egress of [true, false]) {
      const s = shop();
      new DefaultDenyEgress(s.shopChart, 'deny-egress', { namespace: 'shop' });
      new AllowDnsEgress(s.shopChart, 'dns', { namespace: 'shop' });
      Workloads.addHubClient(s.shopChart, s.db, s.api, { egress });
      expect(reach(s.app, [5432])).toEqual(egress ? ['shop/api -> shop/db:5432'] : []);
    }
  });

  test('a selector changed after the grant fails the synthesis', () => {
    const s = shop();
    Workloads.addHubClient(s.shopChart, s.db, s.api);
    s.db.select(kplus.LabelSelector.of({ labels: { app: 'db' } }));
    expect(() => synthApp(s.app)).toThrow(/shop\/db: its selector changed to .* after shop\/Hub-shop-db was made for .*call select\(\) on the workload before/);
  });
});

describe('Workloads.addServerTarget (guide: a server that initiates connections)', () => {
  test('the server reaches its targets on every port, nobody else is opened', () => {
    const s = shop();
    const a = Workloads.addServerTarget(s.shopChart, s.backup, s.db);
    expect(Workloads.addServerTarget(s.shopChart, s.backup, s.api)).toBe(a);
    expect(a.name).toBe('allow-backup-to-access');
    expect(template(s.app, 'db').labels['networking/allow-backup-to-access']).toBe('true');
    expect(reach(s.app, [22, 5432])).toEqual([
      'shop/backup -> shop/api:22', 'shop/backup -> shop/api:5432', 'shop/backup -> shop/db:22', 'shop/backup -> shop/db:5432',
    ]);
  });

  test('ports narrow it', () => {
    const s = shop();
    Workloads.addServerTarget(s.shopChart, s.backup, s.db, { ports: [Ports.tcp(5432)] });
    expect(reach(s.app, [22, 5432])).toEqual(['shop/backup -> shop/db:5432']);
  });
});

describe('Workloads.allowConnection (guide: "If You Know Exactly Which Connections Should Be Allowed")', () => {
  test('within the namespace: from reaches to on to\'s declared ports, and only that', () => {
    const s = shop();
    const allow = Workloads.allowConnection(s.shopChart, s.web, s.api);
    expect(Workloads.allowConnection(s.shopChart, s.web, s.api)).toBe(allow);
    expect(reach(s.app, [80, 9000])).toEqual(['shop/web -> shop/api:9000']);
    expect(policyNames(synthApp(s.app))).toContain('shop/allow-web-to-api');
    expect(template(s.app, 'web').labels).toEqual(s.web.matchLabels);
  });

  test('named ports: the policy names the destination\'s port, and the engine resolves it', () => {
    const s = shop();
    Workloads.allowConnection(s.shopChart, s.web, s.api, { namedPorts: true });
    const objects = synthApp(s.app);
    expect(objects.find((o) => o.metadata.name === 'allow-web-to-api')!.spec.ingress[0].ports).toEqual([{ port: 'api', protocol: 'TCP' }]);
    expect(reach(s.app, [80, 9000])).toEqual(['shop/web -> shop/api:9000']);
  });

  test('across namespaces: one peer with namespaceSelector AND podSelector, in the destination\'s namespace', () => {
    const s = shop();
    Workloads.allowConnection(s.shopChart, s.prometheus, s.api, { ports: [Ports.tcp(9090)] });
    expect(reach(s.app, [80, 9000, 9090])).toEqual(['monitoring/prometheus -> shop/api:9090']);
    expect(policyNames(synthApp(s.app))).toContain('shop/allow-monitoring-prometheus-to-api');
  });

  test('from a whole namespace (kplus.Namespace)', () => {
    const s = shop();
    const monitoring = new kplus.Namespace(s.monitoringChart, 'ns', { metadata: { name: 'monitoring' } });
    const allow = Workloads.allowFromNamespace(s.shopChart, monitoring, s.api);
    expect(allow.name).toBe('allow-monitoring-to-api');
    expect(reach(s.app, [80, 9000])).toEqual(['monitoring/prometheus -> shop/api:9000']);
  });
});

describe('Workloads.allowFromPods (a kplus.Pods selection as the source)', () => {
  test('labelled pods of named namespaces: one allow per namespace, nothing else', () => {
    const s = shop();
    const scrapers = kplus.Pods.select(s.shopChart, 'scrapers', {
      labels: { app: 'prometheus' },
      namespaces: kplus.Namespaces.select(s.shopChart, 'nss', { names: ['monitoring', 'shop'] }),
    });
    const allows = Workloads.allowFromPods(s.shopChart, scrapers, s.api, { ports: [Ports.tcp(9102)] });
    expect(allows).toHaveLength(2);
    expect(reach(s.app, [9000, 9102])).toEqual(['monitoring/prometheus -> shop/api:9102']);
    expect(policyNames(synthApp(s.app)).filter((n) => n.includes('-to-api'))).toEqual([
      'shop/allow-monitoring-prometheus-to-api', 'shop/allow-prometheus-to-api',
    ]);
  });

  test('without namespaces: the pods of the workload\'s namespace; every pod when no labels', () => {
    const s = shop();
    Workloads.allowFromPods(s.shopChart, kplus.Pods.all(s.shopChart, 'everyone'), s.db);
    expect(reach(s.app, [5432])).toEqual(['shop/api -> shop/db:5432', 'shop/backup -> shop/db:5432', 'shop/web -> shop/db:5432']);
  });

  test('selections by expressions or namespace labels are refused', () => {
    const s = shop();
    const byExpression = kplus.Pods.select(s.shopChart, 'expr', { expressions: [kplus.LabelExpression.exists('app')] });
    expect(() => Workloads.allowFromPods(s.shopChart, byExpression, s.db)).toThrow(/^shop\/expr: the pods are selected with matchExpressions/);
    const byNsLabel = kplus.Pods.select(s.shopChart, 'nslabel', {
      labels: { app: 'x' }, namespaces: kplus.Namespaces.select(s.shopChart, 'team', { labels: { team: 'a' } }),
    });
    expect(() => Workloads.allowFromPods(s.shopChart, byNsLabel, s.db)).toThrow(/^shop\/nslabel: the pods' namespaces are selected by labels/);
  });
});

describe('Workloads.markNewDeployment (guide: "What About New Deployments?")', () => {
  test('the new deployment talks both ways with every pod of its namespace, on every port', () => {
    const s = shop();
    const a = Workloads.markNewDeployment(s.shopChart, s.backup);
    expect(Workloads.markNewDeployment(s.shopChart, s.web)).toBe(a);
    const shopPods = ['shop/web', 'shop/api', 'shop/db', 'shop/backup'];
    const both = (w: string) => shopPods.filter((p) => p !== w).flatMap((p) => [`${p} -> ${w}:80`, `${w} -> ${p}:80`]);
    expect(reach(s.app, [80])).toEqual([...new Set([...both('shop/backup'), ...both('shop/web')])].sort());
    expect(template(s.app, 'backup').labels['networking/allow-all-connections']).toBe('true');
  });
});
