/**
 * Quick timing of the reachability engine (not a test, not the benchmark suite):
 *   npx ts-node --project test/tsconfig.json bench/engine-quick.ts [pods] [policies] [namespaces]
 * Builds a random cluster (default 1,000 pods / 300 policies / 50 namespaces, with named ports,
 * ipBlocks and matchExpressions), then times the model build and the full matrix on one port.
 */
import { Reachability } from '../src/analysis/reachability';

const [pods, policies, namespaces] = [Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 300), Number(process.argv[4] ?? 50)];

// mulberry32: a small seeded generator, so every run measures the same cluster.
let seed = 42;
function rand(n: number): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
}
const pick = <T>(xs: T[]): T => xs[rand(xs.length)];

const APPS = Array.from({ length: 20 }, (_, i) => `app${i}`);
const TIERS = ['web', 'api', 'db', 'cache'];
const NS = Array.from({ length: namespaces }, (_, i) => `ns${i}`);

function selector(): any {
  switch (rand(4)) {
    case 0: return {};
    case 1: return { matchLabels: { app: pick(APPS) } };
    case 2: return { matchLabels: { tier: pick(TIERS) } };
    default: return { matchExpressions: [{ key: 'tier', operator: pick(['In', 'NotIn']), values: [pick(TIERS), pick(TIERS)] }, { key: 'canary', operator: 'DoesNotExist' }] };
  }
}
function peer(): any {
  switch (rand(4)) {
    case 0: return { podSelector: selector() };
    case 1: return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': pick(NS) } } };
    case 2: return { namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }] }, podSelector: selector() };
    default: return { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '169.254.169.254/32'] } };
  }
}
function ports(): any[] | undefined {
  switch (rand(4)) {
    case 0: return undefined;
    case 1: return [{ port: 80 }, { port: 443 }];
    case 2: return [{ port: 'http' }];
    default: return [{ port: 8000, endPort: 9000 }, { port: 53, protocol: 'UDP' }];
  }
}
const rules = (field: string) => Array.from({ length: 1 + rand(3) }, () => ({ [field]: Array.from({ length: 1 + rand(2) }, peer), ports: ports() }));

const manifests: any[] = NS.map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n, labels: { team: pick(['a', 'b', 'c']) } } }));
for (let i = 0; i < pods; i++) {
  const labels: any = { app: pick(APPS), tier: pick(TIERS), instance: `i${rand(5)}` };
  if (rand(10) === 0) labels.canary = 'true';
  manifests.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod${i}`, namespace: pick(NS), labels },
    spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: pick([80, 8080]) }, { name: 'metrics', containerPort: 9090 }] }] } });
}
for (let i = 0; i < policies; i++) {
  const kind = rand(3);
  manifests.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np${i}`, namespace: pick(NS) },
    spec: { podSelector: selector(), policyTypes: kind === 0 ? ['Ingress'] : kind === 1 ? ['Egress'] : ['Ingress', 'Egress'],
      ...(kind !== 1 ? { ingress: rules('from') } : {}), ...(kind !== 0 ? { egress: rules('to') } : {}) } });
}

/** CPU time of the process (user + system) in ms: steadier than wall time on a shared machine. */
const cpu: number[] = [];
function ms(f: () => void): number {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// One warm-up run (JIT), then five measured ones; the machine is shared, so report medians.
Reachability.fromManifests(manifests).matrix({ ports: [80] });
const builds: number[] = [];
const matrices: number[] = [];
let reach = Reachability.fromManifests(manifests);
let m = reach.matrix({ ports: [80] });
for (let i = 0; i < 5; i++) {
  builds.push(ms(() => { reach = Reachability.fromManifests(manifests); }));
  matrices.push(ms(() => { m = reach.matrix({ ports: [80] }); }));
}
const [build, matrix] = [median(builds), median(matrices)];
console.log(`model build          median ${build.toFixed(1).padStart(7)} ms  (runs: ${builds.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`full matrix, TCP/80  median ${matrix.toFixed(1).padStart(7)} ms  (runs: ${matrices.map((x) => x.toFixed(0)).join(', ')})`);
const cpuBuild = median(cpu.filter((_, i) => i % 2 === 0));
const cpuMatrix = median(cpu.filter((_, i) => i % 2 === 1));
console.log(`CPU time (median)    build ${cpuBuild.toFixed(1)} ms, matrix ${cpuMatrix.toFixed(1)} ms`);
console.log(`${pods} pods, ${reach.policies.length} policies, ${namespaces} namespaces: ${m.size}x${m.size} cells, ` +
  `${m.allowedCount()} allowed; build + matrix ${(build + matrix).toFixed(1)} ms`);
