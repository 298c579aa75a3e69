import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AccessLabelEntitlement, DiscoveredAccessLabels } from '../policies/access-label-admission';
import { HubAccess } from '../policies/hub-access';
import { InternetAccess } from '../policies/internet-access';
import { InternetEgress } from '../policies/internet-egress';
import { intendedNamespaceOf } from '../policies/namespace-omission';
import { NewDeploymentAccess } from '../policies/new-deployment-access';
import { GATE_ON } from '../policies/rules';
import { ServerAccess } from '../policies/server-access';
import { isWorkloadObject } from '../workloads/workload-object';
import { WorkloadRef } from '../workloads/workload-ref';

/**
 * What the app says about the access labels of one namespace, read at synthesis (grants made after the
 * baseline count too):
 *
 * - guarded: the label of every gate our constructs create in the namespace, wherever in the app they
 *   are (`HubAccess`, `ServerAccess`, `NewDeploymentAccess`, and `InternetAccess` / `InternetEgress`
 *   selecting a single `key: "true"` gate label);
 * - entitled: every Pod or workload API object of the namespace (cdk8s-plus of any major, or L1) whose pod template carries a guarded
 *   label, with the selector of its own pods (its match labels). That is where the grants put the label
 *   (`addHubClient`, `addServerTarget`, `exposeToInternet` through the gate, `markNewDeployment`), and
 *   where a label you set yourself on a pod template is declared in code.
 *
 * A gate that no workload carries is guarded with no entitlement: no pod may carry its label.
 * @internal
 */
export function discoverAccessLabels(root: IConstruct, namespace: string): DiscoveredAccessLabels {
  const all = root.node.findAll();
  const guarded = new Set<string>();
  for (const c of all) {
    for (const key of gateKeys(c, namespace)) guarded.add(key);
  }
  const entitlements: AccessLabelEntitlement[] = [];
  for (const c of all) {
    if (!isWorkloadObject(c)) continue;
    // A cdk8s-plus workload is named by itself (its API object is its default child) in errors.
    const owner = c.node.scope?.node.defaultChild === c ? c.node.scope : c;
    const ref = WorkloadRef.of(owner);
    if (ref.namespace !== namespace) continue;
    const podLabels = ref.podLabels;
    for (const key of Object.keys(podLabels).filter((k) => guarded.has(k))) {
      entitlements.push({ labelKey: key, labelValue: podLabels[key], podLabels: ref.selectorLabels });
    }
  }
  return { guardedLabels: [...guarded], entitlements };
}

/** The label keys of every gate our constructs open in the namespace, anywhere under `root`. @internal */
export function gateLabelKeys(root: IConstruct, namespace: string): string[] {
  return [...new Set(root.node.findAll().flatMap((c) => gateKeys(c, namespace)))];
}

/** The gate label keys a construct of ours opens in the namespace. */
function gateKeys(c: IConstruct, namespace: string): string[] {
  if (c instanceof HubAccess || c instanceof ServerAccess) {
    return inNamespace(c.policies[0], namespace) ? [c.accessLabel] : [];
  }
  if (c instanceof NewDeploymentAccess) {
    return inNamespace(c.policies[0], namespace) ? [c.label] : [];
  }
  if (c instanceof InternetAccess) {
    return inNamespace(c.policy, namespace) ? gateKey(c.podLabels) : [];
  }
  if (c instanceof InternetEgress) {
    return inNamespace(c.policy, namespace) ? gateKey(c.policy.toJson().spec?.podSelector?.matchLabels ?? {}) : [];
  }
  return [];
}

/**
 * The key of a gate selector (`{ key: "true" }`); none for other selectors, such as a port-scoped
 * internet grant selecting a workload's match labels, which are no gate anyone is meant to set.
 */
function gateKey(labels: { [key: string]: string }): string[] {
  const keys = Object.keys(labels);
  return keys.length === 1 && labels[keys[0]] === GATE_ON ? keys : [];
}

function inNamespace(policy: ApiObject | undefined, namespace: string): boolean {
  return policy !== undefined && intendedNamespaceOf(policy) === namespace;
}
