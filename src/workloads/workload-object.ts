import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { show } from '../model/errors';

/**
 * The cdk8s-plus majors whose workloads are tested with this library (see test/integration): their
 * workloads, like L1 objects, are read through their API object, so the version is not checked.
 * @internal
 */
export const SUPPORTED_KPLUS = 'cdk8s-plus-28 to cdk8s-plus-34';

/**
 * Where a workload kind keeps its pod template (a JSON pointer), and whether it has a `spec.selector`.
 * A Pod is its own template.
 */
const KINDS: { [kind: string]: { template: string; selector: boolean } } = {
  Deployment: { template: '/spec/template', selector: true },
  StatefulSet: { template: '/spec/template', selector: true },
  DaemonSet: { template: '/spec/template', selector: true },
  ReplicaSet: { template: '/spec/template', selector: true },
  Job: { template: '/spec/template', selector: true },
  CronJob: { template: '/spec/jobTemplate/spec/template', selector: false },
  Pod: { template: '', selector: false },
};

/** The workload kinds, for error messages. */
const KIND_NAMES = Object.keys(KINDS).join(', ');

/** A label selector as the API object writes it. */
export interface SelectorJson {
  readonly matchLabels?: { [key: string]: string };
  readonly matchExpressions?: any[];
}

/** A pod template as the API object writes it (only what network policies need). */
export interface PodTemplateJson {
  readonly metadata?: { readonly labels?: { [key: string]: string } };
  readonly spec?: { readonly containers?: Array<{ readonly ports?: Array<{ containerPort: number; name?: string; protocol?: string }> }> };
}

/**
 * The API object behind a workload construct: a cdk8s-plus workload of any major (its API object is
 * its default child), an L1 object (`KubeDeployment`, ...) or any `ApiObject` of a workload kind.
 * @internal
 */
export function workloadObject(workload: IConstruct): ApiObject {
  let object: ApiObject | undefined;
  try {
    object = workload !== null && typeof workload === 'object' && workload.node !== undefined ? ApiObject.of(workload) : undefined;
  } catch {
    object = undefined;
  }
  if (object === undefined || !(object.kind in KINDS) || !isCoreWorkloadGroup(object.apiGroup)) {
    const found = object === undefined ? 'it has no API object' : `its API object is a ${object.apiVersion} ${object.kind}`;
    throw new Error(`invalid workload ${show(workload)}: expected a Pod or workload (${KIND_NAMES}), ` +
      `either a cdk8s-plus one (${SUPPORTED_KPLUS}) or an L1 object such as KubeDeployment; ${found}`);
  }
  return object;
}

/**
 * Whether a construct is the API object of a Pod or workload (each workload is counted once: a cdk8s-plus
 * workload by its API object, not by itself).
 * @internal
 */
export function isWorkloadObject(c: IConstruct): c is ApiObject {
  return ApiObject.isApiObject(c) && c.kind in KINDS && isCoreWorkloadGroup(c.apiGroup);
}

/** Pods live in the core group, the others in apps or batch. */
function isCoreWorkloadGroup(group: string): boolean {
  return group === 'core' || group === '' || group === 'apps' || group === 'batch';
}

/** The JSON pointer of the object's pod template ('' for a Pod). @internal */
export function templatePointer(object: ApiObject): string {
  return KINDS[object.kind].template;
}

/** Whether the kind has a `spec.selector` of its own. @internal */
export function hasSelectorField(object: ApiObject): boolean {
  return KINDS[object.kind].selector;
}

/**
 * The object as it synthesizes now (cdk8s-plus builds its spec lazily, so this is its current state).
 * A workload cdk8s-plus cannot render yet (no container) is reported with its path and what to do.
 * @internal
 */
export function currentJson(object: ApiObject, workload: IConstruct): any {
  try {
    return object.toJson();
  } catch (e) {
    throw new Error(`${workload.node.path}: cannot read the workload's API object (${(e as Error).message}); ` +
      'add its containers before granting it access');
  }
}

/** The value at a JSON pointer ('' is the document), or undefined. @internal */
export function at(json: any, pointer: string): any {
  let value = json;
  for (const part of pointer.split('/').slice(1)) {
    value = value?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

/** A key as a JSON pointer segment. @internal */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
