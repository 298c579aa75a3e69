/**
 * cdk8s-plus's own network policies (`connections.allowFrom/allowTo`, `kplus.NetworkPolicy`) next to our
 * baseline in one chart: no duplicate names, and what each adds, proved through the reachability engine.
 */
import * as kplus from 'cdk8s-plus-28';
import { allowedConnections, charts, deployment } from './support';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { Workloads } from '../../src/workloads/workloads';
import { policyNames, synthApp } from '../support/kube';

function shopWithBaseline() {
  const { app, charts: [chart] } = charts('shop');
  new NamespaceBaseline(chart, 'baseline', { namespace: 'shop' });
  const web = deployment(chart, 'web', [{ number: 8080 }]);
  const api = deployment(chart, 'api', [{ number: 9000 }]);
  const db = deployment(chart, 'db', [{ number: 5432 }]);
  Workloads.exposeToInternet(chart, web);
  Workloads.addHubClient(chart, db, api);
  return { app, chart, web, api, db };
}

const BASELINE = ['internet -> shop/web:8080', 'shop/api -> shop/db:5432', 'shop/api -> shop/web:8080', 'shop/db -> shop/web:8080'];

describe('mixing cdk8s-plus network policies with the baseline', () => {
  test('the baseline alone: exactly what was declared', () => {
    const s = shopWithBaseline();
    expect(allowedConnections(s.app, [5432, 8080, 9000])).toEqual(BASELINE);
    synthApp(s.app);
  });

  test('allowFrom with isolation POD adds only an ingress policy: one more connection, nothing lost, no duplicate name', () => {
    const s = shopWithBaseline();
    s.api.connections.allowFrom(s.web, { isolation: kplus.PodConnectionsIsolation.POD });
    const objects = synthApp(s.app);
    const kplusPolicies = objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name.startsWith('allowingress'));
    expect(kplusPolicies).toHaveLength(1);
    // cdk8s-plus selects by the cdk8s.io/metadata.addr label, and its peer is namespaceSelector AND podSelector.
    expect(kplusPolicies[0].spec).toEqual({
      podSelector: { matchLabels: s.api.matchLabels },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: s.web.matchLabels } }],
        ports: [{ port: 9000, protocol: 'TCP' }],
      }],
    });
    expect(new Set(policyNames(objects)).size).toBe(policyNames(objects).length);
    expect(allowedConnections(s.app, [5432, 8080, 9000])).toEqual([...BASELINE, 'shop/web -> shop/api:9000'].sort());
  });

  test('Workloads.allowConnection says the same as allowFrom with isolation POD, with a readable name', () => {
    const viaKplus = shopWithBaseline();
    viaKplus.api.connections.allowFrom(viaKplus.web, { isolation: kplus.PodConnectionsIsolation.POD });
    const viaUs = shopWithBaseline();
    Workloads.allowConnection(viaUs.chart, viaUs.web, viaUs.api);
    expect(allowedConnections(viaUs.app, [5432, 8080, 9000])).toEqual(allowedConnections(viaKplus.app, [5432, 8080, 9000]));
    expect(policyNames(synthApp(viaUs.app))).toContain('shop/allow-web-to-api');
  });

  test('allowTo by default also puts an egress policy on the initiating pod: it loses every other egress', () => {
    const s = shopWithBaseline();
    expect(allowedConnections(s.app, [53, 443, 5432], true)).toEqual(expect.arrayContaining(['shop/api -> internet:443', 'shop/api -> shop/db:5432']));
    s.api.connections.allowTo(s.web);
    const after = allowedConnections(s.app, [53, 443, 5432, 8080], true);
    // api may now reach web, and nothing else: not its database, not the internet (nor DNS).
    expect(after.filter((c) => c.startsWith('shop/api'))).toEqual(['shop/api -> shop/web:8080']);
    expect(policyNames(synthApp(s.app)).filter((n) => n.startsWith('shop/allowegress'))).toHaveLength(1);
  });

  test('allowTo with isolation PEER keeps the initiating pod\'s egress open', () => {
    const s = shopWithBaseline();
    s.api.connections.allowTo(s.web, { isolation: kplus.PodConnectionsIsolation.PEER });
    const after = allowedConnections(s.app, [443, 5432, 8080], true);
    expect(after.filter((c) => c.startsWith('shop/api'))).toEqual([
      'shop/api -> internet:443', 'shop/api -> internet:5432', 'shop/api -> internet:8080', 'shop/api -> shop/db:5432', 'shop/api -> shop/web:8080',
    ]);
  });

  test('a kplus.NetworkPolicy with generated name never collides with ours', () => {
    const s = shopWithBaseline();
    new kplus.NetworkPolicy(s.chart, 'internet-access', {
      selector: s.web, metadata: { namespace: 'shop' }, ingress: { rules: [{ peer: kplus.Pods.all(s.chart, 'all'), ports: [kplus.NetworkPolicyPort.tcp(8080)] }] },
    });
    const names = policyNames(synthApp(s.app));
    expect(new Set(names).size).toBe(names.length);
    // cdk8s-plus names its objects <chart>-<construct path>-<hash>; ours are readable and never end in a hash.
    expect(names.filter((n) => n.includes('internet-access'))).toEqual([
      'shop/internet-access', 'shop/internet-access-web', expect.stringMatching(/^shop\/shop-internet-access-c8[0-9a-f]{6}$/),
    ]);
  });

  test('a kplus.NetworkPolicy given one of our names fails the synthesis instead of replacing ours when applied', () => {
    const s = shopWithBaseline();
    new kplus.NetworkPolicy(s.chart, 'mine', { selector: s.web, metadata: { name: 'allow-db-access', namespace: 'shop' } });
    expect(() => synthApp(s.app)).toThrow(
      /NetworkPolicy shop\/allow-db-access is emitted 2 times \(shop\/Hub-shop-db\/Policy, shop\/mine\/Resource\): applied, one replaces the other/);
  });
});
