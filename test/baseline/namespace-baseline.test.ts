import { Chart, Testing } from 'cdk8s';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { Ports } from '../../src/model/ports';
import { kubeDns, net, pod } from '../engine/support';
import { KubeObject, policy, policyNames, synth, validateAll } from '../support/kube';


describe('NamespaceBaseline defaults', () => {
  test('default-deny ingress and label-gated internet access, and nothing else', () => {
    const objects = synth((s) => new NamespaceBaseline(s, 'shop', { namespace: 'shop' }));
    expect(policyNames(objects)).toEqual(['shop/default-deny-ingress', 'shop/internet-access']);
    expect(policy(objects, 'default-deny-ingress').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(objects.some((o) => o.kind === 'Namespace')).toBe(false);
  });

  test('without denyEgress no pod\'s egress is touched', () => {
    const objects = synth((s) => new NamespaceBaseline(s, 'shop', {
      namespace: 'shop',
      allowSameNamespace: true,
      newDeployments: true,
      hubs: [{ hubName: 'db', hubLabels: { app: 'db' } }],
      servers: [{ serverName: 'backup', serverLabels: { app: 'backup' } }],
      connections: [{ fromLabels: { app: 'web' }, toLabels: { app: 'api' } }],
      allowFrom: [{ fromNamespace: 'monitoring' }],
    }));
    for (const o of objects) {
      expect(o.spec.policyTypes).toEqual(['Ingress']);
    }
  });

  test('internetAccess: false leaves it out; the switches add their constructs', () => {
    const objects = synth((s) => new NamespaceBaseline(s, 'shop', { namespace: 'shop', internetAccess: false, allowSameNamespace: true, newDeployments: true }));
    expect(policyNames(objects)).toEqual([
      'shop/allow-ingress-from-new', 'shop/allow-new-ingress-from-namespace', 'shop/allow-same-namespace', 'shop/default-deny-ingress',
    ]);
  });
});

describe('NamespaceBaseline declared access', () => {
  const shop = (s: Chart | any) => new NamespaceBaseline(s, 'shop', {
    namespace: 'shop',
    hubs: [{ hubName: 'db', hubLabels: { app: 'db' }, ports: [Ports.tcp(5432)] }],
    servers: [{ serverName: 'backup', serverLabels: { app: 'backup' }, ports: [Ports.tcp(22)] }],
    connections: [{ fromLabels: { app: 'web' }, toLabels: { app: 'api' }, ports: [Ports.tcp(8080)] }],
    allowFrom: [{ fromNamespace: 'monitoring', fromLabels: { app: 'prometheus' }, toLabels: { app: 'api' }, ports: [Ports.tcp(9090)] }],
  });

  test('every declared connection is admitted, everything else is not', () => {
    const objects = synth(shop);
    const db = pod('shop', { app: 'db' });
    const api = pod('shop', { 'app': 'api', 'networking/allow-db-access': 'true', 'networking/allow-backup-to-access': 'true' });
    const web = pod('shop', { app: 'web' });
    expect(net(objects).accepts(db, api, 5432)).toBe(true);
    expect(net(objects).accepts(db, web, 5432)).toBe(false);
    expect(net(objects).accepts(api, pod('shop', { app: 'backup' }), 22)).toBe(true);
    expect(net(objects).accepts(web, pod('shop', { app: 'backup' }), 22)).toBe(false);
    expect(net(objects).accepts(api, web, 8080)).toBe(true);
    expect(net(objects).accepts(api, web, 8081)).toBe(false);
    expect(net(objects).accepts(api, pod('monitoring', { app: 'prometheus' }), 9090)).toBe(true);
    expect(net(objects).accepts(api, pod('monitoring', { app: 'grafana' }), 9090)).toBe(false);
    expect(net(objects).accepts(web, pod('monitoring', { app: 'prometheus' }), 9090)).toBe(false);
  });

  test('the add* methods after construction reach the output', () => {
    const chart = new Chart(Testing.app(), 'test');
    const b = new NamespaceBaseline(chart, 'shop', { namespace: 'shop', internetAccess: false });
    const hub = b.addHub({ hubName: 'cache', hubLabels: { app: 'redis' } });
    const server = b.addServer({ serverName: 'scanner', serverLabels: { app: 'scanner' } });
    b.addConnection({ fromLabels: { app: 'a' }, toLabels: { app: 'b' } });
    b.addAllowFrom({ fromNamespace: 'ops' });
    const objects = Testing.synth(chart) as KubeObject[];
    validateAll(objects);
    expect(hub.accessLabel).toBe('networking/allow-cache-access');
    expect(server.accessLabel).toBe('networking/allow-scanner-to-access');
    expect(policyNames(objects)).toEqual([
      'shop/allow-a-to-b', 'shop/allow-cache-access', 'shop/allow-ops-all-pods-to-all-pods', 'shop/allow-scanner-to-access', 'shop/default-deny-ingress',
    ]);
  });

  test('hubs and servers take the policy name HubAccess and ServerAccess take; the egress sides follow it', () => {
    const objects = synth((s) => new NamespaceBaseline(s, 'shop', {
      namespace: 'shop',
      internetAccess: false,
      denyEgress: true,
      allowDns: false,
      hubs: [{ hubName: 'db', hubLabels: { app: 'db' }, name: 'postgres-clients' }],
      servers: [{ serverName: 'backup', serverLabels: { app: 'backup' }, name: 'backup-reach' }],
    }));
    expect(policyNames(objects)).toEqual([
      'shop/backup-reach', 'shop/backup-reach-egress', 'shop/default-deny-egress', 'shop/default-deny-ingress',
      'shop/postgres-clients', 'shop/postgres-clients-egress',
    ]);
    const spoke = pod('shop', { 'networking/allow-db-access': 'true' });
    expect(net(objects).canConnect(spoke, pod('shop', { app: 'db' }), 5432)).toBe(true);
    expect(net(objects).canConnect(pod('shop', { app: 'backup' }), pod('shop', { 'networking/allow-backup-to-access': 'true' }), 22)).toBe(true);
    expect(net(objects).canConnect(pod('shop', { app: 'web' }), pod('shop', { app: 'db' }), 5432)).toBe(false);
  });

  test('createNamespace emits the Namespace; a custom namespaceLabelKey is carried by it and used by allowFrom', () => {
    const objects = synth((s) => new NamespaceBaseline(s, 'shop', {
      namespace: 'shop', createNamespace: true, namespaceLabelKey: 'networking/namespace', allowFrom: [{ fromNamespace: 'ops' }],
    }));
    const ns = objects.find((o) => o.kind === 'Namespace')!;
    expect(ns.metadata).toEqual({ name: 'shop', labels: { 'networking/namespace': 'shop' } });
    expect(policy(objects, 'allow-ops-all-pods-to-all-pods').spec.ingress[0].from[0].namespaceSelector)
      .toEqual({ matchLabels: { 'networking/namespace': 'ops' } });
  });

  test('createNamespace with the automatic key adds no label', () => {
    const objects = synth((s) => new NamespaceBaseline(s, 'shop', { namespace: 'shop', createNamespace: true }));
    expect(objects[0]).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  });
});

describe('NamespaceBaseline with denyEgress', () => {
  const build = (s: any) => new NamespaceBaseline(s, 'shop', {
    namespace: 'shop',
    denyEgress: true,
    allowSameNamespace: false,
    newDeployments: true,
    hubs: [{ hubName: 'db', hubLabels: { app: 'db' }, ports: [Ports.tcp(5432)] }],
    servers: [{ serverName: 'backup', serverLabels: { app: 'backup' }, ports: [Ports.tcp(22)] }],
    connections: [{ fromLabels: { app: 'web' }, toLabels: { app: 'api' }, ports: [Ports.tcp(8080)] }],
  });

  test('denies egress, keeps DNS over UDP and TCP 53, and nothing else leaves', () => {
    const objects = synth(build);
    expect(policy(objects, 'default-deny-egress').spec).toEqual({ podSelector: {}, policyTypes: ['Egress'] });
    const any = pod('shop', { app: 'whatever' });
    expect(net(objects).canConnect(any, kubeDns, 53, 'UDP')).toBe(true);
    expect(net(objects).canConnect(any, kubeDns, 53, 'TCP')).toBe(true);
    expect(net(objects).canConnect(any, kubeDns, 80, 'TCP')).toBe(false);
    expect(net(objects).canConnect(any, pod('other', { app: 'x' }), 80)).toBe(false);
  });

  test('every declared connection still works under default-deny egress, and only those', () => {
    const objects = synth(build);
    const db = pod('shop', { app: 'db' });
    const api = pod('shop', { 'app': 'api', 'networking/allow-db-access': 'true', 'networking/allow-backup-to-access': 'true' });
    const web = pod('shop', { app: 'web' });
    const backup = pod('shop', { app: 'backup' });
    const fresh = pod('shop', { 'networking/allow-all-connections': 'true' });
    expect(net(objects).canConnect(api, db, 5432)).toBe(true);
    expect(net(objects).canConnect(web, db, 5432)).toBe(false);
    expect(net(objects).canConnect(backup, api, 22)).toBe(true);
    expect(net(objects).canConnect(backup, web, 22)).toBe(false);
    expect(net(objects).canConnect(web, api, 8080)).toBe(true);
    expect(net(objects).canConnect(api, web, 8080)).toBe(false);
    expect(net(objects).canConnect(fresh, web, 1234)).toBe(true);
    expect(net(objects).canConnect(web, fresh, 1234)).toBe(true);
  });

  test('allowDns: false leaves DNS to you', () => {
    const objects = synth((s) => new NamespaceBaseline(s, 'shop', { namespace: 'shop', denyEgress: true, allowDns: false }));
    expect(policyNames(objects)).toEqual(['shop/default-deny-egress', 'shop/default-deny-ingress', 'shop/internet-access']);
    expect(net(objects).canConnect(pod('shop'), kubeDns, 53, 'UDP')).toBe(false);
  });

  test('internetEgress adds label-gated egress to the outside', () => {
    const objects = synth((s) => new NamespaceBaseline(s, 'shop', { namespace: 'shop', denyEgress: true, internetEgress: true }));
    expect(policy(objects, 'allow-internet-egress').spec.podSelector).toEqual({ matchLabels: { 'networking/allow-internet-egress': 'true' } });
  });

  test('allowFrom with sourceDeniesEgress creates the egress side in the source namespace', () => {
    const objects = synth((s) => new NamespaceBaseline(s, 'shop', {
      namespace: 'shop',
      allowFrom: [{ fromNamespace: 'monitoring', fromLabels: { app: 'prometheus' }, ports: [Ports.tcp(9090)], sourceDeniesEgress: true }],
    }));
    const egress = policy(objects, 'allow-prometheus-to-shop-all-pods-egress', 'monitoring');
    expect(egress.spec.policyTypes).toEqual(['Egress']);
    expect(egress.spec.podSelector).toEqual({ matchLabels: { app: 'prometheus' } });
  });

  test('allowFrom without sourceDeniesEgress leaves the source namespace alone', () => {
    const objects = synth((s) => new NamespaceBaseline(s, 'shop', { namespace: 'shop', denyEgress: true, allowFrom: [{ fromNamespace: 'monitoring' }] }));
    expect(objects.filter((o) => o.metadata.namespace === 'monitoring')).toEqual([]);
  });
});

describe('NamespaceBaseline errors', () => {
  const chart = () => new Chart(Testing.app(), 'chart');

  test('a bad namespace names the path and the value', () => {
    expect(() => new NamespaceBaseline(chart(), 'b', { namespace: 'Shop' })).toThrow(/^chart\/b: invalid namespace "Shop"/);
  });

  test('duplicate hub names', () => {
    expect(() => new NamespaceBaseline(chart(), 'b', {
      namespace: 'shop', hubs: [{ hubName: 'db', hubLabels: { app: 'db' } }, { hubName: 'db', hubLabels: { app: 'pg' } }],
    })).toThrow(/^chart\/b: duplicate hub "db" in namespace "shop"/);
    const b = new NamespaceBaseline(chart(), 'b', { namespace: 'shop', hubs: [{ hubName: 'db', hubLabels: { app: 'db' } }] });
    expect(() => b.addHub({ hubName: 'db', hubLabels: { app: 'x' } })).toThrow(/duplicate hub "db"/);
  });

  test('duplicate server names', () => {
    const b = new NamespaceBaseline(chart(), 'b', { namespace: 'shop', servers: [{ serverName: 'backup', serverLabels: { app: 'b' } }] });
    expect(() => b.addServer({ serverName: 'backup', serverLabels: { app: 'c' } })).toThrow(/^chart\/b: duplicate server "backup" in namespace "shop"/);
  });

  test('errors inside the specs name the child construct path', () => {
    expect(() => new NamespaceBaseline(chart(), 'b', { namespace: 'shop', hubs: [{ hubName: 'db', hubLabels: { app: 'db' }, ports: [{ port: 0 }] }] }))
      .toThrow(/^chart\/b\/Hub-db: invalid port 0 in ports\[0\]/);
    expect(() => new NamespaceBaseline(chart(), 'b', { namespace: 'shop', connections: [{ fromLabels: { 'a b': 'x' }, toLabels: { app: 'y' } }] }))
      .toThrow(/^chart\/b\/Connection1: invalid label key "a b" in fromLabels/);
    expect(() => new NamespaceBaseline(chart(), 'b', { namespace: 'shop', allowFrom: [{ fromNamespace: 'Ops' }] }))
      .toThrow(/^chart\/b: invalid fromNamespace "Ops"/);
  });

  test('duplicate policy names between two connections name both paths', () => {
    expect(() => new NamespaceBaseline(chart(), 'b', {
      namespace: 'shop',
      connections: [{ fromLabels: { app: 'a' }, toLabels: { app: 'b' }, ports: [Ports.tcp(1)] }, { fromLabels: { app: 'a' }, toLabels: { app: 'b' }, ports: [Ports.tcp(2)] }],
    })).toThrow(/chart\/b\/Connection2.*duplicate NetworkPolicy name "allow-a-to-b".*chart\/b\/Connection1\/Policy/);
  });

  test('internetEgress without denyEgress is refused (it would cut the labelled pods\' other egress)', () => {
    expect(() => new NamespaceBaseline(chart(), 'b', { namespace: 'shop', internetEgress: true })).toThrow(/^chart\/b: internetEgress needs denyEgress/);
  });

  test('a bad namespaceLabelKey', () => {
    expect(() => new NamespaceBaseline(chart(), 'b', { namespace: 'shop', namespaceLabelKey: 'not valid' })).toThrow(/chart\/b: invalid label key "not valid" in namespaceLabelKey/);
  });
});
