/**
 * The matrix at the size where its bit sets stop being small: over 512 groups of pods, each set is a
 * view into a shared buffer (bitset-complement.ts) and most rows of the fill are copies of the row of
 * an earlier endpoint of the same group (matrix-builder.ts). The random clusters of the property
 * tests stay far below that size, so this test reads the bench's 1,000-endpoint cluster: the matrix
 * against the naive evaluator (no tiers) and against canConnect, the pairwise path (with tiers).
 */
import { generateCluster } from '../../bench/analysis/generate-cluster';
import { generateClusterPolicies } from '../../bench/analysis/generate-cluster-policies';
import { NaiveEvaluator } from '../../bench/analysis/naive-evaluator';
import { Rng } from '../../bench/lib/rng';
import { readManifests } from '../../src/analysis/manifest-reader';
import { MatrixBuilder } from '../../src/analysis/matrix-builder';
import { Reachability } from '../../src/analysis/reachability';
import { groupBy } from '../../src/model/group-by';

const INTERNET = '203.0.113.10';
const PORTS = [80, 5672];
const cluster = generateCluster(1000, 7);

/**
 * Source and destination indices: every pair within a namespace (the rows an endpoint copies from an
 * earlier one of its group, and their diagonals, are among them), the internet's row and column, and
 * random pairs.
 */
function sampledPairs(endpoints: readonly string[], random: number, seed: number): [number, number][] {
  const size = endpoints.length;
  const byNamespace = groupBy(endpoints.map((_, i) => i), (i) => endpoints[i].split('/')[0]);
  const pairs: [number, number][] = [];
  for (const members of byNamespace.values()) {
    for (const i of members) for (const j of members) pairs.push([i, j]);
  }
  for (let i = 0; i < size; i++) pairs.push([i, size - 1], [size - 1, i]);
  const rng = new Rng(seed);
  for (let k = 0; k < random; k++) pairs.push([rng.int(size), rng.int(size)]);
  return pairs;
}

test('the bench cluster has over 512 groups, and more pods than groups', () => {
  const model = readManifests(cluster.manifests);
  const groups = new MatrixBuilder(model, model.pods, undefined).groups.length;
  expect(groups).toBeGreaterThan(512);
  expect(model.pods.length).toBeGreaterThan(groups + 100);
});

test('the matrix agrees with the naive evaluator on every pair within a namespace, the internet\'s and 10,000 random cells', () => {
  const m = Reachability.fromManifests(cluster.manifests).matrix({ ports: PORTS, internetAddress: INTERNET });
  const naive = new NaiveEvaluator(cluster.manifests, INTERNET);
  expect(m.size).toBe(naive.endpoints.length);
  const wrong: string[] = [];
  for (const port of PORTS) {
    for (const [i, j] of sampledPairs(m.endpoints, 10_000, port)) {
      const want = naive.cell(i, j, port, 'TCP');
      if (m.isAllowed(i, j, port) !== want) wrong.push(`${m.endpoints[i]} -> ${m.endpoints[j]} :${port}: naive ${want}`);
    }
  }
  expect(wrong.slice(0, 10)).toEqual([]);
});

test('with cluster-scoped tiers, the matrix agrees with canConnect on every pair within a namespace, the internet\'s and 1,000 random cells', () => {
  const reach = Reachability.fromManifests([...cluster.manifests, ...generateClusterPolicies(12, 7)]);
  expect(reach.clusterPolicies.length).toBe(12);
  const m = reach.matrix({ ports: PORTS, internetAddress: INTERNET });
  const wrong: string[] = [];
  for (const port of PORTS) {
    for (const [i, j] of sampledPairs(m.endpoints, 1_000, port + 1)) {
      const [from, to] = [m.endpoint(i), m.endpoint(j)];
      if (from.ip !== undefined && to.ip !== undefined) continue;
      const want = reach.canConnect(from, to, { port });
      if (m.isAllowed(i, j, port) !== want) wrong.push(`${m.endpoints[i]} -> ${m.endpoints[j]} :${port}: canConnect ${want}`);
    }
  }
  expect(wrong.slice(0, 10)).toEqual([]);
});
