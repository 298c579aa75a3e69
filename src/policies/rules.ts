import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { k8s } from '../k8s';
import { EgressSideOptions } from './egress-side';
import { toKubePorts } from './kube-ports';
import { createNetworkPolicy, MatchExpressions, selectorOf } from './network-policy';
import { fail } from '../model/errors';
import { validateLabels } from '../model/labels';
import { derivedLabelKey, suffixedName } from '../model/names';
import { PortSpec } from '../model/ports';

/**
 * The value that turns a gate label on (`networking/allow-internet-access: "true"`).
 * @internal
 */
export const GATE_ON = 'true';

/**
 * The label map `{ key: "true" }` that opens a label gate.
 * @internal
 */
export function gate(key: string): { [key: string]: string } {
  return { [key]: GATE_ON };
}

/**
 * The default access label of a hub, `networking/allow-<hubName>-access`. It is shortened with a hash
 * when its name part would pass 63 characters, and when it could equal another label of ours: the
 * internet gate (hub "internet") or the access label of a server (hub "x-to" against server "x"). A pod
 * labelled for one grant must never receive another.
 * @internal
 */
export function hubAccessLabel(hubName: string): string {
  const ambiguous = hubName === 'internet' || hubName.endsWith('-to');
  return derivedLabelKey('networking', `allow-${hubName}-access`, `hub:${hubName}`, ambiguous);
}

/**
 * The default access label of a server, `networking/allow-<serverName>-to-access`, shortened with a
 * hash when its name part would pass 63 characters.
 * @internal
 */
export function serverAccessLabel(serverName: string): string {
  return derivedLabelKey('networking', `allow-${serverName}-to-access`, `server:${serverName}`);
}

/**
 * A peer that selects pods of the policy's own namespace (a podSelector-only peer never leaves it).
 * @internal
 */
export function podPeer(labels: { [key: string]: string } | undefined, expressions?: MatchExpressions): k8s.NetworkPolicyPeer {
  return { podSelector: selectorOf(labels, expressions) };
}

/**
 * ONE peer with a namespaceSelector AND a podSelector: the pods with `podLabels` in the namespace named
 * `namespace`. Two separate peers would mean OR and admit every pod of that namespace and every
 * matching pod of the own namespace.
 * @internal
 */
export function namespacedPodPeer(namespaceLabelKey: string, namespace: string,
  podLabels: { [key: string]: string } | undefined, podExpressions?: MatchExpressions): k8s.NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [namespaceLabelKey]: namespace } },
    podSelector: selectorOf(podLabels, podExpressions),
  };
}

/**
 * An ingress rule admitting `peers` (every source when undefined) on `ports` (every port when undefined).
 * @internal
 */
export function ingressFrom(peers: k8s.NetworkPolicyPeer[] | undefined, ports: PortSpec[] | undefined): k8s.NetworkPolicyIngressRule {
  return { from: peers, ports: toKubePorts(ports) };
}

/**
 * An egress rule admitting `peers` (every destination when undefined) on `ports` (every port when undefined).
 * @internal
 */
export function egressTo(peers: k8s.NetworkPolicyPeer[] | undefined, ports: PortSpec[] | undefined): k8s.NetworkPolicyEgressRule {
  return { to: peers, ports: toKubePorts(ports) };
}

/** The label key Kubernetes sets on every namespace (since 1.21), which nobody can forge (defined in model/names). @internal */
export { NAMESPACE_NAME_LABEL } from '../model/names';

/** Suffix of the egress policy that mirrors an ingress allow on the source pods. @internal */
export const EGRESS_SUFFIX = 'egress';

/**
 * What one in-namespace allow says: pods with `sourceLabels` may connect to pods with `targetLabels`.
 * @internal
 */
export interface InNamespaceAllow extends EgressSideOptions {
  readonly name: string;
  readonly namespace: string;
  readonly sourceLabels: { [key: string]: string };
  readonly targetLabels: { [key: string]: string };
  /** The matchExpressions of a workload's selector that go with sourceLabels or targetLabels. */
  readonly sourceExpressions?: MatchExpressions;
  readonly targetExpressions?: MatchExpressions;
  readonly ports?: PortSpec[];
}

/**
 * Emits the ingress policy on the target pods and, when asked, the matching egress policy on the source
 * pods, so the connection still works under default-deny egress. The egress side is opt-in: an egress
 * policy isolates the pods it selects and would cut all their other egress.
 * @internal
 */
export function createInNamespaceAllow(scope: Construct, allow: InNamespaceAllow): ApiObject[] {
  const policies: ApiObject[] = [createNetworkPolicy(scope, 'Policy', {
    name: allow.name,
    namespace: allow.namespace,
    podSelector: selectorOf(allow.targetLabels, allow.targetExpressions),
    ingress: [ingressFrom([podPeer(allow.sourceLabels, allow.sourceExpressions)], allow.ports)],
  })];
  if (allow.egress) {
    policies.push(createOrRollBack(scope, policies, () => createNetworkPolicy(scope, 'EgressPolicy', {
      name: suffixedName(allow.name, EGRESS_SUFFIX),
      namespace: allow.namespace,
      podSelector: selectorOf(allow.sourceLabels, allow.sourceExpressions),
      egress: [egressTo([podPeer(allow.targetLabels, allow.targetExpressions)], allow.ports)],
    })));
  }
  return policies;
}

/**
 * Creates the next policy of a construct; when that fails, removes the ones already `created` (and the
 * children `childIds`), so a
 * caught error never leaves one side of a connection in the app.
 * @internal
 */
export function createOrRollBack<T>(scope: Construct, created: IConstruct[], create: () => T, childIds: string[] = []): T {
  try {
    return create();
  } catch (err) {
    [...created.map((c) => c.node.id), ...childIds].forEach((id) => scope.node.tryRemoveChild(id));
    throw err;
  }
}

/**
 * Validates a label map the caller must give and that must select specific pods (not empty).
 * @internal
 */
export function requireLabels(scope: Construct, labels: { [key: string]: string } | undefined, field: string): void {
  if (labels === undefined || labels === null) {
    fail(scope, `${field} is missing: give the labels of the pods`);
  }
  validateLabels(scope, labels, field, false);
}
