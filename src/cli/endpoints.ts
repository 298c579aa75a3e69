import { DNS, dnsEndpoint } from './cluster-dns';
import { UserError, didYouMean } from './errors';
import { serviceEndpoint } from './service-option';
import { Endpoint } from '../analysis/endpoint';
import { parseAddress } from '../analysis/ip-block';
import { WorkloadInfo } from '../analysis/reachability';
import { CLUSTER_DNS_NAMESPACE } from '../model/cluster-dns';
import { readAddress } from '../model/ip-network';
import { portNumberProblems } from '../model/ports';
import { Protocol } from '../model/protocol';

/** What the word `internet` stands for in --from/--to and in graphs. */
export const INTERNET = 'internet';

/** A workload of the manifests: one row and one column of the graph. */
export interface Workload {
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  /** `namespace/name`, or `namespace/Kind/name` when two kinds share a name in one namespace. */
  readonly id: string;
}

/** A Pod or workload the analysis left out, and why. */
export interface LeftOutWorkload {
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly reason: string;
}

/** A resolved --from/--to: what to ask the engine. */
export interface ResolvedEndpoint {
  readonly endpoint: Endpoint;
  /** Whether the user wrote `internet` (the engine then shows the address that stands for it). */
  readonly internet: boolean;
  /** Whether the user wrote `dns`: the cluster DNS pods (cluster-dns.ts). */
  readonly dns?: boolean;
}

/** Whether an endpoint text is the word `dns`. */
export function isDnsWord(text: string): boolean {
  return String(text).trim().toLowerCase() === DNS;
}

/** The workloads the engine read, sorted by namespace and name, with the engine's ids (model/workload-id). */
export function workloadsOf(infos: readonly WorkloadInfo[]): Workload[] {
  const list = [...infos].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind));
  return list.map((w) => ({ namespace: w.namespace, name: w.name, kind: w.kind, id: w.id }));
}

/** The engine endpoint of a workload. */
export function endpointOf(w: Workload): Endpoint {
  return { namespace: w.namespace, pod: w.name, kind: w.kind };
}

/**
 * Resolves `namespace/workload`, `namespace/Kind/workload`, a bare workload name that is unique,
 * `namespace/key=value,...` (a pod with those labels), `namespace/svc/service:port` (to only), `internet`, `dns` (the cluster DNS pods) or an IP
 * address. Unknown names get an error with a "did you mean" and the list of what exists; `namespaces`
 * (those of the manifests) check the namespace of a pod given by labels.
 */
export function resolveEndpoint(text: string, option: string, workloads: readonly Workload[], internetIp: string,
  leftOut: readonly LeftOutWorkload[] = [], namespaces?: readonly string[]): ResolvedEndpoint {
  const value = text.trim();
  if (value.toLowerCase() === INTERNET) {
    return { endpoint: { ip: internetIp }, internet: true };
  }
  if (isDnsWord(value)) {
    return { endpoint: dnsEndpoint(), internet: false, dns: true };
  }
  const service = serviceEndpoint(value, option);
  if (service) return service;
  const address = addressOf(value, option);
  if (address) {
    return { endpoint: { ip: address }, internet: false };
  }
  const slash = value.indexOf('/');
  if (slash > 0 && value.slice(slash + 1).includes('=')) {
    if (namespaces) checkNamespace(value.slice(0, slash), value, option, namespaces);
    return hypotheticalPod(value.slice(0, slash), value.slice(slash + 1), option);
  }
  const matches = named(workloads, value);
  if (matches.length === 0) refuseLeftOut(text, option, named(leftOut, value));
  if (matches.length === 1) {
    const w = matches[0];
    return { endpoint: endpointOf(w), internet: false };
  }
  if (matches.length > 1) {
    throw new UserError(`${option} ${JSON.stringify(text)} matches ${matches.length} workloads: ${matches.map((w) => `${w.namespace}/${w.kind}/${w.name}`).join(', ')}`,
      `name one of them as namespace/Kind/name, for example ${option} ${matches[0].namespace}/${matches[0].kind}/${matches[0].name}`);
  }
  const ids = workloads.map((w) => w.id);
  const suggestion = suggestWorkload(value, workloads);
  const known = ids.length === 0 ? 'the manifests hold no workloads (Pods, Deployments, ...)' :
    `the workloads are: ${ids.slice(0, 20).join(', ')}${ids.length > 20 ? `, ... (${ids.length} in all)` : ''}`;
  throw new UserError(`${option} ${JSON.stringify(text)} is not a workload of the manifests, "internet", "dns" or an IP address`,
    suggestion ? `did you mean ${option} ${suggestion}? ${known}` : `write namespace/workload; ${known}`);
}

/**
 * The id of the workload a misspelt `name`, `namespace/name` or `namespace/Kind/name` most likely means
 * (namespace, kind and name may each be misspelt): the text is compared with each workload written in
 * the same form, so `cartsevice` finds `shop/cartservice`.
 */
function suggestWorkload(value: string, workloads: readonly Workload[]): string | undefined {
  const parts = value.split('/').length;
  if (parts > 3) return undefined;
  const formOf = (w: Workload) => (parts === 1 ? w.name : parts === 2 ? `${w.namespace}/${w.name}` : `${w.namespace}/${w.kind}/${w.name}`);
  const forms = workloads.map(formOf);
  const best = didYouMean(value, forms);
  return best === undefined ? undefined : workloads[forms.indexOf(best)].id;
}

/** A pod given by labels must be in a namespace of the manifests (the engine knows no other). */
function checkNamespace(namespace: string, text: string, option: string, namespaces: readonly string[]): void {
  if (namespaces.includes(namespace)) return;
  const suggestion = didYouMean(namespace, namespaces);
  const dns = namespace === CLUSTER_DNS_NAMESPACE ? `for the cluster DNS pods write ${option} dns; ` : '';
  throw new UserError(`${option} ${JSON.stringify(text)}: the manifests have no namespace ${JSON.stringify(namespace)}`,
    `${dns}${suggestion ? `did you mean ${option} ${suggestion}${text.slice(namespace.length)}? ` : ''}the namespaces are: ${namespaces.join(', ') || '(none)'}`);
}

/** The workloads `name`, `namespace/name` or `namespace/Kind/name` names. */
function named<T extends { namespace: string; name: string; kind: string }>(list: readonly T[], value: string): T[] {
  const parts = value.split('/');
  if (parts.length === 1) return list.filter((w) => w.name === value);
  if (parts.length === 2) return list.filter((w) => w.namespace === parts[0] && w.name === parts[1]);
  if (parts.length !== 3) return [];
  return list.filter((w) => w.namespace === parts[0] && w.kind.toLowerCase() === parts[1].toLowerCase() && w.name === parts[2]);
}

/** A name of a workload the analysis left out (the API server rejects it) gets the reason, not "unknown". */
function refuseLeftOut(text: string, option: string, leftOut: readonly LeftOutWorkload[]): void {
  if (leftOut.length === 0) return;
  const w = leftOut[0];
  throw new UserError(`${option} ${JSON.stringify(text)} is not in the analysis: the API server rejects ${w.kind} ${w.namespace}/${w.name}, ` +
    `so the analysis leaves it out (${w.reason})`, 'correct the object (run "cdk8s-netpol audit" for every finding about it), then ask again');
}

/** `shop/app=web,tier=api`: a pod with those labels in the namespace, whether or not it exists. */
function hypotheticalPod(namespace: string, selector: string, option: string): ResolvedEndpoint {
  const labels: { [key: string]: string } = {};
  for (const part of selector.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    if (eq <= 0 || key === '') {
      throw new UserError(`${option} ${JSON.stringify(`${namespace}/${selector}`)}: cannot read the label ${JSON.stringify(part)}`,
        `write labels as key=value separated by commas, for example ${option} ${namespace}/app=web,tier=api`);
    }
    labels[key] = part.slice(eq + 1).trim();
  }
  return { endpoint: { namespace, labels }, internet: false };
}

/** `--namespace a,b`, checked against the namespaces of the manifests. */
export function parseNamespaces(text: string | undefined, known: readonly string[]): string[] | undefined {
  if (text === undefined) {
    return undefined;
  }
  const names = text.split(',').map((n) => n.trim()).filter((n) => n !== '');
  for (const name of names) {
    if (!known.includes(name)) {
      const suggestion = didYouMean(name, known);
      throw new UserError(`--namespace ${JSON.stringify(name)} is not a namespace of the manifests`,
        `${suggestion ? `did you mean ${suggestion}? ` : ''}the namespaces are: ${known.join(', ') || '(none)'}`);
    }
  }
  if (names.length === 0) {
    throw new UserError('--namespace is empty', 'give one or more namespaces, separated by commas');
  }
  return names;
}

/** Parses --port. */
export function parsePort(text: string): number {
  const port = /^\d+$/.test(String(text).trim()) ? Number(text) : NaN;
  const [problem] = portNumberProblems(port, '--port');
  if (problem) {
    throw new UserError(`--port ${JSON.stringify(text)} is not a port number`, `${problem.message}, for example --port 443`);
  }
  return port;
}

/** Parses --protocol (commander already restricts the choices; this maps to the enum). */
export function parseProtocol(text: string): Protocol {
  const protocol = (Object.values(Protocol) as string[]).find((p) => p === String(text).toUpperCase());
  if (!protocol) {
    throw new UserError(`--protocol ${JSON.stringify(text)} is not a protocol`, 'use TCP, UDP or SCTP');
  }
  return protocol as Protocol;
}

/** Parses --internet-ip. */
export function parseInternetIp(text: string): string {
  const address = addressOf(text, '--internet-ip');
  if (!address) {
    throw new UserError(`--internet-ip ${JSON.stringify(text)} is not an IP address`, 'give an address outside the cluster, for example 203.0.113.10');
  }
  return address;
}

/**
 * The canonical text of an address option, read as Go reads addresses; undefined when the text is not
 * address-like (a workload name). Forms that software reads differently (`010.0.0.1`, `::ffff:10.0.0.1`,
 * C's `0x7f000001`, `127.1`) and zone ids are refused: the engine would answer for an address the
 * user may not have meant.
 */
function addressOf(text: string, option: string): string | undefined {
  const value = text.trim();
  const reading = readAddress(value);
  const parsed = parseAddress(value);
  if (parsed.address) {
    return reading.canonical;
  }
  if (reading.address || reading.cReading || value.includes(':') || value.includes('%')) {
    const workload = option !== '--internet-ip' && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(value) ? ` (or namespace/${value} for a workload of that name)` : '';
    throw new UserError(`${option} ${JSON.stringify(text)} is not an IP address the engine accepts: ${parsed.problem}`,
      `write the address in Go's form, four decimal parts or RFC 4291 IPv6, for example 203.0.113.10${workload}`);
  }
  return undefined;
}
