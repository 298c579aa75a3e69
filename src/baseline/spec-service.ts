import { Construct, IConstruct } from 'constructs';
import { fail, show } from '../model/errors';
import { PortSpec } from '../model/ports';
import { serviceObject, serviceSelector, serviceTargetPorts } from '../workloads/service-target';

/**
 * A spec's `service`: a `v1` Service of the baseline's namespace that stands for the pods it selects,
 * on its targetPorts (the pods' ports, resolved by service-target.ts). A spec gives the pods by labels
 * or by a Service, never both: two sources of the same selection could disagree.
 */

/** The labels and ports a spec selects: its own, or those of its Service. @internal */
export interface SpecSelection {
  readonly labels: { [key: string]: string };
  readonly ports?: PortSpec[];
  /** The Service's name, which default policy names take instead of the labels. */
  readonly serviceName?: string;
}

/** Where a spec's selection is, for the errors: `internetFacing` with `podLabels` and `service`. @internal */
export interface SpecFields {
  /** The spec's field in the props (`internetFacing`). */
  readonly field: string;
  readonly labelsField: string;
  readonly serviceField: string;
}

/**
 * The selection of a spec: its labels and ports as given, or the selector and targetPorts of its
 * Service, which must be in the baseline's namespace.
 */
export function specSelection(scope: Construct, namespace: string, fields: SpecFields,
  spec: { readonly service?: IConstruct; readonly ports?: PortSpec[] }, labels: { [key: string]: string } | undefined): Partial<SpecSelection> {
  const { field, labelsField, serviceField } = fields;
  if (spec.service === undefined) {
    return { labels, ports: spec.ports };
  }
  if (labels !== undefined) {
    fail(scope, `invalid ${field}.${serviceField} ${show(spec.service)}: the spec also gives ${labelsField} ${show(labels)}; ` +
      'give one of them (the Service\'s selector selects the pods)');
  }
  if (spec.ports !== undefined) {
    fail(scope, `invalid ${field}.ports ${show(spec.ports)}: the spec gives ${serviceField}, a Service whose targetPorts are the ports; ` +
      `leave ports out, or select the pods by ${labelsField} to name other ports`);
  }
  const object = serviceObject(spec.service);
  if (object === undefined) {
    fail(scope, `invalid ${field}.${serviceField} ${show(spec.service)}: expected a v1 Service (cdk8s-plus of any major, a KubeService or an ApiObject of kind Service)`);
  }
  const serviceNamespace = object.metadata.namespace;
  if (serviceNamespace !== undefined && serviceNamespace !== namespace) {
    fail(scope, `invalid ${field}.${serviceField} ${show(spec.service)}: the Service is in namespace ${show(serviceNamespace)}, ` +
      `not in the baseline's namespace ${show(namespace)}; a policy selects pods of its own namespace only`);
  }
  return { labels: serviceSelector(object, spec.service), ports: serviceTargetPorts(object, spec.service, false), serviceName: object.name };
}

/** A spec that must select pods, for the error when it gives neither labels nor a Service. @internal */
export interface RequiredSpecFields extends SpecFields {
  /** What the spec is, as the error names it: `hub "db"`. */
  readonly subject: string;
  /** The pods it is meant to select: `hub pods`. */
  readonly pods: string;
}

/** As `specSelection`, for a spec that must select pods: refused when it gives neither labels nor a Service. */
export function requiredSpecSelection(scope: Construct, namespace: string, fields: RequiredSpecFields,
  spec: { readonly service?: IConstruct; readonly ports?: PortSpec[] }, labels: { [key: string]: string } | undefined): SpecSelection {
  const selection = specSelection(scope, namespace, fields, spec, labels);
  if (selection.labels === undefined) {
    fail(scope, `${fields.subject} has neither ${fields.labelsField} nor ${fields.serviceField}: ` +
      `give the labels of the ${fields.pods} or the Service that selects them`);
  }
  return { ...selection, labels: selection.labels };
}
