/**
 * Reachability.diff: against the every-port brute-force oracle on random pairs of clusters, and on
 * the cases reviewers care about (the guide's central warning, a rename, a new workload).
 */
import * as fc from 'fast-check';
import { clusterArb, EXTERNAL, manifestsOf, oracleConnections } from './all-ports-oracle';
import { Reachability } from '../../src/analysis/reachability';

const INTERNET = EXTERNAL[0];

test('diff lists exactly the pairs whose every-port connections differ, with both sides as the oracle computes them', () => {
  let changes = 0;
  fc.assert(fc.property(clusterArb, clusterArb, fc.boolean(), (c1, c2, dropLast) => {
    const pods = dropLast && c1.pods.length > 1 ? c1.pods.slice(0, -1) : c1.pods;
    const before = manifestsOf(c1);
    const after = manifestsOf({ ...c1, pods, policies: c2.policies });
    const diff = Reachability.diff(Reachability.fromManifests(before), Reachability.fromManifests(after), { internetAddress: INTERNET });
    const listed = new Map([...diff.added, ...diff.removed, ...diff.changed].map((c) => [`${c.from} ${c.to}`, c]));
    changes += listed.size;
    const eps = (ms: any[]) => new Map<string, any>([
      ...ms.filter((o) => o.kind === 'Pod' || o.kind === 'Deployment').map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, { pod: p }] as [string, any]),
      ['internet', { ip: INTERNET }],
    ]);
    const [epsB, epsA] = [eps(before), eps(after)];
    for (const [s, sa] of epsA) {
      for (const [d, da] of epsA) {
        if (s === 'internet' && d === 'internet') continue;
        if (s === d && sa.pod?.kind === 'Pod') continue;
        const was = oracleConnections(before, epsB.get(s), epsB.get(d));
        const is = oracleConnections(after, sa, da);
        const change = listed.get(`${s} ${d}`);
        if (was === is) {
          expect(change).toBeUndefined();
          continue;
        }
        expect([s, d, change?.before.toString(), change?.after.toString()]).toEqual([s, d, was, is]);
        const kind = was === 'No Connections' ? diff.added : is === 'No Connections' ? diff.removed : diff.changed;
        expect(kind).toContain(change);
        expect(change!.gained.union(change!.before).sameAs(change!.after.union(change!.before))).toBe(true);
        expect(change!.lost.intersect(change!.after).isEmpty).toBe(true);
      }
    }
    expect(diff.removedEndpoints.map((e) => e.id)).toEqual(pods.length < c1.pods.length ? [[...epsB.keys()][c1.pods.length - 1]] : []);
    expect(diff.allowsMore).toBe(diff.added.length > 0 || diff.changed.some((c) => !c.gained.isEmpty));
  }), { numRuns: 60 });
  expect(changes).toBeGreaterThan(100);
});

const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const deployment = (namespace: string, name: string, port: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { namespace, name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'x', ports: [{ name: 'main', containerPort: port }] }] } },
  },
});
const dbPolicy = (name: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { namespace: 'shop', name },
  spec: {
    podSelector: { matchLabels: { app: 'db' } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 'main' }] }],
  },
});
const shop = [ns('shop'), deployment('shop', 'web', 8080), deployment('shop', 'api', 9090), deployment('shop', 'db', 5432)];

test('the guide\'s central warning: deleting the only policy that selects a pod opens it to everyone', () => {
  const before = Reachability.fromManifests([...shop, dbPolicy('db-ingress')]);
  const after = Reachability.fromManifests(shop);
  const diff = Reachability.diff(before, after);
  expect(diff.added.map((c) => `${c.from} => ${c.to} : ${c.gained}`)).toEqual([
    'shop/web => shop/db : All Connections',
    'shop/db => shop/db : All Connections',
    'internet => shop/db : All Connections',
  ]);
  expect(diff.changed.map((c) => `${c.from} => ${c.to} : ${c.before} -> ${c.after}, gained ${c.gained}`)).toEqual([
    'shop/api => shop/db : TCP 5432 -> All Connections, gained TCP 1-5431,5433-65535;UDP 1-65535;SCTP 1-65535',
  ]);
  expect(diff.removed).toEqual([]);
  expect(diff.allowsMore).toBe(true);
  const web = diff.added[0];
  expect(web.beforeReasons.map((r) => r.reason)).toEqual([
    'egress of shop/web: no policy isolates it, everything is allowed',
    'ingress of shop/db: isolated by shop/db-ingress; no rule admits the other side',
  ]);
  expect(diff.changed[0].beforeReasons[1]).toMatchObject({ isolated: true, policies: ['shop/db-ingress'], rules: [{ policy: 'shop/db-ingress', ruleIndex: 0, peerIndex: 0 }] });
  expect(web.afterReasons[1].reason).toBe('ingress of shop/db: no policy isolates it, everything is allowed');
  // And back: restoring the policy removes what the deletion added.
  const back = Reachability.diff(after, before);
  expect(back.removed.map((c) => `${c.from} => ${c.to} : ${c.lost}`)).toEqual(diff.added.map((c) => `${c.from} => ${c.to} : ${c.gained}`));
  expect(back.allowsMore).toBe(false);
  expect(back.allowsLess).toBe(true);
});

test('a change that only renames a policy is an empty diff', () => {
  const diff = Reachability.diff(Reachability.fromManifests([...shop, dbPolicy('db-ingress')]), Reachability.fromManifests([...shop, dbPolicy('database-ingress')]));
  expect(diff.isEmpty).toBe(true);
  expect(diff.summary).toBe('no change in connectivity');
});

test('a new workload and a new namespace are shown as such, not as added pairs', () => {
  const before = Reachability.fromManifests([...shop, dbPolicy('db-ingress')]);
  const after = Reachability.fromManifests([...shop, dbPolicy('db-ingress'), ns('pay'), deployment('pay', 'card', 443), deployment('shop', 'cart', 80)]);
  const diff = Reachability.diff(before, after);
  expect(diff.added).toEqual([]);
  expect(diff.changed).toEqual([]);
  expect(diff.addedNamespaces).toEqual(['pay']);
  expect(diff.addedEndpoints).toEqual([
    { id: 'pay/card', namespace: 'pay', newNamespace: true, reaches: 4, reachableFrom: 5, openToAll: true },
    { id: 'shop/cart', namespace: 'shop', newNamespace: false, reaches: 4, reachableFrom: 5, openToAll: true },
  ]);
  expect(diff.summary).toBe('0 added, 0 removed, 0 changed connections; 2 new workloads, 1 new namespace');
  expect(diff.allowsMore).toBe(false);
});
