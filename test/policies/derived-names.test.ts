/**
 * Every name and label derived from valid input is itself valid, within the Kubernetes limits, and
 * injective: valid input is never refused because of a name we made up, and two different inputs never
 * share a name (or, for access labels, a label that grants something else).
 */
import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { labelKeyProblem } from '../../src/model/labels';
import { isDns1123Subdomain } from '../../src/model/names';
import { AllowConnection } from '../../src/policies/allow-connection';
import { CrossNamespaceAllow } from '../../src/policies/cross-namespace-allow';
import { HubAccess } from '../../src/policies/hub-access';
import { ServerAccess } from '../../src/policies/server-access';
import { net } from '../engine/support';
import { synth } from '../support/kube';

/** Builds into a fresh chart, runs its validations and synthesizes it, validating every object. */
const build = (fn: (chart: Chart) => void): any[] => synth((scope) => fn(scope as Chart));

const names = (objects: any[]) => objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name).sort();
const NAME_63 = `h${'a'.repeat(61)}b`;

describe('long valid names are shortened, never refused', () => {
  test('a hubName of 63 characters (a DNS-1123 label): the access label is cut and hashed, and it works', () => {
    let accessLabel = '';
    const objects = build((c) => {
      accessLabel = new HubAccess(c, 'hub', { namespace: 'shop', hubName: NAME_63, hubLabels: { app: 'db' }, egress: true }).accessLabel;
    });
    expect(labelKeyProblem(accessLabel)).toBeUndefined();
    expect(accessLabel).toMatch(/^networking\/allow-ha+-[0-9a-f]{10}$/);
    expect(names(objects)).toEqual([`allow-${NAME_63}-access`, `allow-${NAME_63}-access-egress`]);
    const deny = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
    const n = net([...objects, deny]);
    expect(n.canConnect({ namespace: 'shop', labels: { [accessLabel]: 'true' } }, { namespace: 'shop', labels: { app: 'db' } })).toBe(true);
    expect(n.canConnect({ namespace: 'shop', labels: {} }, { namespace: 'shop', labels: { app: 'db' } })).toBe(false);
  });

  test('a serverName of 63 characters: the access label is cut and hashed', () => {
    let accessLabel = '';
    build((c) => {
      accessLabel = new ServerAccess(c, 'srv', { namespace: 'shop', serverName: NAME_63, serverLabels: { app: 'backup' } }).accessLabel;
    });
    expect(labelKeyProblem(accessLabel)).toBeUndefined();
    expect(accessLabel.startsWith('networking/allow-haaaa')).toBe(true);
  });

  test('short names keep their labels unchanged', () => {
    build((c) => {
      expect(new HubAccess(c, 'hub', { namespace: 'shop', hubName: 'db', hubLabels: { app: 'db' } }).accessLabel).toBe('networking/allow-db-access');
      expect(new ServerAccess(c, 's', { namespace: 'shop', serverName: 'backup', serverLabels: { app: 'b' } }).accessLabel)
        .toBe('networking/allow-backup-to-access');
    });
  });

  test('<name>-egress past 253 characters is cut before the suffix, with a hash', () => {
    const long = `a${'.b'.repeat(125)}c`; // a valid DNS-1123 subdomain of 253 characters
    expect(isDns1123Subdomain(long)).toBe(true);
    const objects = build((c) => {
      new AllowConnection(c, 'c', { namespace: 'shop', fromLabels: { app: 'a' }, toLabels: { app: 'b' }, name: long, egress: true });
      new CrossNamespaceAllow(c, 'x', { fromNamespace: 'ops', toNamespace: 'other', name: long, sourceEgress: true });
    });
    const egress = names(objects).filter((n) => n !== long);
    expect(long.length).toBe(252);
    expect(egress).toHaveLength(2);
    for (const n of egress) {
      expect(isDns1123Subdomain(n)).toBe(true);
      expect(n).toMatch(/-[0-9a-f]{10}-egress$/);
    }
  });
});

describe('derived names are injective', () => {
  test.each([
    [{ app: 'Web' }, { app: 'web' }],
    [{ app: 'web', tier: '' }, { app: 'web-tier' }],
    [{ app: 'web' }, { tier: 'web' }],
  ])('%j and %j get distinct names in one namespace', (a, b) => {
    const objects = build((c) => {
      new AllowConnection(c, 'one', { namespace: 'shop', fromLabels: a, toLabels: { app: 'api' }, egress: true });
      new AllowConnection(c, 'two', { namespace: 'shop', fromLabels: b, toLabels: { app: 'api' }, egress: true });
    });
    expect(new Set(names(objects)).size).toBe(4);
  });

  test('a-to-b to c and a to b-to-c: the separator word never makes two connections read the same', () => {
    const objects = build((c) => {
      new AllowConnection(c, 'one', { namespace: 'shop', fromLabels: { app: 'a-to-b' }, toLabels: { app: 'c' } });
      new AllowConnection(c, 'two', { namespace: 'shop', fromLabels: { app: 'a' }, toLabels: { app: 'b-to-c' } });
    });
    expect(new Set(names(objects)).size).toBe(2);
  });

  test('a-b + c and a + b-c: namespace and labels never read the same', () => {
    const objects = build((c) => {
      new CrossNamespaceAllow(c, 'one', { fromNamespace: 'a-b', fromLabels: { app: 'c' }, toNamespace: 'shop' });
      new CrossNamespaceAllow(c, 'two', { fromNamespace: 'a', fromLabels: { app: 'b-c' }, toNamespace: 'shop' });
    });
    expect(new Set(names(objects)).size).toBe(2);
  });

  test('the examples\' kind of names stay as they were', () => {
    const objects = build((c) => {
      new AllowConnection(c, 'c', { namespace: 'shop', fromLabels: { app: 'payments-api' }, toLabels: { app: 'ledger' }, egress: true });
      new CrossNamespaceAllow(c, 'x', { fromNamespace: 'orders', fromLabels: { app: 'orders-api' }, toNamespace: 'payments', toLabels: { app: 'payments-api' }, sourceEgress: true });
      new CrossNamespaceAllow(c, 'm', { fromNamespace: 'monitoring', fromLabels: { app: 'prometheus' }, toNamespace: 'shop' });
    });
    expect(names(objects)).toEqual([
      'allow-monitoring-prometheus-to-all-pods',
      'allow-orders-api-to-payments-payments-api-egress',
      'allow-orders-orders-api-to-payments-api',
      'allow-payments-api-to-ledger',
      'allow-payments-api-to-ledger-egress',
    ]);
  });

  test('distinct label maps always give distinct connection names', () => {
    const value = fc.stringMatching(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?)?$/);
    const key = fc.constantFrom('app', 'tier', 'track', 'app.kubernetes.io/name', 'App');
    const labels = fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 });
    fc.assert(fc.property(labels, labels, (a, b) => {
      fc.pre(JSON.stringify(Object.entries(a).sort()) !== JSON.stringify(Object.entries(b).sort()));
      const nameOf = (labelsA: any) => {
        let n = '';
        build((c) => { n = new AllowConnection(c, 'c', { namespace: 'shop', fromLabels: labelsA, toLabels: { app: 'api' } }).name; });
        return n;
      };
      expect(nameOf(a)).not.toBe(nameOf(b));
    }), { numRuns: 150 });
  });
});

describe('access labels never grant something else', () => {
  test('a hub named "internet" does not get the internet gate label: its clients are not exposed to the internet', () => {
    const chart = new Chart(Testing.app(), 'test');
    const baseline = new NamespaceBaseline(chart, 'shop', { namespace: 'shop' });
    const hub = baseline.addHub({ hubName: 'internet', hubLabels: { app: 'proxy' } });
    expect(hub.accessLabel).not.toBe('networking/allow-internet-access');
    const client = { namespace: 'shop', labels: { [hub.accessLabel]: 'true' } };
    const n = net(Testing.synth(chart));
    expect(n.canConnect(client, { namespace: 'shop', labels: { app: 'proxy' } })).toBe(true);
    expect(n.canConnect({ ip: '203.0.113.10' }, client)).toBe(false);
  });

  test('hub "x-to" and server "x" get different access labels: a client of the hub is not opened to the server', () => {
    const chart = new Chart(Testing.app(), 'test');
    const baseline = new NamespaceBaseline(chart, 'shop', { namespace: 'shop' });
    const hub = baseline.addHub({ hubName: 'x-to', hubLabels: { app: 'db' } });
    const server = baseline.addServer({ serverName: 'x', serverLabels: { app: 'scanner' } });
    expect(hub.accessLabel).not.toBe(server.accessLabel);
    expect(hub.name).not.toBe(server.name);
    const client = { namespace: 'shop', labels: { [hub.accessLabel]: 'true' } };
    expect(net(Testing.synth(chart)).canConnect({ namespace: 'shop', labels: { app: 'scanner' } }, client)).toBe(false);
  });
});

describe('random valid configurations are never refused', () => {
  // DNS-1123 labels of every length up to 63, long ones often (fast-check alone keeps strings short).
  const label = fc.integer({ min: 0, max: 61 }).chain((n) => fc.array(fc.constantFrom('a', 'b', '0', '-'), { minLength: n, maxLength: n })
    .map((cs) => `a${cs.join('')}z`.slice(0, Math.max(1, n + 2))));
  // Values and keys that make lossy slugs collide: case, empty values, joined separators, dots.
  const value = fc.constantFrom('web', 'Web', 'web-tier', '', 'tier', 'a.b', 'a-b', 'a_b', 'to', 'all-pods', 'api');
  const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'example.com/role'), value, { minKeys: 1, maxKeys: 3 });
  // User-given policy names up to the 253 limit, so that <name>-egress passes it.
  const policyName = fc.integer({ min: 1, max: 251 }).map((n) => `n${'a.b-c'.repeat(60).slice(0, n)}z`.replace(/[-.]z$/, 'zz').slice(0, 253))
    .filter((n) => isDns1123Subdomain(n));
  const config = fc.record({
    namespace: label,
    denyEgress: fc.boolean(),
    hubs: fc.uniqueArray(fc.record({ hubName: label, hubLabels: labels }), { selector: (h) => h.hubName, maxLength: 3 }),
    servers: fc.uniqueArray(fc.record({ serverName: label, serverLabels: labels }), { selector: (s) => s.serverName, maxLength: 3 }),
    connections: fc.uniqueArray(fc.record({ fromLabels: labels, toLabels: labels }),
      { selector: (c) => JSON.stringify([Object.entries(c.fromLabels).sort(), Object.entries(c.toLabels).sort()]), maxLength: 3 }),
    named: fc.uniqueArray(fc.record({ fromLabels: labels, toLabels: labels, name: policyName }), { selector: (c) => c.name, maxLength: 2 }),
    allowFrom: fc.uniqueArray(fc.record({ fromNamespace: label, fromLabels: labels, sourceDeniesEgress: fc.boolean() }),
      { selector: (a) => JSON.stringify([a.fromNamespace, Object.entries(a.fromLabels).sort()]), maxLength: 3 }),
  });

  test('a NamespaceBaseline of random valid hubs, servers, connections and allowFrom synthesizes valid objects', () => {
    fc.assert(fc.property(config, (c) => {
      fc.pre(c.allowFrom.every((a) => a.fromNamespace !== c.namespace));
      const named = c.named;
      const objects = build((chart) => new NamespaceBaseline(chart, 'b', {
        namespace: c.namespace,
        denyEgress: c.denyEgress,
        hubs: c.hubs,
        servers: c.servers,
        connections: [...c.connections, ...named],
        allowFrom: c.allowFrom,
      }));
      expect(objects.length).toBeGreaterThan(0);
    }), { numRuns: 200 });
  });
});
