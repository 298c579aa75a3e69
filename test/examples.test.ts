import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { EXAMPLES, synthesizeExample } from '../examples/run-all';
import { summarize } from '../examples/summary';
import { internet, kubeDns, net, pod } from './engine/support';
import { KubeObject, synthApp, validateAll } from './policies/synth';

describe('examples', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'netpol-examples-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test.each(EXAMPLES.map((e) => [e.name, e]))('%s synthesizes to <name>.k8s.yaml and every object is valid', (_name, example) => {
    const objects = synthesizeExample(example.build, example.name, outdir) as KubeObject[];
    expect(objects.length).toBeGreaterThan(0);
    validateAll(objects);
    // the same objects straight from the app, without the YAML round trip
    expect(synthApp(example.build(outdir))).toEqual(objects);
  });

  test('shop: the guide end to end', () => {
    const objects = synthApp(EXAMPLES.find((e) => e.name === 'shop')!.build(outdir));
    const api = pod('shop', { 'app': 'api', 'networking/allow-db-access': 'true' });
    const db = pod('shop', { 'app': 'db', 'networking/allow-backup-to-access': 'true' });
    const web = pod('shop', { 'app': 'web', 'networking/allow-internet-access': 'true' });
    expect(net(objects).canConnect(internet, web, 443)).toBe(true);
    expect(net(objects).canConnect(internet, api, 443)).toBe(false);
    expect(net(objects).canConnect(web, api, 8080)).toBe(true);
    expect(net(objects).canConnect(api, db, 5432)).toBe(true);
    expect(net(objects).canConnect(web, db, 5432)).toBe(false);
    expect(net(objects).canConnect(pod('shop', { app: 'backup' }), db, 5432)).toBe(true);
    expect(net(objects).canConnect(pod('monitoring', { app: 'grafana' }), pod('monitoring', { app: 'prometheus' }), 9090)).toBe(true);
    expect(summarize(objects)).toEqual([
      expect.stringMatching(/^monitoring: 2 policies, default-deny ingress; accepts: app=prometheus ← app=grafana on tcp\/9090$/),
      expect.stringMatching(/^shop: 8 policies, default-deny ingress; accepts: .*app=db ← networking\/allow-db-access=true on tcp\/5432.*all pods ← monitoring\/app=prometheus on tcp\/metrics/),
    ]);
  });

  test('cluster: every namespace denies egress, keeps DNS, and declared cross-namespace calls work end to end', () => {
    const objects = synthApp(EXAMPLES.find((e) => e.name === 'cluster')!.build(outdir));
    const lines = summarize(objects);
    expect(lines.map((l) => l.split(':')[0])).toEqual(['frontend', 'monitoring', 'orders', 'payments']);
    for (const line of lines) {
      expect(line).toMatch(/default-deny ingress\+egress, DNS ok/);
    }
    const storefront = pod('frontend', { app: 'storefront' });
    const ordersApi = pod('orders', { 'app': 'orders-api', 'networking/allow-orders-db-access': 'true' });
    expect(net(objects).canConnect(storefront, kubeDns, 53, 'UDP')).toBe(true);
    expect(net(objects).canConnect(storefront, ordersApi, 8080)).toBe(true);
    expect(net(objects).canConnect(storefront, pod('payments', { app: 'payments-api' }), 8443)).toBe(false);
    expect(net(objects).canConnect(ordersApi, pod('payments', { app: 'payments-api' }), 8443)).toBe(true);
    expect(net(objects).canConnect(ordersApi, pod('orders', { app: 'orders-db' }), 5432)).toBe(true);
    expect(net(objects).canConnect(pod('payments', { app: 'payments-api' }), pod('payments', { app: 'ledger' }), 5432)).toBe(true);
    expect(net(objects).canConnect(pod('payments', { app: 'ledger' }), pod('payments', { app: 'payments-api' }), 5432)).toBe(false);
  });

  test('the summary says when egress is denied without DNS', () => {
    const objects = [
      { kind: 'NetworkPolicy', metadata: { name: 'd', namespace: 'x' }, spec: { podSelector: {}, policyTypes: ['Egress'] } },
    ];
    expect(summarize(objects)).toEqual(['x: 1 policy, default-deny egress, NO DNS, 0 egress allows; accepts: nothing']);
  });
});
