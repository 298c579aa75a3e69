import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SUPPORTED_KPLUS } from './workload-object';
import { fail, show } from '../model/errors';

/**
 * The name of a Namespace construct: a cdk8s-plus Namespace of any major, a `KubeNamespace` or any
 * `ApiObject` of kind Namespace (read through its API object, so the library that made it does not matter).
 * @internal
 */
export function namespaceNameOf(from: IConstruct): string {
  const object = apiObjectOf(from);
  if (object === undefined || object.kind !== 'Namespace' || object.apiVersion !== 'v1') {
    throw new Error(`invalid from ${show(from)}: expected a Namespace (of ${SUPPORTED_KPLUS}, or a KubeNamespace), as in ` +
      'Workloads.allowFromNamespace(scope, from: Namespace, to: workload); for a workload as the source use Workloads.allowConnection');
  }
  return object.name;
}

/** What a cdk8s-plus `Pods` selection selects, as every major writes it. */
export interface PodsSelection {
  readonly matchLabels: { [key: string]: string };
  /** The namespace names, or undefined for the namespace of the destination. */
  readonly namespaces?: string[];
}

/**
 * What a cdk8s-plus `Pods` selection (any major: `Pods.select(...)`, `Pods.all(...)`) selects, read
 * through its `toPodSelectorConfig()`, which every major has. Selections by `matchExpressions` or by
 * namespace labels are refused.
 * @internal
 */
export function podsSelectionOf(from: IConstruct): PodsSelection {
  const config = typeof (from as any)?.toPodSelectorConfig === 'function' ? (from as any).toPodSelectorConfig() : undefined;
  // A cdk8s-plus workload is a pod selector too, but the source of a workload grant is allowConnection's.
  if (typeof config?.labelSelector?._toKube !== 'function' || apiObjectOf(from) !== undefined) {
    throw new Error(`invalid from ${show(from)}: expected a cdk8s-plus Pods selection (${SUPPORTED_KPLUS}), as in ` +
      'Workloads.allowFromPods(scope, from: kplus.Pods, to: workload); for a workload as the source use Workloads.allowConnection');
  }
  const selector = config.labelSelector._toKube();
  if (selector.matchExpressions?.length) {
    fail(from, `the pods are selected with matchExpressions (${show(selector.matchExpressions)}); give labels instead`);
  }
  if (config.namespaces?.labelSelector && !config.namespaces.labelSelector.isEmpty()) {
    fail(from, 'the pods\' namespaces are selected by labels; select them by name (Namespaces.select with names)');
  }
  return { matchLabels: selector.matchLabels ?? {}, namespaces: config.namespaces?.names };
}

/** The API object of a construct, or undefined. */
function apiObjectOf(c: IConstruct): ApiObject | undefined {
  try {
    return c?.node !== undefined ? ApiObject.of(c) : undefined;
  } catch {
    return undefined;
  }
}
