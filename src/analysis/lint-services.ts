import { ClusterModel, CompiledRule, PodModel, PolicyModel } from './cluster-model';
import { CompiledSelector, Labels } from './label-selector';
import { LintFinding, LintSeverity } from './lint-finding';
import { CompiledPort } from './port-matcher';
import { podsSelectedBy, ServiceModel, targetPortOn } from './service-model';
import { groupBy } from '../model/group-by';

/**
 * The port checks (NP018-NP021). Policies match the pod's port, after a Service has translated its own
 * port to the `targetPort`: a rule written on the Service port admits nothing, and no other tool says so.
 */

/** @internal */
export function runServiceChecks(model: ClusterModel): LintFinding[] {
  const findings: LintFinding[] = [];
  const pods = new PodIndex(model);
  // Without pods no rule has a destination to check (a chart of policies, linted at synth): skip the
  // lookups, which match every namespace against every cross-namespace peer.
  for (const policy of pods.isEmpty ? [] : model.policies) {
    const rules = [...policy.ingressRules.map((r) => ({ r, ingress: true })), ...policy.egressRules.map((r) => ({ r, ingress: false }))];
    for (const { r, ingress } of rules) {
      // Only single numeric ports and named ports can be checked; skip the destination lookup otherwise.
      if (r.allPorts || !r.ports.some((e) => e.name !== undefined || (e.port !== undefined && e.endPort === undefined))) continue;
      const destinations = ingress ? pods.selectedBy(policy) : pods.egressDestinations(policy, r);
      if (destinations === undefined || destinations.length === 0) continue;
      for (const entry of r.ports) {
        checkServicePort(policy, r, ingress, entry, destinations, model.services, findings);
        checkNamedPort(policy, r, ingress, entry, destinations, findings);
      }
    }
  }
  for (const service of model.services) checkService(service, model.pods, findings);
  return findings;
}

/**
 * The pods by namespace and, within one, by identical labels (hostNetwork ones left out: policies never
 * select them): each selector is matched once per label set, since rules may lead to thousands of pods.
 */
class PodIndex {
  private readonly byNamespace = new Map<string, { labels: Labels; pods: PodModel[] }[]>();

  constructor(private readonly model: ClusterModel) {
    for (const [ns, pods] of groupBy(model.pods.filter((p) => !p.hostNetwork), (p) => p.namespace)) {
      const groups = groupBy(pods, (p) => JSON.stringify(Object.entries(p.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
      this.byNamespace.set(ns, [...groups.values()].map((list) => ({ labels: list[0].labels, pods: list })));
    }
  }

  /** Whether no pod is indexed: every lookup finds nothing. */
  public get isEmpty(): boolean {
    return this.byNamespace.size === 0;
  }

  /** The pods an ingress rule's policy guards. */
  public selectedBy(policy: PolicyModel): PodModel[] {
    return this.matching(policy.namespace, policy.podSelector);
  }

  /** The pods an egress rule's peers select; undefined when it also reaches outside the cluster (any port may be meant there). */
  public egressDestinations(policy: PolicyModel, rule: CompiledRule): PodModel[] | undefined {
    if (rule.allPeers || rule.peers.some((p) => p.kind !== 'pods')) return undefined;
    const found = new Set<PodModel>();
    for (const peer of rule.peers) {
      if (peer.kind !== 'pods') continue;
      // a namespace without pods adds nothing: skip it before matching its labels
      const namespaces = peer.namespaceSelector === undefined ? [policy.namespace] : [...this.model.namespaces.values()]
        .filter((n) => this.byNamespace.has(n.name) && peer.namespaceSelector!.matches(n.labels)).map((n) => n.name);
      for (const ns of namespaces) this.matching(ns, peer.podSelector).forEach((p) => found.add(p));
    }
    return [...found];
  }

  private matching(namespace: string, selector: CompiledSelector | undefined): PodModel[] {
    return (this.byNamespace.get(namespace) ?? []).filter((g) => selector === undefined || selector.matches(g.labels)).flatMap((g) => g.pods);
  }
}

function where(rule: CompiledRule, ingress: boolean): string {
  return `${ingress ? 'ingress' : 'egress'} rule ${rule.index}`;
}

/** NP018: a numeric rule port none of the destination pods declare, while they declare ports; the Service that explains it. */
function checkServicePort(policy: PolicyModel, rule: CompiledRule, ingress: boolean, entry: CompiledPort, pods: PodModel[],
  services: readonly ServiceModel[], findings: LintFinding[]): void {
  if (entry.port === undefined || entry.endPort !== undefined || entry.name !== undefined) return;
  // The common case, a pod declaring the port, is decided without building anything (rules may lead to thousands of pods).
  if (pods.some((p) => p.containerPorts.some((c) => c.port === entry.port && c.protocol === entry.protocol))) return;
  const declared = pods.flatMap((p) => p.containerPorts.filter((c) => c.protocol === entry.protocol));
  if (declared.length === 0) return;
  const spec = `${entry.protocol}/${entry.port}`;
  const podPorts = [...new Set(declared.map((c) => `${c.port}${c.name ? ` (${c.name})` : ''}`))].join(', ');
  const via = serviceOnPort(entry, pods, services);
  const object = { kind: 'NetworkPolicy', namespace: policy.namespace, name: policy.name };
  const subject = `${where(rule, ingress)} allows ${spec}, which none of the pods it leads to (${pods.map((p) => p.id).slice(0, 5).join(', ')}) declare; they declare ${entry.protocol} ${podPorts}`;
  if (via) {
    const target = via.targets.map((t) => `${entry.protocol}/${t}`).join(' and ');
    findings.push({
      severity: LintSeverity.WARNING,
      code: 'NP018',
      object,
      message: `${subject}. ${spec} is the port of Service ${via.s.id}, which sends it to targetPort ${via.sp.targetPort}: ` +
        'NetworkPolicies see the pod\'s port after the Service has translated it, so this rule admits nothing through the Service',
      fix: `write port ${via.targets.join(', ')} (the targetPort ${target}${typeof via.sp.targetPort === 'string' ? `, or the name ${via.sp.targetPort}` : ''}) instead of ${entry.port} in ${where(rule, ingress)}`,
    });
    return;
  }
  findings.push({
    severity: LintSeverity.WARNING,
    code: 'NP018',
    object,
    message: `${subject}; unless they listen on an undeclared port, this port admits nothing`,
    fix: `name a port the pods declare (${podPorts}), or declare ${spec} on their containers`,
  });
}

/** The Service selecting some of the pods whose `port` is the rule's port, with the pod ports it sends it to. */
function serviceOnPort(entry: CompiledPort, pods: PodModel[], services: readonly ServiceModel[]) {
  for (const s of services) {
    const selected = podsSelectedBy(s, pods);
    for (const sp of s.ports.filter((p) => p.port === entry.port && p.protocol === entry.protocol)) {
      const targets = [...new Set(selected.map((p) => targetPortOn(p, sp)).filter((t): t is number => t !== undefined))];
      if (targets.length > 0) return { s, sp, targets };
    }
  }
  return undefined;
}

/** NP019: a named port that is a different number or protocol on different pods the rule leads to. */
function checkNamedPort(policy: PolicyModel, rule: CompiledRule, ingress: boolean, entry: CompiledPort, pods: PodModel[],
  findings: LintFinding[]): void {
  if (entry.name === undefined) return;
  const byValue = new Map<string, Set<string>>();
  for (const p of pods) {
    for (const c of p.containerPorts) {
      if (c.name !== entry.name) continue;
      const key = `${c.protocol}/${c.port}`;
      const ids = byValue.get(key);
      if (ids) ids.add(p.id); else byValue.set(key, new Set([p.id]));
    }
  }
  if (byValue.size < 2) return;
  const values = [...byValue].map(([value, set]) => {
    const ids = [...set];
    return `${value} on ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', ...' : ''}`;
  });
  findings.push({
    severity: LintSeverity.WARNING,
    code: 'NP019',
    object: { kind: 'NetworkPolicy', namespace: policy.namespace, name: policy.name },
    message: `${where(rule, ingress)} names the port ${entry.protocol}/${entry.name}, which is ${values.join('; ')}: ` +
      `the rule admits a different port on each pod${[...byValue.keys()].some((k) => !k.startsWith(`${entry.protocol}/`)) ? ` (and only ${entry.protocol} ones)` : ''}`,
    fix: `give the port ${entry.name} one number and protocol on every pod, or write the numbers in the rule`,
  });
}

/** NP020 and NP021: a Service that reaches no pod, or a port of it that reaches none. */
function checkService(service: ServiceModel, allPods: readonly PodModel[], findings: LintFinding[]): void {
  if (service.selector === undefined) return;
  const object = { kind: 'Service', namespace: service.namespace, name: service.name };
  const pods = podsSelectedBy(service, allPods);
  if (pods.length === 0) {
    findings.push({
      severity: LintSeverity.WARNING,
      code: 'NP020',
      object,
      message: `spec.selector ${JSON.stringify(service.selector)} matches no Pod or workload in namespace ${service.namespace}, so the Service reaches nothing`,
      fix: 'make spec.selector equal to (a subset of) the pod template labels of the workload it fronts',
    });
    return;
  }
  for (const sp of service.ports) {
    const named = typeof sp.targetPort === 'string';
    const declaring = pods.filter((p) => (named ? targetPortOn(p, sp) !== undefined
      : p.containerPorts.some((c) => c.port === sp.targetPort && c.protocol === sp.protocol)));
    const declareAny = pods.some((p) => p.containerPorts.some((c) => c.protocol === sp.protocol));
    if (declaring.length > 0 || (!named && !declareAny)) continue;
    const ports = [...new Set(pods.flatMap((p) => p.containerPorts.filter((c) => c.protocol === sp.protocol).map((c) => `${c.port}${c.name ? ` (${c.name})` : ''}`)))];
    findings.push({
      severity: LintSeverity.WARNING,
      code: 'NP021',
      object,
      message: `port ${sp.protocol}/${sp.port} sends to targetPort ${sp.targetPort}, which none of the pods it selects (${pods.map((p) => p.id).slice(0, 5).join(', ')}) declare` +
        (named ? ': a named targetPort that no pod declares leaves the port without endpoints' : ''),
      fix: ports.length > 0 ? `set targetPort to the pods' port (${sp.protocol} ${ports.join(', ')})` : `declare ${sp.protocol} port ${sp.targetPort} on the pods' containers`,
    });
  }
}
