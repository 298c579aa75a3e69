import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { serviceObject, serviceSelector, serviceTargetPorts } from './service-target';
import { at, currentJson, hasSelectorField, PodTemplateJson, pointerSegment, SelectorJson, templatePointer, workloadObject } from './workload-object';
import { fail, show } from '../model/errors';
import { validateLabelKey, validateLabels } from '../model/labels';
import { isDns1123Label, slugify, validateNamePart } from '../model/names';
import { PortSpec } from '../model/ports';
import { Protocol } from '../model/protocol';
import { MatchExpressions } from '../policies/network-policy';

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

/** cdk8s-plus puts this label on the pods of every Pod and workload it makes (every major). */
const ADDRESS_LABEL = 'cdk8s.io/metadata.addr';

/** The pod labels each API object got from `addPodLabel` (not part of a selector read from the template). */
/**
 * The pods a workload selects: its match labels and the matchExpressions that go with them.
 * @internal
 */
export interface WorkloadSelector {
  readonly labels: { [key: string]: string };
  readonly expressions: MatchExpressions;
}

const addedLabels = new WeakMap<ApiObject, Map<string, string>>();

/**
 * What a network policy needs to know about a Pod or workload (Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, Job, CronJob): its namespace, the labels that select its pods, the ports its containers
 * declare, and a way to put an access label on its pod template. The workload is a cdk8s-plus one of any
 * major (cdk8s-plus-28 to cdk8s-plus-34 are tested), an L1 object (`KubeDeployment`, ...) or any
 * `ApiObject` of a workload kind: everything is read from its API object (`ApiObject.of`).
 *
 * The selector comes from the object's `spec.selector` (`matchLabels` and `matchExpressions`). A workload
 * without a selector (a Job, a CronJob, a Pod) is selected by the `cdk8s.io/metadata.addr` label that
 * cdk8s-plus puts on its pods, or else (an L1 object) by all the labels of its pod template, the access
 * labels this library added aside. A workload that selects its pods with `matchExpressions` only is
 * refused: a NetworkPolicy made from label maps could not select the same pods.
 *
 * Everything is read when asked, so call `select()` and `addContainer()` on the workload before you grant
 * it access; the policies check at synthesis that the selector and namespace did not change since.
 */
export class WorkloadRef {
  /**
   * Refers to a Pod or workload: a cdk8s-plus one (any major), an L1 object or an `ApiObject`.
   */
  public static of(workload: IConstruct, options?: WorkloadRefOptions): WorkloadRef {
    return new WorkloadRef(workload, options ?? {}, false);
  }

  /**
   * Refers to the destination of a grant: a Pod or workload as `of` does, or a `v1` Service (cdk8s-plus
   * of any major, `KubeService` or `ApiObject`), which stands for the pods it selects on its targetPorts.
   * @internal
   */
  public static _destination(target: IConstruct, options?: WorkloadRefOptions): WorkloadRef {
    return new WorkloadRef(target, options ?? {}, true);
  }

  /** The Pod or workload construct, as given. */
  public readonly workload: IConstruct;

  /** Its API object, where everything is read and the pod labels are written. */
  public readonly apiObject: ApiObject;

  /** The short name used in policy names and access labels. */
  public readonly name: string;

  private readonly namedPorts: boolean;

  /** Whether this refers to a Service (the pods it selects, on its targetPorts) rather than a workload. */
  private readonly isService: boolean;

  private constructor(workload: IConstruct, options: WorkloadRefOptions, acceptService: boolean) {
    const service = acceptService ? serviceObject(workload) : undefined;
    this.isService = service !== undefined;
    this.apiObject = service ?? workloadObject(workload);
    this.workload = workload;
    this.namedPorts = options.namedPorts ?? false;
    if (options.name !== undefined) {
      validateNamePart(workload, options.name, 'name');
      this.name = options.name;
    } else {
      this.name = defaultName(workload, this.apiObject);
    }
  }

  /**
   * The namespace of the workload (its `metadata.namespace`, or the namespace of its chart).
   *
   * @default - none: the workload lands in whatever namespace it is applied to
   */
  public get namespace(): string | undefined {
    return this.apiObject.metadata.namespace;
  }

  /**
   * The labels that select the workload's pods: its `matchLabels`; without a selector, the
   * `cdk8s.io/metadata.addr` label of its pods, else the labels of its pod template. Throws when it
   * selects by `matchExpressions` only.
   *
   * When the workload selects by `matchLabels` and `matchExpressions`, this is its `matchLabels`: the
   * grants of `Workloads` add the expressions to every policy they make from it (so a pod that has the
   * labels but fails an expression, a canary, gets none of the workload's grants); a policy you make from
   * this map yourself selects by the labels alone.
   */
  public get selectorLabels(): { [key: string]: string } {
    return this._selector.labels;
  }

  /**
   * The workload's selector as the policies of `Workloads` use it: `selectorLabels`, and the
   * matchExpressions that go with them (empty when it selects by matchLabels alone).
   * @internal
   */
  public get _selector(): WorkloadSelector {
    if (this.isService) return { labels: serviceSelector(this.apiObject, this.workload), expressions: [] };
    const json = currentJson(this.apiObject, this.workload);
    const selector: SelectorJson | undefined = hasSelectorField(this.apiObject) ? json.spec?.selector : undefined;
    const matchLabels = selector?.matchLabels ?? {};
    const matchExpressions = selector?.matchExpressions ?? [];
    if (Object.keys(matchLabels).length > 0) {
      return { labels: { ...matchLabels }, expressions: matchExpressions }; // selectorOf copies the expressions
    }
    if (matchExpressions.length > 0) {
      fail(this.workload, `the workload selects its pods with matchExpressions only (${show(matchExpressions)}); ` +
        'network policies here select pods by label maps, so give it matchLabels too, for example ' +
        'select(LabelSelector.of({ labels: { app: "web" } })) with the same label on its pod template');
    }
    return { labels: this.templateSelector(this.templateLabels(json)), expressions: [] };
  }

  /**
   * The ports the workload's containers declare, each once (`port` and `protocol`, or `name` and
   * `protocol` with `namedPorts`); undefined when they declare none.
   */
  public get ports(): PortSpec[] | undefined {
    if (this.isService) return serviceTargetPorts(this.apiObject, this.workload, this.namedPorts);
    const template: PodTemplateJson | undefined = at(currentJson(this.apiObject, this.workload), templatePointer(this.apiObject));
    const seen = new Set<string>();
    const ports: PortSpec[] = [];
    for (const container of template?.spec?.containers ?? []) {
      for (const p of container.ports ?? []) {
        const protocol = (p.protocol ?? Protocol.TCP) as Protocol;
        const spec: PortSpec = this.namedPorts && p.name !== undefined ? { name: p.name, protocol } : { port: p.containerPort, protocol };
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
    return { ...this.templateLabels(currentJson(this.apiObject, this.workload)) };
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
   * The label is written by a JSON patch on the API object, so it lands whatever library made the object.
   */
  public addPodLabel(key: string, value: string): void {
    if (this.isService) {
      fail(this.workload, `a Service has no pod template to put the label ${key}=${show(value)} on: grant this to the workload it selects`);
    }
    validateLabelKey(this.workload, key, 'pod label');
    validateLabels(this.workload, { [key]: value }, 'pod label');
    const json = currentJson(this.apiObject, this.workload);
    const current = this.templateLabels(json)[key];
    if (current !== undefined && current !== value) {
      fail(this.workload, `the pod template already has the label ${key}=${show(current)}; cannot set it to ${show(value)}`);
    }
    if (current === undefined) {
      this.apiObject.addJsonPatch(labelPatch(json, templatePointer(this.apiObject), key, value));
      // Only a label written here is left out of a selector read from the template: one the template
      // had already was part of it before the grant, and stays so.
      const added = addedLabels.get(this.apiObject) ?? new Map<string, string>();
      added.set(key, value);
      addedLabels.set(this.apiObject, added);
    }
  }

  private templateLabels(json: any): { [key: string]: string } {
    return at(json, templatePointer(this.apiObject))?.metadata?.labels ?? {};
  }

  /** The selector of a workload without one: the cdk8s-plus address label, else the template's own labels. */
  private templateSelector(labels: { [key: string]: string }): { [key: string]: string } {
    if (labels[ADDRESS_LABEL] !== undefined) {
      return { [ADDRESS_LABEL]: labels[ADDRESS_LABEL] };
    }
    const added = addedLabels.get(this.apiObject);
    const own = Object.fromEntries(Object.entries(labels).filter(([k, v]) => added?.get(k) !== v));
    if (Object.keys(own).length === 0) {
      fail(this.workload, `the workload has no selector and its pods have no labels to select them by (no ${show(ADDRESS_LABEL)} ` +
        'label either): give its pod template labels that only its pods carry');
    }
    return own;
  }
}

/** A JSON patch that adds one label to the pod template at `template`, creating its metadata or labels map when absent. */
function labelPatch(json: any, template: string, key: string, value: string): JsonPatch {
  const metadata = at(json, template)?.metadata;
  if (metadata === undefined) {
    return JsonPatch.add(`${template}/metadata`, { labels: { [key]: value } });
  }
  if (metadata.labels === undefined) {
    return JsonPatch.add(`${template}/metadata/labels`, { [key]: value });
  }
  return JsonPatch.add(`${template}/metadata/labels/${pointerSegment(key)}`, value);
}

/** Short names become part of label keys (`networking/allow-<name>-to-access`, 63 characters at most). */
const MAX_SHORT_NAME = 40;

/** The workload's metadata.name when the user gave it, else its construct id, as a DNS-1123 label. */
function defaultName(workload: IConstruct, apiObject: ApiObject): string {
  const generated = Chart.of(apiObject).generateObjectName(apiObject);
  const name = apiObject.name;
  if (name !== generated && isDns1123Label(name) && name.length <= MAX_SHORT_NAME) {
    return name;
  }
  const slug = slugify(workload.node.id).slice(0, MAX_SHORT_NAME).replace(/-+$/, '');
  return slug === '' ? 'workload' : slug;
}
