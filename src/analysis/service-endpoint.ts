import { ClusterModel, PodModel } from './cluster-model';
import { ConnectOptions, Endpoint } from './endpoint';
import { Explanation } from './explanation';
import { KUBECTL_DEFAULT_NAMESPACE } from './manifest-options';
import { parseProtocol } from './port-matcher';
import { podsSelectedBy, ServiceModel, ServicePortModel, targetPortOn } from './service-model';
import { portNumberProblems, PROTOCOL_RULE } from '../model/ports';
import { Protocol } from '../model/protocol';

/**
 * A Service destination (`{ namespace, service, port }`) resolved as kube-proxy and the endpoint
 * controllers resolve it: the pods the Service selects, each on the pod port its `targetPort` names.
 * NetworkPolicies are enforced after that translation, so the engine evaluates each backend pod on its
 * pod port; the Service port never reaches a policy.
 */

/** One pod a Service connection may land on, and the pod port it arrives on. @internal */
export interface ServiceBackend {
  readonly pod: PodModel;
  readonly port: number;
}

/** @internal */
export interface ServiceRoute {
  readonly service: ServiceModel;
  /** `shop/email:5000`. */
  readonly text: string;
  readonly protocol: Protocol;
  readonly backends: readonly ServiceBackend[];
  /** How the Service port became the pod port, and which port a policy must name. */
  readonly note: string;
}

/** Resolves a Service destination; throws with the reason when it reaches no pod. @internal */
export function resolveServiceRoute(model: ClusterModel, e: Endpoint, options: ConnectOptions | undefined): ServiceRoute {
  const namespace = e.namespace ?? model.defaultNamespace ?? KUBECTL_DEFAULT_NAMESPACE;
  if (e.pod !== undefined || e.labels !== undefined || e.ip !== undefined || e.kind !== undefined) {
    throw new Error(`invalid to endpoint ${JSON.stringify(e)}: a Service endpoint is { namespace, service, port } only`);
  }
  const service = model.services.find((s) => s.namespace === namespace && s.name === e.service);
  if (!service) {
    const here = model.services.filter((s) => s.namespace === namespace).map((s) => s.name);
    throw new Error(`unknown Service ${JSON.stringify(e.service)} in namespace ${namespace} (to endpoint): ` +
      (here.length === 0 ? 'the namespace has no v1 Services' : `it has ${here.slice(0, 20).join(', ')}${here.length > 20 ? ', ...' : ''}`));
  }
  if (service.type === 'ExternalName') {
    throw new Error(`Service ${service.id} is of type ExternalName: it is a DNS alias for an address outside the cluster and selects no pods; ask with that address ({ ip })`);
  }
  const pods = podsSelectedBy(service, model.pods);
  if (pods.length === 0) {
    throw new Error(`Service ${service.id} selects no pods (${service.selector ? `no Pod or workload in ${namespace} has the labels ${JSON.stringify(service.selector)}` : 'it has no selector'}): a connection to it reaches nothing`);
  }
  const asked = requestedPort(e, options);
  return service.headless ? headlessRoute(service, pods, asked, options) : translatedRoute(service, pods, asked, options);
}

/** The Service port asked for: the endpoint's `port`, else `ConnectOptions.port`; both given must agree. */
function requestedPort(e: Endpoint, options: ConnectOptions | undefined): number | undefined {
  const [given, other] = [e.port, options?.port];
  for (const [value, field] of [[given, 'the Service endpoint port'], [other, 'port']] as const) {
    const [bad] = value === undefined ? [] : portNumberProblems(value, field);
    if (bad) throw new Error(`invalid ${field} ${JSON.stringify(value)}: ${bad.message}`);
  }
  if (given !== undefined && other !== undefined && given !== other) {
    throw new Error(`the Service endpoint names port ${given} and the options port ${other}: give the Service port once`);
  }
  return given ?? other;
}

/** The Service port entry of that number (TCP first when the protocol is not given, as ports default to TCP). */
function servicePortOf(service: ServiceModel, asked: number | undefined, options: ConnectOptions | undefined): ServicePortModel {
  const list = service.ports.map((p) => `${p.protocol}/${p.port}`).join(', ') || 'none';
  if (asked === undefined && service.ports.length !== 1) {
    throw new Error(`Service ${service.id} has ${service.ports.length === 0 ? 'no ports' : `the ports ${list}`}: give the Service port to connect to`);
  }
  const protocol = options?.protocol === undefined ? undefined : parseProtocol(options.protocol);
  if (options?.protocol !== undefined && !protocol) throw new Error(`invalid protocol ${JSON.stringify(options.protocol)}: ${PROTOCOL_RULE}`);
  const candidates = service.ports.filter((p) => (asked === undefined || p.port === asked) && (protocol === undefined || p.protocol === protocol));
  const chosen = candidates.find((p) => p.protocol === Protocol.TCP) ?? candidates[0];
  if (!chosen) {
    throw new Error(`Service ${service.id} has no port ${protocol ?? ''}${protocol ? '/' : ''}${asked}: its ports are ${list}` +
      (service.ports.some((p) => p.targetPort === asked) ? ` (${asked} is a targetPort, the pods' port: connect to the Service port that sends to it)` : ''));
  }
  return chosen;
}

/** A ClusterIP, NodePort or LoadBalancer Service: the Service port is translated to each pod's targetPort. */
function translatedRoute(service: ServiceModel, pods: PodModel[], asked: number | undefined, options: ConnectOptions | undefined): ServiceRoute {
  const sp = servicePortOf(service, asked, options);
  const backends: ServiceBackend[] = [];
  const missing: string[] = [];
  for (const pod of pods) {
    const port = targetPortOn(pod, sp);
    if (port === undefined) missing.push(pod.id);
    else backends.push({ pod, port });
  }
  const text = `${service.id}:${sp.port}`;
  if (backends.length === 0) {
    throw new Error(`Service ${service.id} port ${sp.protocol}/${sp.port} reaches no pod: its targetPort ${JSON.stringify(sp.targetPort)} names no ${sp.protocol} container port of ${missing.join(', ')}`);
  }
  const ports = [...new Set(backends.map((b) => b.port))];
  const names = [...new Set(backends.flatMap((b) => b.pod.containerPorts
    .filter((c) => c.port === b.port && c.protocol === sp.protocol && c.name).map((c) => c.name!)))];
  const podPorts = ports.map((p) => `${sp.protocol}/${p}`).join(' or ');
  const why = sp.port === ports[0] && ports.length === 1
    ? `the Service port and the pod port are both ${sp.port}, so a rule on ${sp.protocol}/${sp.port} matches`
    : `a rule must name the pod's port ${podPorts}${names.length > 0 ? ` (or its name ${names.join(', ')})` : ''}, not the Service port ${sp.port}`;
  const note = `Service ${service.id} sends ${sp.protocol}/${sp.port} to targetPort ${sp.targetPort} of the pods it selects ` +
    `(${backends.map((b) => `${b.pod.id} on ${sp.protocol}/${b.port}`).join(', ')}); NetworkPolicies see the connection after that ` +
    `translation, so ${why}` +
    (missing.length > 0 ? `. ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} selected but declare no ${sp.protocol} port named ${sp.targetPort}, so ${missing.length === 1 ? 'it is' : 'they are'} no endpoint of this port` : '');
  return { service, text, protocol: sp.protocol, backends, note };
}

/** A headless Service (`clusterIP: None`): DNS hands out the pods' addresses and nothing translates the port. */
function headlessRoute(service: ServiceModel, pods: PodModel[], asked: number | undefined, options: ConnectOptions | undefined): ServiceRoute {
  const port = asked ?? (service.ports.length === 1 ? service.ports[0].port : 80);
  const protocol = options?.protocol === undefined ? Protocol.TCP : parseProtocol(options.protocol);
  if (!protocol) throw new Error(`invalid protocol ${JSON.stringify(options?.protocol)}: ${PROTOCOL_RULE}`);
  const note = `Service ${service.id} is headless (clusterIP: None): clients resolve it to the pods' addresses ` +
    `(${pods.map((p) => p.id).join(', ')}) and connect to them on the port they use, ${protocol}/${port}, with no translation; a rule must name that port`;
  return { service, text: `${service.id}:${port}`, protocol, backends: pods.map((pod) => ({ pod, port })), note };
}

/**
 * The explanation of a connection through a Service: each backend pod is evaluated on its pod port;
 * the connection is allowed when some backend admits it (a client reaches that pod on some attempts,
 * which is what a reviewer of "who can reach whom" must see). The verdicts shown are those of the
 * first backend that admits it, or of the first backend.
 * @internal
 */
export function explainThroughService(route: ServiceRoute,
  explainBackend: (pod: PodModel, port: number, protocol: Protocol) => Explanation): Explanation {
  const results = route.backends.map((b) => ({ b, x: explainBackend(b.pod, b.port, route.protocol) }));
  const shown = results.find((r) => r.x.allowed) ?? results[0];
  const admitted = results.filter((r) => r.x.allowed).length;
  const spread = results.length === 1 ? '' : `; ${admitted} of ${results.length} pods admit it ` +
    `(${results.map((r) => `${r.b.pod.id} ${r.x.allowed ? 'allowed' : 'denied'}`).join(', ')}), the verdicts below are for ${shown.b.pod.id}`;
  return Explanation._create({
    from: shown.x.from,
    to: `${shown.x.to} (through Service ${route.text})`,
    port: shown.x.port,
    protocol: shown.x.protocol,
    egress: shown.x.egress,
    ingress: shown.x.ingress,
    note: route.note + spread,
  });
}

/**
 * For a pod destination: the Services that select it (people know it by them), and, when the port asked
 * is one of their Service ports but not the port it sends to, that a policy sees the pod's port.
 * @internal
 */
export function podDestinationNote(model: ClusterModel, pod: PodModel, port: number, protocol: Protocol): string | undefined {
  const services = model.services.filter((s) => podsSelectedBy(s, [pod]).length > 0);
  if (services.length === 0) return undefined;
  const ports = (s: ServiceModel) => s.ports.map((p) => `${p.protocol}/${p.port} -> ${targetPortOn(pod, p) ?? p.targetPort}`).join(', ');
  const named = `selected by Service ${services.map((s) => `${s.id} (${ports(s) || 'no ports'})`).join(', ')}`;
  const mistaken = services.flatMap((s) => s.ports.filter((p) => !s.headless && p.port === port && p.protocol === protocol)
    .map((p) => ({ s, target: targetPortOn(pod, p) }))).find((m) => m.target !== undefined && m.target !== port);
  if (!mistaken) return named;
  return `${named}. ${protocol}/${port} is the port of Service ${mistaken.s.id}, which sends it to the pod's ${protocol}/${mistaken.target}: ` +
    `a connection through the Service arrives on ${mistaken.target}, and that is the port a policy must name ` +
    `(ask with the Service endpoint { namespace: ${JSON.stringify(mistaken.s.namespace)}, service: ${JSON.stringify(mistaken.s.name)}, port: ${port} })`;
}
