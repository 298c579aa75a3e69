import { CLUSTER_POLICY_KINDS, isClusterPolicyKind } from './cluster-policy-model';
import { LintFinding, LintSeverity, ObjectReference } from './lint-finding';

/**
 * Which `apiVersion` makes an object the Kubernetes kind the reader reads. Only the version the API
 * server serves counts: an `extensions/v1beta1` NetworkPolicy has not been served since 1.16, and
 * Calico's or Antrea's `kind: NetworkPolicy` is another product's policy with other semantics (an
 * Antrea `Drop` rule read as a Kubernetes rule would be explained as admitting).
 */

/** The one served apiVersion of every kind the reader reads. @internal */
export const SERVED_API_VERSIONS: { readonly [kind: string]: string } = {
  Namespace: 'v1',
  Pod: 'v1',
  ReplicationController: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  Service: 'v1',
  ...CLUSTER_POLICY_KINDS,
};

/** Versions Kubernetes stopped serving, and since when. */
const REMOVED: { readonly [apiVersion: string]: string } = {
  'extensions/v1beta1': '1.16',
  'apps/v1beta1': '1.16',
  'apps/v1beta2': '1.16',
  'batch/v1beta1': '1.25',
};

/** Products whose own CRDs reuse the kind name `NetworkPolicy`. */
const PRODUCTS: { readonly [group: string]: string } = {
  'crd.projectcalico.org': 'Calico',
  'projectcalico.org': 'Calico',
  'crd.antrea.io': 'Antrea',
  'cilium.io': 'Cilium',
};

/** Whether the reader reads the object, and what to report about its apiVersion. @internal */
export interface ApiVersionVerdict {
  /** false: the object is left out of the analysis. */
  readonly read: boolean;
  readonly finding?: LintFinding;
}

/**
 * The verdict for one object of a kind in `SERVED_API_VERSIONS`. kubectl and the API server refuse an
 * object without apiVersion or with a version that is not served: such a NetworkPolicy is left out (it
 * would not exist, so counting it could approve what the cluster opens); other kinds are read as written,
 * as the reader does with invalid names. A kind of another API group is not the Kubernetes kind at all
 * and is left out.
 * @internal
 */
export function apiVersionVerdict(kind: string, apiVersion: unknown, object: ObjectReference): ApiVersionVerdict {
  const served = SERVED_API_VERSIONS[kind];
  if (apiVersion === served) return { read: true };
  const policy = kind === 'NetworkPolicy' || isClusterPolicyKind(kind);
  // A Service of no served version does not exist, so it translates no ports: left out like a policy.
  const ignored = policy || kind === 'Service';
  const outcome = ignored ? `the analysis ignores this ${policy ? 'policy' : kind}` : `the analysis reads it as ${served}`;
  const fix = `write \`apiVersion: ${served}\``;
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    const message = `has no apiVersion: kubectl and the API server refuse an object without one; ${outcome}`;
    return { read: !ignored, finding: { severity: LintSeverity.ERROR, code: 'NP011', object, message, fix } };
  }
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  if (isKubernetesGroup(group)) {
    const removed = REMOVED[apiVersion];
    const why = removed ? `Kubernetes stopped serving ${apiVersion} in ${removed}` : `Kubernetes serves ${kind} only as ${served}`;
    const message = `apiVersion ${apiVersion} is not served for ${kind} (${why}), so the API server rejects it; ${outcome}`;
    return { read: !ignored, finding: { severity: LintSeverity.ERROR, code: 'NP011', object, message, fix } };
  }
  const product = PRODUCTS[group] ? `${PRODUCTS[group]}'s own ${kind}` : `a ${kind} of the API group ${group}`;
  return {
    read: false,
    finding: policy ? {
      severity: LintSeverity.WARNING,
      code: 'NP016',
      object,
      message: `${apiVersion} ${kind} is ${product}, not a Kubernetes NetworkPolicy: the analysis does not include it, ` +
        'so the cluster may deny or admit connections differently from these answers',
      fix: 'check its effect with the tools of the product that enforces it; only networking.k8s.io/v1 policies are analysed',
    } : {
      severity: LintSeverity.INFO,
      code: 'NP016',
      object,
      message: `${apiVersion} ${kind} is ${product}, not the Kubernetes ${kind} (${served}): the analysis ignores it and any pods it makes`,
      fix: `none needed if that is meant; a Kubernetes ${kind} is ${served}`,
    },
  };
}

/**
 * Kubernetes's own groups: the core group, the built-in groups without a dot (apps, batch, extensions...;
 * a CRD's group must contain one) and `*.k8s.io`.
 */
function isKubernetesGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}
