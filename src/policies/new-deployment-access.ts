import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { createInNamespaceAllow, createOrRollBack, gate } from './rules';
import { validateLabelKey } from '../model/labels';
import { validateNamespaceName } from '../model/names';

/** The guide's label for new deployments that may talk to every pod of their namespace. */
const DEFAULT_NEW_DEPLOYMENT_LABEL = 'networking/allow-all-connections';

/**
 * Props for `NewDeploymentAccess`.
 */
export interface NewDeploymentAccessProps {
  /**
   * The namespace of the new deployments.
   */
  readonly namespace: string;

  /**
   * The label key that marks a new deployment: its pods, labelled `<label>: "true"`, may connect to every
   * pod of the namespace and accept connections from every pod of it.
   *
   * @default "networking/allow-all-connections"
   */
  readonly label?: string;

  /**
   * Also emit the egress sides (`allow-ingress-from-new-egress`: the labelled pods may connect to every
   * pod; `allow-new-ingress-from-namespace-egress`: every pod may connect to the labelled pods).
   *
   * Turn it on only when the namespace denies egress: an egress policy isolates the pods it selects for
   * egress and cuts every other connection they make that no policy admits.
   *
   * @default false
   */
  readonly egress?: boolean;
}

/**
 * The guide's pair of policies for new deployments, with two distinct names (the guide gives both the
 * same one): `allow-ingress-from-new` lets every pod accept connections from the labelled pods, and
 * `allow-new-ingress-from-namespace` lets the labelled pods accept connections from every pod.
 *
 * Implements the guide's section "What About New Deployments?": label new deployments
 * `networking/allow-all-connections: "true"` until their own policies exist, then remove the label.
 */
export class NewDeploymentAccess extends Construct {
  /** The label key that marks new deployments. */
  public readonly label: string;

  /** The NetworkPolicies: the two ingress ones, then their egress sides when `egress` is on. */
  public readonly policies: ApiObject[];

  public constructor(scope: Construct, id: string, props: NewDeploymentAccessProps) {
    super(scope, id);
    validateNamespaceName(this, props.namespace);
    this.label = props.label ?? DEFAULT_NEW_DEPLOYMENT_LABEL;
    validateLabelKey(this, this.label, 'label');
    const fromNew = createInNamespaceAllow(new Construct(this, 'FromNew'), {
      name: 'allow-ingress-from-new',
      namespace: props.namespace,
      sourceLabels: gate(this.label),
      targetLabels: {},
      egress: props.egress,
    });
    const toNew = createOrRollBack(this, [], () => createInNamespaceAllow(new Construct(this, 'ToNew'), {
      name: 'allow-new-ingress-from-namespace',
      namespace: props.namespace,
      sourceLabels: {},
      targetLabels: gate(this.label),
      egress: props.egress,
    }), ['FromNew', 'ToNew']);
    this.policies = [fromNew[0], toNew[0], ...fromNew.slice(1), ...toNew.slice(1)];
  }
}
