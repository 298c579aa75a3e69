import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { MatchExpressions } from './network-policy';
import { createInNamespaceAllow, gate, requireLabels } from './rules';
import { validateLabelKey } from '../model/labels';
import { validateNamePart, validateNamespaceName } from '../model/names';
import { PortSpec, validatePorts } from '../model/ports';

/**
 * One side of a label-gated allow: named pods (a hub, a server) that the pods carrying an access label
 * reach, or that reach them. The field names are the construct's, for its error messages.
 * @internal
 */
export interface LabelGatedAllow {
  readonly namespace: string;
  /** The short name (hubName, serverName) and its field. */
  readonly shortName: string;
  readonly shortNameField: string;
  /** The labels of the named pods (hubLabels, serverLabels) and their field. */
  readonly labels: { [key: string]: string };
  readonly labelsField: string;
  /** The matchExpressions of the named workload's selector, beside its labels. */
  readonly expressions?: MatchExpressions;
  readonly accessLabel?: string;
  readonly defaultAccessLabel: (shortName: string) => string;
  readonly name?: string;
  readonly defaultName: (shortName: string) => string;
  readonly ports?: PortSpec[];
  readonly egress?: boolean;
  /** Whether the labelled pods open the connections (a hub's spokes) or accept them (a server's targets). */
  readonly labelledPods: 'source' | 'target';
}

/** What a label-gated allow created. @internal */
export interface LabelGatedPolicies {
  readonly name: string;
  readonly accessLabel: string;
  readonly policies: ApiObject[];
}

/**
 * Validates and creates a label-gated allow (HubAccess, ServerAccess): the named pods on one side,
 * every pod labelled `<accessLabel>: "true"` on the other, with the egress side when asked.
 * @internal
 */
export function createLabelGatedAllow(scope: Construct, allow: LabelGatedAllow): LabelGatedPolicies {
  validateNamespaceName(scope, allow.namespace);
  validateNamePart(scope, allow.shortName, allow.shortNameField);
  requireLabels(scope, allow.labels, allow.labelsField);
  const accessLabel = allow.accessLabel ?? allow.defaultAccessLabel(allow.shortName);
  if (allow.accessLabel !== undefined) {
    validateLabelKey(scope, accessLabel, 'accessLabel');
  }
  validatePorts(scope, allow.ports);
  const name = allow.name ?? allow.defaultName(allow.shortName);
  const labelled = gate(accessLabel);
  const policies = createInNamespaceAllow(scope, {
    name,
    namespace: allow.namespace,
    sourceLabels: allow.labelledPods === 'source' ? labelled : allow.labels,
    targetLabels: allow.labelledPods === 'source' ? allow.labels : labelled,
    sourceExpressions: allow.labelledPods === 'source' ? undefined : allow.expressions,
    targetExpressions: allow.labelledPods === 'source' ? allow.expressions : undefined,
    ports: allow.ports,
    egress: allow.egress,
  });
  return { name, accessLabel, policies };
}
