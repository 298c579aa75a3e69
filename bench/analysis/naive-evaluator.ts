/**
 * The naive evaluator: NetworkPolicy semantics read straight from the Kubernetes documentation and
 * applied literally to every (source, destination) pair and every policy, with no grouping, no
 * caching and no precompiled selectors. It shares no code with src/analysis, so the benchmark can
 * check the engine's matrix against it.
 *
 * It follows the engine's documented decisions where Kubernetes leaves room: a Pod always reaches
 * itself; replicas of one workload are different pods (a workload to itself is evaluated); ipBlocks
 * match only addresses outside the cluster; named ports resolve against the destination's container
 * ports and never match an outside address. The generator makes no hostNetwork pods.
 */

const NAME_LABEL = 'kubernetes.io/metadata.name';
const TEMPLATES: { [kind: string]: (o: any) => any } = {
  Deployment: (o) => o.spec?.template,
  StatefulSet: (o) => o.spec?.template,
  DaemonSet: (o) => o.spec?.template,
  ReplicaSet: (o) => o.spec?.template,
  ReplicationController: (o) => o.spec?.template,
  Job: (o) => o.spec?.template,
  CronJob: (o) => o.spec?.jobTemplate?.spec?.template,
};

interface Endpoint {
  readonly kind: string;
  readonly namespace?: string;
  readonly labels?: { [k: string]: string };
  readonly containerPorts?: { name?: string; containerPort: number; protocol?: string }[];
  /** Outside the cluster: its IPv4 address as a number. */
  readonly ip?: number;
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** Whether an IPv4 address is in a CIDR; IPv6 CIDRs never contain an IPv4 address. */
function inCidr(ip: number, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const network = ipv4(base);
  if (network === undefined) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ip / size) === Math.floor(network / size);
}

/** A label selector: every matchLabels pair AND every expression; `{}` selects everything. */
function selects(selector: any, labels: { [k: string]: string }): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    if (e.operator === 'In' && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

export class NaiveEvaluator {
  public readonly endpoints: Endpoint[] = [];
  private readonly namespaceLabels = new Map<string, { [k: string]: string }>();
  private readonly policies: any[] = [];

  constructor(manifests: any[], internetAddress: string) {
    for (const o of manifests) {
      const namespace = o.metadata?.namespace || 'default';
      if (o.kind === 'Namespace') {
        this.namespaceLabels.set(o.metadata.name, { ...o.metadata.labels, [NAME_LABEL]: o.metadata.name });
      } else if (o.kind === 'NetworkPolicy') {
        this.policies.push(o);
      } else if (o.kind === 'Pod' || o.kind in TEMPLATES) {
        const template = o.kind === 'Pod' ? o : TEMPLATES[o.kind](o);
        this.endpoints.push({
          kind: o.kind,
          namespace,
          labels: template.metadata?.labels ?? {},
          containerPorts: (template.spec?.containers ?? []).flatMap((c: any) => c.ports ?? []),
        });
      }
    }
    for (const e of [...this.endpoints, ...this.policies.map((p) => ({ namespace: p.metadata.namespace || 'default' }))]) {
      if (!this.namespaceLabels.has(e.namespace!)) this.namespaceLabels.set(e.namespace!, { [NAME_LABEL]: e.namespace! });
    }
    this.endpoints.push({ kind: 'internet', ip: ipv4(internetAddress) });
  }

  /** The matrix on one port (row = source, column = destination), endpoints in manifest order then the internet. */
  public matrix(port: number, protocol: string): Uint8Array {
    const n = this.endpoints.length;
    const cells = new Uint8Array(n * n);
    for (let s = 0; s < n; s++) {
      for (let d = 0; d < n; d++) {
        cells[s * n + d] = this.allowed(this.endpoints[s], this.endpoints[d], port, protocol) ? 1 : 0;
      }
    }
    return cells;
  }

  /** One cell of the matrix: whether endpoint `s` can connect to endpoint `d` (indices as in `matrix`). */
  public cell(s: number, d: number, port: number, protocol: string): boolean {
    return this.allowed(this.endpoints[s], this.endpoints[d], port, protocol);
  }

  private allowed(src: Endpoint, dst: Endpoint, port: number, protocol: string): boolean {
    if (src.ip !== undefined && dst.ip !== undefined) return false; // not a cluster connection
    if (src === dst && src.kind === 'Pod') return true; // loopback
    const egress = src.ip !== undefined || this.admits('Egress', src, dst, dst, port, protocol);
    const ingress = dst.ip !== undefined || this.admits('Ingress', dst, src, dst, port, protocol);
    return egress && ingress;
  }

  /** Whether the policies of `self` admit traffic with `other` in one direction (unisolated pods admit all). */
  private admits(direction: string, self: Endpoint, other: Endpoint, dst: Endpoint, port: number, protocol: string): boolean {
    let isolated = false;
    for (const policy of this.policies) {
      if ((policy.metadata.namespace || 'default') !== self.namespace) continue;
      if (!selects(policy.spec.podSelector ?? {}, self.labels!)) continue;
      const types: string[] = policy.spec.policyTypes?.length ? policy.spec.policyTypes
        : ['Ingress', ...(policy.spec.egress?.length ? ['Egress'] : [])];
      if (!types.includes(direction)) continue;
      isolated = true;
      const rules: any[] = (direction === 'Ingress' ? policy.spec.ingress : policy.spec.egress) ?? [];
      for (const rule of rules) {
        const peers = (direction === 'Ingress' ? rule?.from : rule?.to) ?? [];
        const ports = rule?.ports ?? [];
        const peerOk = peers.length === 0 || peers.some((p: any) => this.peerMatches(p, policy.metadata.namespace || 'default', other));
        const portOk = ports.length === 0 || ports.some((p: any) => portMatches(p, port, protocol, dst));
        if (peerOk && portOk) return true;
      }
    }
    return !isolated;
  }

  private peerMatches(peer: any, policyNamespace: string, e: Endpoint): boolean {
    if (peer.ipBlock) {
      return e.ip !== undefined && inCidr(e.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((x: string) => inCidr(e.ip!, x));
    }
    if (e.ip !== undefined) return false; // selectors match pods only
    const namespaceOk = peer.namespaceSelector
      ? selects(peer.namespaceSelector, this.namespaceLabels.get(e.namespace!)!)
      : e.namespace === policyNamespace;
    return namespaceOk && (peer.podSelector === undefined || peer.podSelector === null || selects(peer.podSelector, e.labels!));
  }
}

function portMatches(entry: any, port: number, protocol: string, dst: Endpoint): boolean {
  if ((entry.protocol ?? 'TCP') !== protocol) return false;
  if (entry.port === undefined) return true;
  if (typeof entry.port === 'string') {
    return dst.ip === undefined && (dst.containerPorts ?? []).some((c) =>
      c.name === entry.port && (c.protocol ?? 'TCP') === protocol && c.containerPort === port);
  }
  return entry.endPort !== undefined ? port >= entry.port && port <= entry.endPort : port === entry.port;
}
