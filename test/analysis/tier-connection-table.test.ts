/**
 * The bulk connection table through the tiers (`allConnections`, and so list, graph on every port and
 * diff): pair by pair equal to the pairwise `connections(from, to)` and to a brute-force every-port tier
 * oracle (all-ports-tier-oracle.ts), on random clusters of NetworkPolicies (named ports, ipBlocks,
 * Deployments, hostNetwork pods: all-ports-oracle.ts) with random cluster-scoped policies of both tiers
 * and both API versions (cluster-policy-arb.ts).
 */
import * as fc from 'fast-check';
import { clusterArb, EXTERNAL, Ep, manifestsOf } from './all-ports-oracle';
import { tierOracleConnections } from './all-ports-tier-oracle';
import { clusterPolicy, clusterPolicyManifests } from './cluster-policy-arb';
import { Reachability } from '../../src/analysis/reachability';

const withTiers = fc.record({ np: clusterArb, cluster: fc.array(clusterPolicy, { minLength: 1, maxLength: 4 }), internet: fc.constantFrom(...EXTERNAL, '169.254.169.254') })
  .map(({ np, cluster, internet }) => ({ manifests: [...manifestsOf(np), ...clusterPolicyManifests(cluster)], internet }));

function endpointsOf(manifests: any[], internet: string): { ep: Ep; ref: any; id: string }[] {
  const pods = manifests.filter((o) => o.kind === 'Pod' || o.kind === 'Deployment');
  return [
    ...pods.map((p) => ({ ep: { pod: p }, ref: { namespace: p.metadata.namespace, pod: p.metadata.name }, id: `${p.metadata.namespace}/${p.metadata.name}` })),
    { ep: { ip: internet }, ref: { ip: internet }, id: 'internet' },
  ];
}

test('allConnections() through the tiers equals connections(from, to) and the every-port tier oracle, pair by pair', () => {
  const seen = { all: 0, none: 0, some: 0 };
  fc.assert(fc.property(withTiers, ({ manifests, internet }) => {
    const reach = Reachability.fromManifests(manifests);
    expect(reach.warnings.filter((w) => w.startsWith('ERROR'))).toEqual([]);
    const listed = new Map(reach.allConnections({ internetAddress: internet }).map((p) => [`${p.from} ${p.to}`, p.connections.toString()]));
    const eps = endpointsOf(manifests, internet);
    for (const s of eps) {
      for (const d of eps) {
        if (s.ep.ip && d.ep.ip) continue;
        const expected = tierOracleConnections(manifests, s.ep, d.ep);
        seen[expected === 'All Connections' ? 'all' : expected === 'No Connections' ? 'none' : 'some']++;
        const pairwise = reach.connections(s.ref, d.ref).toString();
        const loopback = s.id === d.id && s.ep.pod?.kind === 'Pod';
        const bulk = listed.get(`${s.id} ${d.id}`) ?? (loopback ? 'All Connections' : 'No Connections');
        if (pairwise !== expected || bulk !== expected) {
          throw new Error(`${s.id} -> ${d.id}: oracle ${expected}, connections ${pairwise}, allConnections ${bulk}`);
        }
        if (loopback) expect(listed.has(`${s.id} ${d.id}`)).toBe(false);
      }
    }
  }), { numRuns: 200 });
  // The random tiers must cut partial sets in earnest, not only all-or-nothing.
  expect(seen.some).toBeGreaterThan((seen.all + seen.none + seen.some) / 20);
  expect(seen.none).toBeGreaterThan(0);
});

test('diff through the tiers lists exactly the pairs whose every-port connections differ, as the tier oracle computes them', () => {
  let changes = 0;
  fc.assert(fc.property(clusterArb, fc.array(clusterPolicy, { maxLength: 3 }), fc.array(clusterPolicy, { minLength: 1, maxLength: 3 }),
    (np, c1, c2) => {
      const internet = EXTERNAL[0];
      const before = [...manifestsOf(np), ...clusterPolicyManifests(c1)];
      const after = [...manifestsOf(np), ...clusterPolicyManifests(c2)];
      const diff = Reachability.diff(Reachability.fromManifests(before), Reachability.fromManifests(after), { internetAddress: internet });
      const listed = new Map([...diff.added, ...diff.removed, ...diff.changed].map((c) => [`${c.from} ${c.to}`, c]));
      changes += listed.size;
      const eps = endpointsOf(after, internet);
      for (const s of eps) {
        for (const d of eps) {
          if ((s.ep.ip && d.ep.ip) || (s.id === d.id && s.ep.pod?.kind === 'Pod')) continue;
          const [was, is] = [tierOracleConnections(before, s.ep, d.ep), tierOracleConnections(after, s.ep, d.ep)];
          const change = listed.get(`${s.id} ${d.id}`);
          if (was === is) {
            expect(change).toBeUndefined();
            continue;
          }
          expect([s.id, d.id, change?.before.toString(), change?.after.toString()]).toEqual([s.id, d.id, was, is]);
          expect(was === 'No Connections' ? diff.added : is === 'No Connections' ? diff.removed : diff.changed).toContain(change);
        }
      }
    }), { numRuns: 60 });
  // The random tiers must change something in earnest (a few dozen rows over the runs; the sum varies with the seed).
  expect(changes).toBeGreaterThan(15);
});
