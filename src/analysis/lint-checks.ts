import { ClusterModel, CompiledRule, NAMESPACE_NAME_LABEL, NamespaceModel, PodModel, PolicyModel } from './cluster-model';
import { ConnectionEvaluator, describePeer } from './connection-evaluator';
import { CompiledIpBlock } from './ip-block';
import { CompiledSelector } from './label-selector';
import { LintFinding, LintSeverity } from './lint-finding';
import { spoofableLabelFinding, spoofableNamespaceLabels } from './spoofable-labels';
import { Direction as TrafficDirection } from '../model/direction';
import { groupBy } from '../model/group-by';
import { namespaceNameProblems } from '../model/names';

/**
 * The isolation checks: each looks at the model (policies already compiled, namespaces with their
 * automatic label) and reports what a reviewer of the YAML would miss. Reading problems (NP001-NP003,
 * NP011-NP013, NP016) come from the manifest reader.
 */

/** @internal */
export function runChecks(model: ClusterModel): LintFinding[] {
  const findings: LintFinding[] = [];
  const evaluator = new ConnectionEvaluator(model);
  const podsByNamespace = groupBy(model.pods.filter((p) => !p.hostNetwork), (p) => p.namespace);
  checkExplicitPolicyTypes(model, findings);
  checkDefaultDeny(model, podsByNamespace, findings);
  checkUnisolatedPods(model, evaluator, findings);
  checkEgressWithoutDefaultDeny(model, podsByNamespace, findings);
  const namespaceIndex = new NamespaceIndex(model);
  for (const policy of model.policies) {
    checkPolicySelectsSomething(policy, podsByNamespace, findings);
    checkAllowAll(policy, findings);
    checkPeers(model, namespaceIndex, policy, podsByNamespace, findings);
  }
  return findings;
}

/**
 * The namespaces a namespaceSelector matches, in the model's order. Scanning every namespace for every
 * peer made the peer checks grow with namespaces squared (0.18 s at 1,000 namespaces, 2.5 s at 4,000);
 * a selector with an `In` requirement (every matchLabels entry, e.g. the namespace name label) only
 * looks at the namespaces carrying one of its values.
 */
class NamespaceIndex {
  private readonly all: NamespaceModel[];
  private readonly order = new Map<NamespaceModel, number>();
  /** label key → label value → namespaces with that label, built per key on first use. */
  private readonly byLabel = new Map<string, Map<string, NamespaceModel[]>>();

  constructor(model: ClusterModel) {
    this.all = [...model.namespaces.values()];
    this.all.forEach((n, i) => this.order.set(n, i));
  }

  public matching(selector: CompiledSelector): string[] {
    const inReq = selector.requirements.find((r) => r.operator === 'In');
    let candidates = this.all;
    if (inReq !== undefined) {
      const byValue = this.valuesOf(inReq.key);
      const found = new Set<NamespaceModel>();
      for (const v of inReq.values) for (const n of byValue.get(v) ?? []) found.add(n);
      candidates = [...found].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
    }
    return candidates.filter((n) => selector.matches(n.labels)).map((n) => n.name);
  }

  private valuesOf(key: string): Map<string, NamespaceModel[]> {
    let byValue = this.byLabel.get(key);
    if (byValue === undefined) {
      byValue = new Map();
      for (const n of this.all) {
        if (!Object.prototype.hasOwnProperty.call(n.labels, key)) continue;
        const list = byValue.get(n.labels[key]);
        if (list) list.push(n);
        else byValue.set(n.labels[key], [n]);
      }
      this.byLabel.set(key, byValue);
    }
    return byValue;
  }
}

/** NP004: a policy that leaves policyTypes to the API server's default. */
function checkExplicitPolicyTypes(model: ClusterModel, findings: LintFinding[]): void {
  for (const o of model.objects) {
    if (o.kind !== 'NetworkPolicy' || o.raw?.spec === null || typeof o.raw?.spec !== 'object') continue;
    const types = o.raw.spec.policyTypes;
    if (types !== undefined && types !== null && !(Array.isArray(types) && types.length === 0)) continue;
    const egress = Array.isArray(o.raw.spec.egress) && o.raw.spec.egress.length > 0;
    findings.push({
      severity: LintSeverity.WARNING,
      code: 'NP004',
      object: { kind: o.kind, namespace: o.namespace, name: o.name },
      message: `no explicit policyTypes: the API server defaults it to [${egress ? 'Ingress, Egress' : 'Ingress'}] from the rules present, ` +
        'so adding or removing an egress section later silently changes what the policy isolates',
      fix: `write \`policyTypes: [${egress ? 'Ingress, Egress' : 'Ingress'}]\` (the directions you mean to isolate)`,
    });
  }
}

/** NP005: a namespace with pods and no policy isolating all of them for ingress without admitting everyone. */
function checkDefaultDeny(model: ClusterModel, podsByNamespace: Map<string, PodModel[]>, findings: LintFinding[]): void {
  const byNamespace = policiesByNamespace(model);
  for (const [namespace, pods] of podsByNamespace) {
    const own = byNamespace.get(namespace) ?? [];
    if (own.some((p) => isDefaultDeny(p, 'ingress'))) continue;
    const allowAll = allowAllNote(own, 'ingress');
    findings.push({
      severity: LintSeverity.WARNING,
      code: 'NP005',
      object: { kind: 'Namespace', name: namespace },
      message: `namespace ${namespace} has ${pods.length} pod${pods.length === 1 ? '' : 's'} or workload${pods.length === 1 ? '' : 's'} but no default-deny: ` +
        'no policy with `podSelector: {}` isolates every pod for ingress without admitting everyone' + (allowAll ? ` (${allowAll})` : '') +
        ', so a pod whose only policy is deleted becomes open to everyone',
      fix: `add a default-deny-all policy to ${namespace} (podSelector: {}, policyTypes: [Ingress]), e.g. the NamespaceBaseline construct`,
    });
  }
}

/**
 * A default-deny for a direction: it selects every pod, isolates them for that direction, and no rule of it
 * admits everything (see `admitsEverything`), since an allow-all on every pod denies nothing.
 */
function isDefaultDeny(policy: PolicyModel, direction: Direction): boolean {
  return policy.podSelector.isEmpty && policy[direction] && allowAllRule(policy, direction) === undefined;
}

type Direction = 'ingress' | 'egress';

function policiesByNamespace(model: ClusterModel): Map<string, PolicyModel[]> {
  return groupBy(model.policies, (p) => p.namespace);
}

/** The first rule of the direction that admits everything, with what it admits. */
function allowAllRule(policy: PolicyModel, direction: Direction): { index: number; what: string } | undefined {
  const rules = direction === 'ingress' ? policy.ingressRules : policy.egressRules;
  for (const r of rules) {
    const what = admitsEverything(r, direction);
    if (what !== undefined) return { index: r.index, what };
  }
  return undefined;
}

/** `x/allow-all selects every pod but spec.ingress[0] admits every source`, for the first such policy. */
function allowAllNote(policies: readonly PolicyModel[], direction: Direction): string | undefined {
  for (const p of policies) {
    const rule = p.podSelector.isEmpty && p[direction] ? allowAllRule(p, direction) : undefined;
    if (rule) return `${p.id} selects every pod but spec.${direction}[${rule.index}] admits ${rule.what}`;
  }
  return undefined;
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/**
 * What a rule admits when it admits everything: every port (no ports, or every port of each of TCP, UDP
 * and SCTP) from or to every peer (no peers), every pod of every namespace (`namespaceSelector: {}`, with
 * no or an empty podSelector) or every address of a family (`0.0.0.0/0` or `::/0` without except; many
 * network plugins match pod addresses with ipBlocks too). Undefined when the rule is narrower.
 */
function admitsEverything(rule: CompiledRule, direction: Direction): string | undefined {
  const everyPort = rule.allPorts || PROTOCOLS.every((protocol) => rule.ports.some((p) => p.protocol === protocol && p.name === undefined &&
    (p.port === undefined || (p.port === 1 && p.endPort === 65535))));
  if (!everyPort) return undefined;
  if (rule.allPeers) return direction === 'ingress' ? 'every source, in the cluster and outside it' : 'every destination, in the cluster and outside it';
  const parts = rule.peers.map((peer) => {
    if (peer.kind === 'ipBlock') return wholeFamily(peer.ipBlock);
    const everyPod = peer.namespaceSelector?.isEmpty && (peer.podSelector === undefined || peer.podSelector.isEmpty);
    return everyPod ? 'every pod of every namespace' : undefined;
  }).filter((x): x is string => x !== undefined);
  return parts.length > 0 ? [...new Set(parts)].join(' and ') : undefined;
}

/** `every IPv4 address` for `0.0.0.0/0` (and `::/0`) without except. */
function wholeFamily(block: CompiledIpBlock): string | undefined {
  if (block.cidr.prefix !== 0 || block.except.length > 0) return undefined;
  return `every ${block.cidr.text.includes(':') ? 'IPv6' : 'IPv4'} address`;
}

/** NP015: a rule admitting everything on a policy that selects every pod: that direction of the namespace is open. */
function checkAllowAll(policy: PolicyModel, findings: LintFinding[]): void {
  if (!policy.podSelector.isEmpty) return;
  for (const direction of ['ingress', 'egress'] as Direction[]) {
    const rule = policy[direction] ? allowAllRule(policy, direction) : undefined;
    if (!rule) continue;
    findings.push({
      severity: LintSeverity.WARNING,
      code: 'NP015',
      object: { kind: 'NetworkPolicy', namespace: policy.namespace, name: policy.name },
      message: `spec.${direction}[${rule.index}] admits ${rule.what} on every port, and the policy selects every pod of ${policy.namespace} ` +
        `(podSelector: {}): whatever the other policies of ${policy.namespace} deny, ${direction} of every pod stays open to it, so it denies nothing ` +
        'and is no default-deny',
      fix: `to deny, leave \`${direction}:\` empty; to admit only the namespace's own pods, write \`${direction === 'ingress' ? 'from' : 'to'}: [{ podSelector: {} }]\`; ` +
        'otherwise narrow the rule with peers or ports',
    });
  }
}

/** NP006: a pod no policy selects for ingress. */
function checkUnisolatedPods(model: ClusterModel, evaluator: ConnectionEvaluator, findings: LintFinding[]): void {
  for (const pod of model.pods) {
    if (pod.hostNetwork || evaluator.selectingPolicies(pod, TrafficDirection.INGRESS).length > 0) continue;
    findings.push({
      severity: LintSeverity.WARNING,
      code: 'NP006',
      object: { kind: pod.kind, namespace: pod.namespace, name: pod.name },
      message: `${pod.kind} ${pod.namespace}/${pod.name} is not isolated for ingress: no NetworkPolicy of ${pod.namespace} selects it, so every pod and address can reach it`,
      fix: `add a default-deny policy to ${pod.namespace}, or a policy whose podSelector matches its labels`,
    });
  }
}

/**
 * NP014: a policy that isolates some pods for egress in a namespace whose egress is not denied as a whole
 * (no `podSelector: {}` policy isolating Egress without admitting everything). The selected pods lose every
 * egress the policy does not admit, DNS included: the cdk8s-plus `allowTo` trap; beside an allow-all on every
 * pod (NP015) they lose nothing, and the message says the policy restricts nothing. A policy selecting all
 * pods is never reported (it is a deny, or an allow-all). One pass to find the namespaces that deny egress,
 * one over the policies; pods are counted only for the policies reported, over their own namespace.
 */
function checkEgressWithoutDefaultDeny(model: ClusterModel, podsByNamespace: Map<string, PodModel[]>, findings: LintFinding[]): void {
  const deniesEgress = new Set<string>();
  for (const p of model.policies) if (isDefaultDeny(p, 'egress')) deniesEgress.add(p.namespace);
  const byNamespace = policiesByNamespace(model);
  for (const policy of model.policies) {
    if (!policy.egress || policy.podSelector.isEmpty || deniesEgress.has(policy.namespace)) continue;
    const allowAll = allowAllNote(byNamespace.get(policy.namespace)!, 'egress');
    const pods = podsByNamespace.get(policy.namespace) ?? [];
    const selected = pods.filter((p) => policy.podSelector.matches(p.labels)).length;
    const whom = pods.length === 0 ? `the pods matching ${policy.podSelector.describe()}`
      : `${selected} pod${selected === 1 ? '' : 's'} or workload${selected === 1 ? '' : 's'} of ${policy.namespace}`;
    const why = policy.explicitPolicyTypes ? 'lists Egress in policyTypes' : 'has egress rules (so policyTypes defaults to include Egress)';
    findings.push({
      severity: LintSeverity.WARNING,
      code: 'NP014',
      object: { kind: 'NetworkPolicy', namespace: policy.namespace, name: policy.name },
      message: `NetworkPolicy ${policy.namespace}/${policy.name} ${why} and so isolates ${whom} for egress, ` +
        `but no policy of ${policy.namespace} denies egress to all its pods: ` + (allowAll
        ? `${allowAll}, so this policy restricts nothing and the namespace's egress is open`
        : 'the selected pods lose all egress the policy does not admit, DNS included (the cdk8s-plus allowTo trap)'),
      fix: (allowAll ? 'replace the allow-all with ' : 'add ') +
        'a default-deny egress policy with DNS allowed (DefaultDenyEgress + AllowDnsEgress, or NamespaceBaseline denyEgress) ' +
        'so the namespace\'s egress is governed as a whole, or move the rule to the ingress side of the destination',
    });
  }
}

/** NP007: a policy that selects none of the pods of its namespace (when the input has some). */
function checkPolicySelectsSomething(policy: PolicyModel, podsByNamespace: Map<string, PodModel[]>, findings: LintFinding[]): void {
  const pods = podsByNamespace.get(policy.namespace) ?? [];
  if (pods.length === 0 || pods.some((p) => policy.podSelector.matches(p.labels))) return;
  findings.push({
    severity: LintSeverity.WARNING,
    code: 'NP007',
    object: { kind: 'NetworkPolicy', namespace: policy.namespace, name: policy.name },
    message: `spec.podSelector ${policy.podSelector.describe()} selects none of the ${pods.length} pods and workloads of ${policy.namespace}, so the policy does nothing`,
    fix: 'correct the labels (compare with the pod template labels), or delete the policy',
  });
}

/** NP008 (peer selects no pod), NP009 (namespaceSelector matches no namespace), NP010 (spoofable namespace label). */
function checkPeers(model: ClusterModel, namespaceIndex: NamespaceIndex, policy: PolicyModel, podsByNamespace: Map<string, PodModel[]>,
  findings: LintFinding[]): void {
  const object = { kind: 'NetworkPolicy', namespace: policy.namespace, name: policy.name };
  const rules = [...policy.ingressRules.map((r) => ({ r, field: 'ingress', peers: 'from' })), ...policy.egressRules.map((r) => ({ r, field: 'egress', peers: 'to' }))];
  for (const { r, field, peers } of rules) {
    for (const peer of r.peers) {
      if (peer.kind !== 'pods') continue;
      const where = `spec.${field}[${r.index}].${peers}[${peer.index}]`;
      let namespaces = [policy.namespace];
      if (peer.namespaceSelector) {
        namespaces = namespaceIndex.matching(peer.namespaceSelector);
        if (namespaces.length === 0 && !peer.namespaceSelector.isEmpty) {
          findings.push(namespaceSelectorFinding(model, namespaceIndex, object, where, peer.namespaceSelector));
          continue;
        }
        if (peer.namespaceSelector.isEmpty) continue; // all namespaces, including ones outside the input
      }
      const withPods = namespaces.filter((n) => (podsByNamespace.get(n) ?? []).length > 0);
      if (withPods.length === 0 || withPods.length < namespaces.length) continue;
      const selected = namespaces.some((n) => podsByNamespace.get(n)!
        .some((p) => peer.podSelector === undefined || peer.podSelector.matches(p.labels)));
      if (!selected) {
        findings.push({
          severity: LintSeverity.WARNING,
          code: 'NP008',
          object,
          message: `${where} (${describePeer(policy, peer)}) matches none of the pods in ${namespaces.join(', ')}, so the rule admits nothing through it`,
          fix: 'correct the labels of the peer (compare with the pod template labels of the intended pods)',
        });
      }
    }
  }
  for (const key of spoofableNamespaceLabels([...policy.ingressRules, ...policy.egressRules])) {
    findings.push(spoofableLabelFinding(object, key));
  }
}

function namespaceSelectorFinding(model: ClusterModel, namespaceIndex: NamespaceIndex, object: LintFinding['object'], where: string,
  selector: CompiledSelector): LintFinding {
  const values = selector.requirements.filter((r) => r.operator === 'In').flatMap((r) => r.values);
  const managed = values.filter((v) => model.namespaces.get(v)?.declared);
  const byName = selector.requirements.every((r) => r.key === NAMESPACE_NAME_LABEL);
  const unmet = selector.requirements.filter((r) => namespaceIndex.matching(new CompiledSelector([r])).length === 0);
  const what = unmet.length > 0 ? `no namespace of the input carries ${new CompiledSelector(unmet).describe()}` : 'no namespace of the input satisfies all of it';
  const impossible = byName ? values.flatMap((v) => namespaceNameProblems(v, where)) : [];
  if (impossible.length > 0) {
    return {
      severity: LintSeverity.ERROR,
      code: 'NP009',
      object,
      message: `${where}.namespaceSelector ${selector.describe()} names ${impossible.map((p) => JSON.stringify(p.value)).join(', ')}, ` +
        'which is not a valid namespace name, so no namespace can ever match and the peer admits nothing',
      fix: `use the namespace's real name: ${impossible[0].message}`,
    };
  }
  if (managed.length > 0) {
    return {
      severity: LintSeverity.ERROR,
      code: 'NP009',
      object,
      message: `${where}.namespaceSelector ${selector.describe()} matches no namespace: ${what}, although the input declares namespace ${managed.join(', ')}`,
      fix: `add the label to Namespace ${managed[0]}, or select it by ${NAMESPACE_NAME_LABEL}: ${managed[0]}`,
    };
  }
  return {
    severity: byName ? LintSeverity.INFO : LintSeverity.WARNING,
    code: 'NP009',
    object,
    message: `${where}.namespaceSelector ${selector.describe()} matches no namespace of the input (${what}); ` +
      (byName ? 'the namespace must exist in the cluster' : 'unless a namespace outside the input carries the label, the peer admits nothing'),
    fix: byName ? 'make sure the namespace exists' : `label the intended namespace, or select it by ${NAMESPACE_NAME_LABEL}`,
  };
}
