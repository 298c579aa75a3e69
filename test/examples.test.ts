import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { EXAMPLES, synthesizeExample } from '../examples/run-all';
import { shopKplusApp } from '../examples/shop-kplus';
import { summarize } from '../examples/summary';
import { internet, kubeDns, net, pod } from './engine/support';
import { KubeObject, synthApp, validateAll } from './support/kube';

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
      'monitoring: 2 policies; ingress default-deny; {app=grafana} → {app=prometheus}:9090',
      'shop: 8 policies; ingress default-deny; monitoring/{app=prometheus} → *:metrics; {networking/allow-all-connections=true} → *:any; ' +
        'anyone → {networking/allow-internet-access=true}:443; {networking/allow-db-access=true} → {app=db}:5432; ' +
        '{app=backup} → {networking/allow-backup-to-access=true}:5432; {app=web} → {app=api}:8080; * → {networking/allow-all-connections=true}:any',
    ]);
  });

  test('cluster: every namespace denies egress, keeps DNS, and declared cross-namespace calls work end to end', () => {
    const objects = synthApp(EXAMPLES.find((e) => e.name === 'cluster')!.build(outdir));
    const lines = summarize(objects);
    expect(lines.map((l) => l.split(':')[0])).toEqual(['frontend', 'monitoring', 'orders', 'payments']);
    for (const line of lines) {
      expect(line).toMatch(/: \d+ policies; ingress default-deny; egress default-deny, DNS ok; .*\{networking\/allow-internet-egress=true\} → internet:any$/);
    }
    expect(lines[2]).toMatch(/frontend\/\{app=storefront\} → \{app=orders-api\}:8080; .*\{networking\/allow-orders-db-access=true\} → \{app=orders-db\}:5432/);
    expect(lines[3]).toMatch(/orders\/\{app=orders-api\} → \{app=payments-api\}:8443; .*\{app=payments-api\} → \{app=ledger\}:5432/);
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

  test('the summary says when egress is denied without DNS, and when ingress has no default-deny', () => {
    const objects = [
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'd', namespace: 'x' }, spec: { podSelector: {}, policyTypes: ['Egress'] } },
    ];
    expect(summarize(objects)).toEqual(['x: 1 policy; ingress OPEN (no default-deny); egress default-deny, NO DNS; anyone → *:any']);
  });

  test('the summary is decided by the engine: DNS over UDP only, and a peer pair in the guide\'s broken OR shape', () => {
    const objects = [
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'x' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'dns', namespace: 'x' },
        spec: {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }] }],
        },
      },
      {
        // two peers (the guide's extra dash): every pod of y, OR pods app=a of x
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'or', namespace: 'x' },
        spec: {
          podSelector: { matchLabels: { app: 'b' } },
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'y' } } }, { podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 80 }] }],
        },
      },
    ];
    // x/a cannot send (egress is denied in x), every pod of y can: the line says y/* → b, not a → b
    expect(summarize(objects)).toEqual(['x: 3 policies; ingress default-deny; egress default-deny, DNS over UDP only; y/* → {app=b}:80']);
  });

  test('shop-kplus: namespaces with workloads are described by their workloads', () => {
    const objects = synthApp(shopKplusApp(outdir));
    expect(summarize(objects)).toEqual([
      'monitoring: 2 policies; ingress default-deny; grafana → prometheus:9090',
      'shop: 7 policies; ingress default-deny; anyone → web:8443; web → api:8080; monitoring/prometheus → api:9102; api → db:5432; backup → db:5432',
    ]);
  });
});
