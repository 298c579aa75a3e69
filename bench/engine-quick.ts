/**
 * Quick timing of the reachability engine (not a test, not the benchmark suite):
 *   npx ts-node --project test/tsconfig.json bench/engine-quick.ts [pods] [policies] [namespaces]
 * Builds a random cluster (default 1,000 pods / 300 policies / 50 namespaces, with named ports,
 * ipBlocks and matchExpressions), then times the model build and the full matrix on one port.
 */
import { Reachability } from '../src/analysis/reachability';

const [pods, policies, namespaces] = [Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 300), Number(process.argv[4] ?? 50)];

let seed = 42;
function rand(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
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

function time<T>(label: string, f: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const r = f();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`${label.padEnd(28)} ${ms.toFixed(1).padStart(8)} ms`);
  return [r, ms];
}

// Warm-up run (JIT), then the measured one.
Reachability.fromManifests(manifests).matrix({ ports: [80] });
const [reach, build] = time('model build', () => Reachability.fromManifests(manifests));
const [m, matrix] = time('full matrix, TCP/80', () => reach.matrix({ ports: [80] }));
console.log(`${pods} pods, ${reach.policies.length} policies, ${namespaces} namespaces: ${m.size}x${m.size} cells, ` +
  `${m.allowedCount()} allowed; total ${(build + matrix).toFixed(1)} ms`);
