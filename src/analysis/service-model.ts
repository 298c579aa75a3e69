import { PodModel } from './cluster-model';
import { Labels } from './label-selector';
import { LintFinding, LintSeverity, ObjectReference } from './lint-finding';
import { isPlainObject } from './plain-object';
import { parseProtocol } from './port-matcher';
import { labelKeyProblem, labelValueProblem } from '../model/labels';
import { isPortName, isPortNumber } from '../model/ports';
import { Protocol } from '../model/protocol';

/**
 * `v1 Service` objects as the API server and the endpoint controllers read them. A Service does not
 * change what a NetworkPolicy admits: policies see the connection after the Service address is
 * translated to a pod's address and the Service `port` to the pod's `targetPort`. The engine reads
 * Services to follow that translation and to say which port a policy must name.
 */

/** One entry of `spec.ports`, with the API server's defaults applied. @internal */
export interface ServicePortModel {
  readonly name?: string;
  /** The port clients connect to on the Service address. */
  readonly port: number;
  /** Defaults to TCP. */
  readonly protocol: Protocol;
  /** A number, or the name of a container port; defaults to `port`. */
  readonly targetPort: number | string;
}

/** @internal */
export interface ServiceModel {
  readonly namespace: string;
  readonly name: string;
  /** `namespace/name`. */
  readonly id: string;
  /** `spec.type`, ClusterIP when unset. */
  readonly type: string;
  /** `clusterIP: None`: clients get the pods' addresses from DNS and connect to them without translation. */
  readonly headless: boolean;
  /**
   * The pod labels it selects (in its own namespace); undefined when it selects no pods: no selector,
   * an empty one (the API server stores `{}` as no selector), or type ExternalName (the selector is ignored).
   */
  readonly selector?: Labels;
  readonly ports: readonly ServicePortModel[];
}

/** The Service read from a `v1 Service` object; malformed ports are reported and skipped. @internal */
export function readService(o: any, namespace: string, name: string, problems: LintFinding[]): ServiceModel {
  const object: ObjectReference = { kind: 'Service', namespace, name };
  const spec = isPlainObject(o.spec) ? o.spec : {};
  const type = typeof spec.type === 'string' && spec.type !== '' ? spec.type : 'ClusterIP';
  const selector = type === 'ExternalName' ? undefined : readSelector(spec.selector, object, problems);
  const rawPorts = Array.isArray(spec.ports) ? spec.ports : [];
  if (spec.ports !== undefined && spec.ports !== null && !Array.isArray(spec.ports)) {
    problems.push(malformed(object, 'spec.ports is not a list and is ignored', 'write spec.ports as a list of { port, targetPort, protocol }'));
  }
  const ports = rawPorts.flatMap((p: unknown, i: number) => readServicePort(p, `spec.ports[${i}]`, object, problems));
  return { namespace, name, id: `${namespace}/${name}`, type, headless: spec.clusterIP === 'None', selector, ports };
}

/** `spec.selector` is a plain map of labels (not a LabelSelector); empty means none. */
function readSelector(raw: unknown, object: ObjectReference, problems: LintFinding[]): Labels | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isPlainObject(raw)) {
    problems.push(malformed(object, 'spec.selector is not a map of labels; the analysis reads the Service as selecting no pods',
      'write spec.selector as `key: value` pairs (a Service selector is a plain map, not matchLabels)'));
    return undefined;
  }
  const labels: { [key: string]: string } = {};
  for (const [k, v] of Object.entries(raw)) {
    const problem = labelKeyProblem(k) ?? (typeof v === 'string' ? labelValueProblem(v) : `the value is the ${typeof v} ${JSON.stringify(v)}, not a string`);
    if (problem) {
      problems.push(malformed(object, `spec.selector[${JSON.stringify(k)}]: ${problem}; the API server rejects the Service (the analysis reads it as written)`,
        'use valid label keys and quoted string values'));
    }
    labels[k] = String(v);
  }
  return Object.keys(labels).length === 0 ? undefined : labels;
}

/** One port with the defaults of SetDefaults_Service (protocol TCP; targetPort 0 or "" means `port`). */
function readServicePort(p: unknown, field: string, object: ObjectReference, problems: LintFinding[]): ServicePortModel[] {
  if (!isPlainObject(p)) {
    problems.push(malformed(object, `${field} is not a port entry and is ignored`, 'write { port, targetPort, protocol }'));
    return [];
  }
  const protocol = parseProtocol(p.protocol);
  const target = p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '' ? p.port : p.targetPort;
  const targetOk = isPortNumber(target) || isPortName(target);
  if (!isPortNumber(p.port) || !protocol || !targetOk) {
    const what = !isPortNumber(p.port) ? `port ${JSON.stringify(p.port)} is not a number 1-65535`
      : !protocol ? `protocol ${JSON.stringify(p.protocol)} is not TCP, UDP or SCTP`
        : `targetPort ${JSON.stringify(p.targetPort)} is neither a number 1-65535 nor a container port name (lower case letters, digits and "-", at most 15 characters, with a letter)`;
    problems.push(malformed(object, `${field}: ${what}; the API server rejects the Service (the analysis ignores this port)`,
      'give port 1-65535, protocol TCP, UDP or SCTP, and targetPort as a container port number or name'));
    return [];
  }
  const name = typeof p.name === 'string' && p.name !== '' ? p.name : undefined;
  return [{ name, port: p.port, protocol, targetPort: target as number | string }];
}

function malformed(object: ObjectReference, message: string, fix: string): LintFinding {
  return { severity: LintSeverity.ERROR, code: 'NP011', object, message, fix };
}

/** The pods of the Service's namespace whose labels carry every selector entry, in model order. @internal */
export function podsSelectedBy(service: ServiceModel, pods: readonly PodModel[]): PodModel[] {
  const selector = service.selector;
  if (selector === undefined) return [];
  const entries = Object.entries(selector);
  return pods.filter((p) => p.namespace === service.namespace && entries.every(([k, v]) => p.labels[k] === v));
}

/**
 * The pod port a Service port sends to on one pod, as the endpoint controllers find it (FindPort): a
 * number as is; a name by the pod's container port with that name AND the Service port's protocol;
 * undefined when the pod has none (the pod is then no endpoint of that port).
 * @internal
 */
export function targetPortOn(pod: PodModel, port: ServicePortModel): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  return pod.containerPorts.find((c) => c.name === port.targetPort && c.protocol === port.protocol)?.port;
}

/** `TCP 5000 -> 8080`, `TCP 80 (http) -> http`. @internal */
export function describeServicePort(port: ServicePortModel): string {
  return `${port.protocol} ${port.port}${port.name ? ` (${port.name})` : ''} -> ${port.targetPort}`;
}
