import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { fail, show } from '../model/errors';
import { validateLabelKey, validateLabels } from '../model/labels';
import { isDns1123Label, slugify, validateNamePart } from '../model/names';
import { PortSpec } from '../model/ports';
import { Protocol } from '../model/protocol';
import { withMatchExpressions } from '../policies/network-policy';

/**
 * Options for `WorkloadRef.of`.
 */
export interface WorkloadRefOptions {
  /**
   * A short name of the workload (a DNS-1123 label such as "db"): it names the policies and the access
   * labels made for it, for example `allow-db-access` and `networking/allow-db-access`.
   *
   * @default - the workload's `metadata.name` when you gave one, else its construct id (slugified)
   */
  readonly name?: string;

  /**
   * Refer to the declared container ports that have a name by that name (`port: "http"`) instead of by
   * number. Kubernetes resolves a named port against the destination pod's own containers, so the
   * policy follows the container when its number changes.
   *
   * @default false
   */
  readonly namedPorts?: boolean;
}

/** kplus puts this label (`cdk8s.io/metadata.addr`) on the pods of every Pod and workload it makes. */
const ADDRESS_LABEL = kplus.Pod.ADDRESS_LABEL;

/**
 * What a network policy needs to know about a cdk8s-plus Pod or workload (Deployment, StatefulSet,
 * DaemonSet, Job, CronJob): its namespace, the labels that select its pods, the ports its containers
 * declare, and a way to put an access label on its pod template.
 *
 * The selector comes from the workload's own `matchLabels` and `matchExpressions` (its `spec.selector`). A workload
 * without a selector (a Job, a CronJob, a Pod) is selected by the `cdk8s.io/metadata.addr` label that
 * cdk8s-plus puts on its pods. A workload that selects its pods with `matchExpressions` only is refused:
 * a NetworkPolicy made from label maps could not select the same pods.
 *
 * Everything is read when asked, so call `select()` and `addContainer()` on the workload before you grant
 * it access; the policies check at synthesis that the selector and namespace did not change since.
 */
export class WorkloadRef {
  /**
   * Refers to a cdk8s-plus Pod or workload.
   */
  public static of(workload: kplus.AbstractPod, options?: WorkloadRefOptions): WorkloadRef {
    return new WorkloadRef(workload, options ?? {});
  }

  /** The cdk8s-plus Pod or workload. */
  public readonly workload: kplus.AbstractPod;

  /** The short name used in policy names and access labels. */
  public readonly name: string;

  private readonly namedPorts: boolean;

  private constructor(workload: kplus.AbstractPod, options: WorkloadRefOptions) {
    if (!(workload instanceof kplus.AbstractPod)) {
      throw new Error(`invalid workload ${show(workload)}: expected a cdk8s-plus-28 Pod or workload (Deployment, StatefulSet, DaemonSet, Job, CronJob)`);
    }
    this.workload = workload;
    this.namedPorts = options.namedPorts ?? false;
    if (options.name !== undefined) {
      validateNamePart(workload, options.name, 'name');
      this.name = options.name;
    } else {
      this.name = defaultName(workload);
    }
  }

  /**
   * The namespace of the workload (its `metadata.namespace`, or the namespace of its chart).
   *
   * @default - none: the workload lands in whatever namespace it is applied to
   */
  public get namespace(): string | undefined {
    return this.workload.metadata.namespace;
  }

  /**
   * The labels that select the workload's pods: its `matchLabels`, or the `cdk8s.io/metadata.addr` label
   * of its pods when it has no selector. Throws when it selects by `matchExpressions` only.
   *
   * When the workload selects by `matchLabels` and `matchExpressions`, the map returned carries the
   * expressions: the policies this library makes from it select with both, so a pod that has the labels
   * but fails an expression (a canary) gets none of the workload's grants. A copy of the map does not
   * carry them.
   */
  public get selectorLabels(): { [key: string]: string } {
    const w = this.workload;
    if (w instanceof kplus.Workload) {
      const matchLabels = w.matchLabels;
      if (Object.keys(matchLabels).length > 0) {
        return withMatchExpressions(matchLabels, w.matchExpressions);
      }
      if (w.matchExpressions.length > 0) {
        fail(w, `the workload selects its pods with matchExpressions only (${show(w.matchExpressions)}); ` +
          'network policies here select pods by label maps, so give it matchLabels too, for example ' +
          'select(LabelSelector.of({ labels: { app: "web" } })) with the same label on its pod template');
      }
    }
    const address = w.podMetadata.getLabel(ADDRESS_LABEL);
    if (address === undefined) {
      fail(w, `the workload has no selector and its pods have no ${show(ADDRESS_LABEL)} label to select them by`);
    }
    return { [ADDRESS_LABEL]: address };
  }

  /**
   * The ports the workload's containers declare, each once (`port` and `protocol`, or `name` and
   * `protocol` with `namedPorts`); undefined when they declare none.
   */
  public get ports(): PortSpec[] | undefined {
    const seen = new Set<string>();
    const ports: PortSpec[] = [];
    for (const container of this.workload.containers) {
      for (const p of container.ports) {
        const protocol = (p.protocol as string | undefined ?? Protocol.TCP) as Protocol;
        const spec: PortSpec = this.namedPorts && p.name !== undefined ? { name: p.name, protocol } : { port: p.number, protocol };
        const key = `${spec.protocol}/${spec.port ?? spec.name}`;
        if (!seen.has(key)) {
          seen.add(key);
          ports.push(spec);
        }
      }
    }
    return ports.length > 0 ? ports : undefined;
  }

  /** The labels of the workload's pod template, as they are now. */
  public get podLabels(): { [key: string]: string } {
    return { ...this.workload.podMetadata.toJson().labels };
  }

  /**
   * The namespace, or an error naming the workload when it has none.
   * @param purpose what needs the namespace, for the error message
   */
  public requireNamespace(purpose: string): string {
    const namespace = this.namespace;
    if (namespace === undefined || namespace === '') {
      fail(this.workload, `the workload has no namespace, but ${purpose} needs one: a NetworkPolicy only applies in its own ` +
        'namespace. Set metadata.namespace on the workload or the namespace of its chart');
    }
    return namespace;
  }

  /**
   * Puts a label on the workload's pod template (the pods), never on its selector: the workload keeps
   * selecting the same pods. Setting the same value twice is harmless; a different value is an error.
   */
  public addPodLabel(key: string, value: string): void {
    validateLabelKey(this.workload, key, 'pod label');
    validateLabels(this.workload, { [key]: value }, 'pod label');
    const current = this.workload.podMetadata.getLabel(key);
    if (current !== undefined && current !== value) {
      fail(this.workload, `the pod template already has the label ${key}=${show(current)}; cannot set it to ${show(value)}`);
    }
    this.workload.podMetadata.addLabel(key, value);
  }
}

/** Short names become part of label keys (`networking/allow-<name>-to-access`, 63 characters at most). */
const MAX_SHORT_NAME = 40;

/** The workload's metadata.name when the user gave it, else its construct id, as a DNS-1123 label. */
function defaultName(workload: kplus.AbstractPod): string {
  const apiObject = ApiObject.of(workload);
  const generated = Chart.of(apiObject).generateObjectName(apiObject);
  if (workload.name !== generated && isDns1123Label(workload.name) && workload.name.length <= MAX_SHORT_NAME) {
    return workload.name;
  }
  const slug = slugify(workload.node.id).slice(0, MAX_SHORT_NAME).replace(/-+$/, '');
  return slug === '' ? 'workload' : slug;
}
