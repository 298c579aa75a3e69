import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { EgressSideOptions } from './egress-side';
import { IPolicySet } from './policy-set';
import { createInNamespaceAllow, createOrRollBack, gate } from './rules';
import { validateLabelKey } from '../model/labels';
import { validateNamespaceName } from '../model/names';

/**
 * The label and egress side of the guide's new-deployment pair: what `NewDeploymentAccess` needs beside
 * its namespace, and the options of `Workloads.markNewDeployment`. The egress sides are
 * `allow-ingress-from-new-egress` (the labelled pods may connect to every pod) and
 * `allow-new-ingress-from-namespace-egress` (every pod may connect to the labelled pods).
 */
export interface NewDeploymentOptions extends EgressSideOptions {
  /**
   * The label key that marks a new deployment: its pods, labelled `<label>: "true"`, may connect to every
   * pod of the namespace and accept connections from every pod of it.
   *
   * @default "networking/allow-all-connections"
   */
  readonly label?: string;
}

/**
 * Props for `NewDeploymentAccess`.
 */
export interface NewDeploymentAccessProps extends NewDeploymentOptions {
  /**
   * The namespace of the new deployments.
   */
  readonly namespace: string;
}

/**
 * The guide's pair of policies for new deployments, with two distinct names (the guide gives both the
 * same one): `allow-ingress-from-new` lets every pod accept connections from the labelled pods, and
 * `allow-new-ingress-from-namespace` lets the labelled pods accept connections from every pod.
 *
 * Implements the guide's section "What About New Deployments?": label new deployments
 * `networking/allow-all-connections: "true"` until their own policies exist, then remove the label.
 */
export class NewDeploymentAccess extends Construct implements IPolicySet {
  /** The guide's label key for new deployments that may talk to every pod of their namespace. */
  public static readonly DEFAULT_LABEL: string = 'networking/allow-all-connections';

  /** The name of the first policy (every pod accepts the labelled pods). */
  public static readonly DEFAULT_NAME: string = 'allow-ingress-from-new';

  /** The name of the second policy (the labelled pods accept every pod of the namespace). */
  public static readonly TO_NEW_NAME: string = 'allow-new-ingress-from-namespace';

  /** The name of the first policy, `allow-ingress-from-new` (the names are fixed). */
  public readonly name: string;

  /** The label key that marks new deployments. */
  public readonly label: string;

  /** The NetworkPolicies: the two ingress ones, then their egress sides when `egress` is on. */
  public readonly policies: ApiObject[];

  public constructor(scope: Construct, id: string, props: NewDeploymentAccessProps) {
    super(scope, id);
    validateNamespaceName(this, props.namespace);
    this.name = NewDeploymentAccess.DEFAULT_NAME;
    this.label = props.label ?? NewDeploymentAccess.DEFAULT_LABEL;
    validateLabelKey(this, this.label, 'label');
    const fromNew = createInNamespaceAllow(new Construct(this, 'FromNew'), {
      name: NewDeploymentAccess.DEFAULT_NAME,
      namespace: props.namespace,
      sourceLabels: gate(this.label),
      targetLabels: {},
      egress: props.egress,
    });
    const toNew = createOrRollBack(this, [], () => createInNamespaceAllow(new Construct(this, 'ToNew'), {
      name: NewDeploymentAccess.TO_NEW_NAME,
      namespace: props.namespace,
      sourceLabels: {},
      targetLabels: gate(this.label),
      egress: props.egress,
    }), ['FromNew', 'ToNew']);
    this.policies = [fromNew[0], toNew[0], ...fromNew.slice(1), ...toNew.slice(1)];
  }
}
