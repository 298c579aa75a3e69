import { Rng } from '../lib/rng';

/**
 * A random but repeatable cluster for the analysis benchmarks: 50 namespaces, `endpoints` Pods and
 * workloads (replicas of one app share their labels, as in real clusters), and about 30 NetworkPolicies
 * per 100 endpoints with matchLabels and matchExpressions selectors, namespace selectors (alone and
 * AND-ed with pod selectors), ipBlocks with except, numeric, ranged and named ports, TCP/UDP/SCTP,
 * explicit and defaulted policyTypes, empty rules and deny-all policies.
 */

export const NAMESPACE_COUNT = 50;
export const POLICIES_PER_100 = 30;

interface AppKind {
  readonly app: string;
  readonly tier: string;
  readonly ports: { name: string; containerPort: number; protocol?: string }[];
}

const APPS: AppKind[] = [
  { app: 'web', tier: 'frontend', ports: [{ name: 'http', containerPort: 8080 }] },
  { app: 'gateway', tier: 'frontend', ports: [{ name: 'http', containerPort: 80 }, { name: 'https', containerPort: 443 }] },
  { app: 'api', tier: 'backend', ports: [{ name: 'http', containerPort: 80 }, { name: 'metrics', containerPort: 9090 }] },
  { app: 'auth', tier: 'backend', ports: [{ name: 'http', containerPort: 80 }] },
  { app: 'grpc', tier: 'backend', ports: [{ name: 'grpc', containerPort: 80 }] },
  { app: 'worker', tier: 'backend', ports: [{ name: 'metrics', containerPort: 80 }] },
  { app: 'queue', tier: 'backend', ports: [{ name: 'amqp', containerPort: 5672 }] },
  { app: 'search', tier: 'data', ports: [{ name: 'http', containerPort: 9200 }] },
  { app: 'db', tier: 'data', ports: [{ name: 'postgres', containerPort: 5432 }] },
  { app: 'cache', tier: 'data', ports: [{ name: 'redis', containerPort: 6379 }] },
  { app: 'dns', tier: 'infra', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53 }] },
  { app: 'prometheus', tier: 'infra', ports: [{ name: 'http', containerPort: 9090 }] },
];
const TEAMS = ['a', 'b', 'c', 'd', 'e'];
const ENVS = ['prod', 'staging', 'dev'];
const IP_BLOCKS = [
  { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] },
  { cidr: '203.0.113.0/24' },
  { cidr: '198.51.100.0/24' },
  { cidr: '203.0.113.0/24', except: ['203.0.113.0/28'] },
  { cidr: '10.0.0.0/8' },
  { cidr: '2001:db8::/32' },
];
const PORT_ENTRIES: any[] = [
  { port: 80, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }, { port: 8080 }, { port: 80, endPort: 90, protocol: 'TCP' },
  { port: 8000, endPort: 9000 }, { port: 'http', protocol: 'TCP' }, { port: 'metrics' }, { port: 'grpc' },
  { port: 53, protocol: 'UDP' }, { port: 80, protocol: 'SCTP' }, { protocol: 'TCP' }, { port: 'dns', protocol: 'UDP' },
];

/** The generated cluster. */
export interface GeneratedCluster {
  readonly manifests: any[];
  readonly endpoints: number;
  readonly policies: number;
  readonly namespaces: number;
}

export function generateCluster(endpoints: number, seed: number, policiesPer100 = POLICIES_PER_100): GeneratedCluster {
  const rng = new Rng(seed * 1000003 + endpoints);
  const manifests: any[] = [];
  const nsNames = Array.from({ length: NAMESPACE_COUNT }, (_, i) => `ns-${String(i).padStart(2, '0')}`);
  nsNames.forEach((name, i) => {
    const labels: { [k: string]: string } = { team: TEAMS[i % TEAMS.length], env: rng.pick(ENVS) };
    if (rng.chance(0.2)) labels.monitoring = 'true';
    manifests.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  });

  // Endpoints: Deployments (one endpoint each) or 1-4 bare Pods with identical labels (replicas).
  let made = 0;
  let serial = 0;
  while (made < endpoints) {
    const namespace = rng.pick(nsNames);
    const kind = rng.pick(APPS);
    const labels: { [k: string]: string } = { app: kind.app, tier: kind.tier, version: rng.pick(['v1', 'v2']) };
    if (rng.chance(0.1)) labels['networking/allow-internet-access'] = 'true';
    if (rng.chance(0.3)) labels.scrape = 'true';
    const containers = [{ name: kind.app, image: `example/${kind.app}:1`, ports: kind.ports.map((p) => ({ ...p })) }];
    const name = `${kind.app}-${serial++}`;
    if (rng.chance(0.6)) {
      manifests.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace },
        spec: { selector: { matchLabels: { ...labels } }, template: { metadata: { labels }, spec: { containers } } },
      });
      made += 1;
    } else {
      const replicas = Math.min(1 + rng.int(4), endpoints - made);
      for (let r = 0; r < replicas; r++) {
        manifests.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `${name}-${r}`, namespace, labels: { ...labels } }, spec: { containers } });
      }
      made += replicas;
    }
  }

  const policyCount = Math.round(endpoints * policiesPer100 / 100);
  const appSelector = (): any => {
    switch (rng.weighted({ app: 50, appVersion: 15, inList: 15, notIn: 10, all: 10 })) {
      case 'app': return { matchLabels: { app: rng.pick(APPS).app } };
      case 'appVersion': return { matchLabels: { app: rng.pick(APPS).app, version: rng.pick(['v1', 'v2']) } };
      case 'inList': return { matchExpressions: [{ key: 'app', operator: 'In', values: [rng.pick(APPS).app, rng.pick(APPS).app] }] };
      case 'notIn': return {
        matchLabels: { tier: rng.pick(['frontend', 'backend', 'data']) },
        matchExpressions: [{ key: 'version', operator: 'NotIn', values: ['v1'] }, { key: 'scrape', operator: rng.pick(['Exists', 'DoesNotExist']) }],
      };
      default: return {};
    }
  };
  const namespaceSelector = (): any => {
    switch (rng.weighted({ team: 35, envIn: 25, monitoring: 15, name: 15, all: 10 })) {
      case 'team': return { matchLabels: { team: rng.pick(TEAMS) } };
      case 'envIn': return { matchExpressions: [{ key: 'env', operator: 'In', values: [rng.pick(ENVS), rng.pick(ENVS)] }] };
      case 'monitoring': return { matchExpressions: [{ key: 'monitoring', operator: 'Exists' }] };
      case 'name': return { matchLabels: { 'kubernetes.io/metadata.name': rng.pick(nsNames) } };
      default: return {};
    }
  };
  const peer = (): any => {
    switch (rng.weighted({ pod: 40, nsAndPod: 20, ns: 10, ip: 15, allInNs: 10, nsNotIn: 5 })) {
      case 'pod': return { podSelector: appSelector() };
      case 'nsAndPod': return { namespaceSelector: namespaceSelector(), podSelector: appSelector() };
      case 'ns': return { namespaceSelector: namespaceSelector() };
      case 'ip': return { ipBlock: { ...rng.pick(IP_BLOCKS) } };
      case 'allInNs': return { podSelector: {} };
      default: return { namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }, podSelector: { matchLabels: { scrape: 'true' } } };
    }
  };
  const rule = (peerKey: string): any => {
    if (rng.chance(0.08)) return {};
    const r: any = {};
    const peers = rng.chance(0.1) ? 0 : 1 + rng.int(3);
    if (peers > 0) r[peerKey] = Array.from({ length: peers }, peer);
    if (rng.chance(0.7)) r.ports = Array.from({ length: 1 + rng.int(2) }, () => ({ ...rng.pick(PORT_ENTRIES) }));
    return r;
  };
  const rules = (peerKey: string): any[] => Array.from({ length: rng.chance(0.12) ? 0 : 1 + rng.int(2) }, () => rule(peerKey));

  for (let i = 0; i < policyCount; i++) {
    const spec: any = { podSelector: appSelector() };
    switch (rng.weighted({ ingress: 45, egress: 20, both: 15, defaultIngress: 10, defaultBoth: 10 })) {
      case 'ingress': spec.policyTypes = ['Ingress']; spec.ingress = rules('from'); break;
      case 'egress': spec.policyTypes = ['Egress']; spec.egress = rules('to'); break;
      case 'both': spec.policyTypes = ['Ingress', 'Egress']; spec.ingress = rules('from'); spec.egress = rules('to'); break;
      case 'defaultIngress': spec.ingress = rules('from'); break; // policyTypes left to the API server's default
      default: spec.ingress = rules('from'); spec.egress = [rule('to')]; break;
    }
    for (const key of ['ingress', 'egress']) if (spec[key]?.length === 0) delete spec[key];
    manifests.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `policy-${i}`, namespace: rng.pick(nsNames) }, spec });
  }
  return { manifests, endpoints, policies: policyCount, namespaces: NAMESPACE_COUNT };
}
