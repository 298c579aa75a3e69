import { ClusterModel, PodModel } from './cluster-model';
import {
  ClusterPeer, ClusterPolicyModel, ClusterPort, ClusterRule, describeRule, PodSelection, PolicyTier,
} from './cluster-policy-model';
import { ConnectionEvaluator } from './connection-evaluator';
import { CompiledSelector } from './label-selector';
import { LintFinding, LintSeverity } from './lint-finding';
import { selectionMatches, tierPolicies } from './tier-evaluator';
import { Direction } from '../model/direction';
import { networkInside } from '../model/ip-network';

/**
 * Lint for cluster-scoped policies (NP022-NP024, NP026; NP025, the CRD's limits, comes from the reader):
 * rules an earlier rule of the tier shadows, Baseline rules no pod reaches because NetworkPolicies
 * select all their subjects, v1alpha1 objects beside v1alpha2 ones, and same-priority overlaps whose
 * order the API leaves undefined. Shadowing is decided on what the rules say (a covering rule covers
 * every subject, peer and port of the later one), so it holds for pods created later too.
 */

/** @internal */
export function clusterPolicyChecks(model: ClusterModel): LintFinding[] {
  const policies = model.clusterPolicies ?? [];
  if (policies.length === 0) return [];
  const findings: LintFinding[] = [];
  for (const tier of [PolicyTier.ADMIN, PolicyTier.BASELINE]) {
    const ordered = tierPolicies(model, tier);
    checkShadowed(ordered, findings);
    checkTies(model, ordered, findings);
  }
  checkBaselineUnreachable(model, policies, findings);
  checkMixedVersions(policies, findings);
  return findings;
}

const object = (p: ClusterPolicyModel) => ({ kind: p.kind, name: p.name });
const rulesOf = (p: ClusterPolicyModel, d: Direction) => (d === Direction.INGRESS ? p.ingressRules : p.egressRules);

/** NP022: a rule matched in full by an earlier rule of its tier (an earlier policy, or earlier in its own). */
function checkShadowed(ordered: readonly ClusterPolicyModel[], findings: LintFinding[]): void {
  ordered.forEach((policy, pi) => {
    for (const direction of [Direction.INGRESS, Direction.EGRESS]) {
      for (const rule of rulesOf(policy, direction)) {
        const earlier = earlierRules(ordered, pi, direction, rule).find((e) =>
          (e.policy === policy || subjectCovers(e.policy.subject, policy.subject)) && ruleCovers(e.rule, rule));
        if (!earlier) continue;
        findings.push({
          severity: LintSeverity.WARNING,
          code: 'NP022',
          object: object(policy),
          message: `${direction} ${describeRule(policy, rule)} (${rule.action}) never applies: ${describeRule(earlier.policy, earlier.rule)} ` +
            `(${earlier.rule.action}) comes first in the ${policy.tier} tier and matches all of its traffic`,
          fix: 'delete the rule, or move it before the rule that shadows it (a lower priority value or an earlier place in the list)',
        });
      }
    }
  });
}

/** The rules evaluated before `rule`: those of policies of a strictly lower priority, then earlier ones of its own policy. */
function earlierRules(ordered: readonly ClusterPolicyModel[], pi: number, direction: Direction, rule: ClusterRule) {
  const policy = ordered[pi];
  const before = ordered.slice(0, pi).filter((p) => p.priority < policy.priority)
    .flatMap((p) => rulesOf(p, direction).map((r) => ({ policy: p, rule: r })));
  return [...before, ...rulesOf(policy, direction).slice(0, rule.index).map((r) => ({ policy, rule: r }))];
}

function sameSelector(a: CompiledSelector | undefined, b: CompiledSelector | undefined): boolean {
  return (a === undefined || a.isEmpty) ? (b === undefined || b.isEmpty) : b !== undefined && a.describe() === b.describe();
}

/** Whether selection `a` selects at least every pod `b` does (decided on what they say). */
function subjectCovers(a: PodSelection, b: PodSelection): boolean {
  const nsCovers = a.namespaceSelector.isEmpty || a.namespaceSelector.describe() === b.namespaceSelector.describe();
  return nsCovers && (a.podSelector === undefined || a.podSelector.isEmpty || sameSelector(a.podSelector, b.podSelector));
}

function peerCovers(a: ClusterPeer, b: ClusterPeer): boolean {
  if (a.kind === 'pods' && b.kind === 'pods') return subjectCovers(a, b);
  if (a.kind === 'networks' && b.kind === 'networks') {
    return b.networks.every((n) => a.networks.some((m) => networkInside(n, m)));
  }
  if (a.kind === 'nodes' && b.kind === 'nodes') return a.selector.isEmpty || a.selector.describe() === b.selector.describe();
  return false;
}

function portCovers(a: ClusterPort, b: ClusterPort): boolean {
  if (a.name !== undefined || b.name !== undefined) return a.name === b.name;
  if (a.protocol !== b.protocol) return false;
  if (a.port === undefined) return true;
  if (b.port === undefined) return false;
  return a.port <= b.port && (a.endPort ?? a.port) >= (b.endPort ?? b.port);
}

function ruleCovers(a: ClusterRule, b: ClusterRule): boolean {
  const ports = a.ports === undefined || (b.ports !== undefined && b.ports.every((q) => a.ports!.some((p) => portCovers(p, q))));
  return ports && b.peers.every((q) => a.peers.some((p) => peerCovers(p, q)));
}

/** NP026: two policies of one tier and priority that select a common pod, with rules of differing actions in one direction. */
function checkTies(model: ClusterModel, ordered: readonly ClusterPolicyModel[], findings: LintFinding[]): void {
  ordered.forEach((a, i) => {
    for (const b of ordered.slice(i + 1).filter((p) => p.priority === a.priority)) {
      const common = model.pods.find((pod) => selectionMatches(model, a.subject, pod) && selectionMatches(model, b.subject, pod));
      const everywhere = subjectCovers(a.subject, b.subject) || subjectCovers(b.subject, a.subject);
      if (!common && !everywhere) continue;
      const differ = [Direction.INGRESS, Direction.EGRESS].find((d) => {
        const actions = new Set([...rulesOf(a, d), ...rulesOf(b, d)].map((r) => r.action));
        return rulesOf(a, d).length > 0 && rulesOf(b, d).length > 0 && actions.size > 1;
      });
      if (differ === undefined) continue;
      findings.push({
        severity: LintSeverity.WARNING,
        code: 'NP026',
        object: object(b),
        message: `${a.id} and ${b.id} have the same ${a.tier} priority ${a.priority}, select ${common ? `common pods (e.g. ${common.id})` : 'overlapping pods'} ` +
          `and have ${differ} rules with different actions: the API leaves their order undefined, so the cluster may apply either`,
        fix: 'give them distinct priorities (lower goes first)',
      });
    }
  });
}

/** NP023: Baseline rules of a direction in which NetworkPolicies select every pod the policy selects. */
function checkBaselineUnreachable(model: ClusterModel, policies: readonly ClusterPolicyModel[], findings: LintFinding[]): void {
  const evaluator = new ConnectionEvaluator(model);
  for (const policy of policies.filter((p) => p.tier === PolicyTier.BASELINE)) {
    const subjects = model.pods.filter((pod: PodModel) => selectionMatches(model, policy.subject, pod));
    if (subjects.length === 0) continue;
    for (const direction of [Direction.INGRESS, Direction.EGRESS]) {
      const rules = rulesOf(policy, direction);
      if (rules.length === 0 || !subjects.every((pod) => evaluator.selectingPolicies(pod, direction).length > 0)) continue;
      findings.push({
        severity: LintSeverity.WARNING,
        code: 'NP023',
        object: object(policy),
        message: `its ${direction} rules (${rules.length}) never apply to the pods of these manifests: NetworkPolicies select all ` +
          `${subjects.length} pods it selects for ${direction}, and a NetworkPolicy's verdict is final (only pods added later would reach them)`,
        fix: 'check that the NetworkPolicies admit what the Baseline rules meant to; move a guardrail that must hold to the Admin tier',
      });
    }
  }
}

/** NP024: v1alpha1 AdminNetworkPolicy/BaselineAdminNetworkPolicy beside v1alpha2 ClusterNetworkPolicy. */
function checkMixedVersions(policies: readonly ClusterPolicyModel[], findings: LintFinding[]): void {
  if (!policies.some((p) => p.kind === 'ClusterNetworkPolicy')) return;
  for (const p of policies.filter((q) => q.kind !== 'ClusterNetworkPolicy')) {
    findings.push({
      severity: LintSeverity.INFO,
      code: 'NP024',
      object: object(p),
      message: `v1alpha1 ${p.kind} beside v1alpha2 ClusterNetworkPolicies: network plugins implement one or the other ` +
        '(Calico, Cilium and Antrea v1alpha2; OVN-Kubernetes/OpenShift v1alpha1), and no API orders the two; the analysis evaluates both ' +
        `(an ${p.kind === 'AdminNetworkPolicy' ? 'AdminNetworkPolicy by its priority' : 'BaselineAdminNetworkPolicy after every Baseline ClusterNetworkPolicy'})`,
      fix: 'keep the version your network plugin implements; v1alpha2 ClusterNetworkPolicy replaces both v1alpha1 kinds',
    });
  }
}
