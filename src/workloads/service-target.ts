import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { at, currentJson, isWorkloadObject, PodTemplateJson, templatePointer } from './workload-object';
import { fail, show } from '../model/errors';
import { PortSpec } from '../model/ports';
import { Protocol } from '../model/protocol';

/**
 * A `v1` Service as the destination of a grant: the policy selects the pods the Service selects and
 * admits the Service's `targetPort`s, the pods' ports. A NetworkPolicy sees the connection after the
 * Service translated its `port`, so the Service port itself must never reach the policy. The Service is
 * a cdk8s-plus one of any major, a `KubeService` or any `ApiObject` of kind Service: it is read through
 * its API object (`ApiObject.of`), as workloads are.
 */

/** The API object of a `v1` Service construct, or undefined when it is something else. @internal */
export function serviceObject(target: IConstruct): ApiObject | undefined {
  try {
    const object = target !== null && typeof target === 'object' && target.node !== undefined ? ApiObject.of(target) : undefined;
    return object !== undefined && object.kind === 'Service' && object.apiVersion === 'v1' ? object : undefined;
  } catch {
    return undefined;
  }
}

/** The pod labels the Service selects; a Service that selects no pods cannot be a destination. @internal */
export function serviceSelector(object: ApiObject, service: IConstruct): { [key: string]: string } {
  const spec = currentJson(object, service).spec ?? {};
  if (spec.type === 'ExternalName') {
    fail(service, `the Service is of type ExternalName (${show(spec.externalName)}): it selects no pods, so no NetworkPolicy can ` +
      'protect it; allow egress to that address instead');
  }
  const selector: { [key: string]: string } = spec.selector ?? {};
  if (Object.keys(selector).length === 0) {
    fail(service, 'the Service has no selector, so it selects no pods (its endpoints are managed by hand): grant access to the ' +
      'workload behind it instead, or give the Service a selector (select() on a cdk8s-plus Service)');
  }
  return { ...selector };
}

/**
 * The ports a policy for the Service must admit: each `targetPort` (defaulting to `port`), a named one
 * resolved to the numbers the selected pods of the app give that name (for the Service port's protocol);
 * a name stays a name with `namedPorts`, or when no pod of the app declares it (Kubernetes resolves a
 * named policy port against the pod exactly as the Service does). Undefined when the Service has no ports.
 * @internal
 */
export function serviceTargetPorts(object: ApiObject, service: IConstruct, namedPorts: boolean): PortSpec[] | undefined {
  const spec = currentJson(object, service).spec ?? {};
  const seen = new Set<string>();
  const out: PortSpec[] = [];
  const add = (p: PortSpec) => {
    const key = `${p.protocol}/${p.port ?? p.name}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  };
  for (const sp of spec.ports ?? []) {
    const protocol = (sp.protocol ?? Protocol.TCP) as Protocol;
    const target = sp.targetPort === undefined || sp.targetPort === 0 || sp.targetPort === '' ? sp.port : sp.targetPort;
    if (typeof target === 'number') {
      add({ port: target, protocol });
      continue;
    }
    const numbers = namedPorts ? [] : podPortsNamed(service, object.metadata.namespace, spec.selector ?? {}, target, protocol);
    if (numbers.length === 0) add({ name: target, protocol });
    numbers.forEach((port) => add({ port, protocol }));
  }
  return out.length > 0 ? out : undefined;
}

/** The container port numbers called `name` (with `protocol`) on the app's pods that the selector selects. */
function podPortsNamed(service: IConstruct, namespace: string | undefined, selector: { [key: string]: string }, name: string,
  protocol: Protocol): number[] {
  const numbers = new Set<number>();
  for (const w of service.node.root.node.findAll().filter(isWorkloadObject)) {
    if (w.metadata.namespace !== namespace) continue;
    let template: PodTemplateJson | undefined;
    try {
      template = at(w.toJson(), templatePointer(w));
    } catch {
      continue; // a workload cdk8s-plus cannot render yet declares nothing
    }
    const labels = template?.metadata?.labels ?? {};
    if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) continue;
    for (const c of template?.spec?.containers ?? []) {
      for (const p of c.ports ?? []) {
        if (p.name === name && (p.protocol ?? Protocol.TCP) === protocol) numbers.add(p.containerPort);
      }
    }
  }
  return [...numbers].sort((a, b) => a - b);
}
