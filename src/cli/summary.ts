/**
 * `cdk8s-netpol summary`: one line per namespace, decided by the reachability engine rather than read
 * off the YAML: how many policies, whether a pod nobody selects is isolated (default-deny) for ingress
 * and egress, whether the namespace's pods resolve DNS, and who can connect to whom. `npx projen
 * examples` prints the example apps through the same code.
 */
import { dnsEndpoint, DNS_PORT_NUMBER, DNS_TEXT, withClusterDns } from './cluster-dns';
import { manifestOptions } from './default-namespace';
import { analysisNotes, guarded } from './engine';
import { EXIT_OK } from './errors';
import { loadManifests, yamlDifferenceNotes } from './load-manifests';
import { visible } from './printable';
import { containerPortsOf, ManifestObject, namespaceOf, portProbes, Probe, standInsOf, WORKLOAD_KINDS } from './summary-roles';
import { Endpoint } from '../analysis/endpoint';
import { Reachability } from '../analysis/reachability';
import { groupBy } from '../model/group-by';
import { Protocol } from '../model/protocol';

export type { ManifestObject } from './summary-roles';

/** The address that stands for `internet`. */
const INTERNET_IP = '203.0.113.10';
const INTERNET = 'internet';

/** What the symbols of the summary mean: printed after it. */
export const SUMMARY_LEGEND: readonly string[] = [
  'legend:',
  '  a → b:ports     a may open connections to b on those ports (TCP port numbers, port names, udp/N, sctp/N)',
  '  name            a workload of the manifests (Kind/name when two kinds share the name); ns/name in another namespace',
  '  {key=value}     a pod with these labels (namespaces without workloads are shown through the label sets their policies select)',
  '  *               a pod with no labels: "* → b" every pod of that namespace reaches b, "a → *" a reaches every pod of this one',
  '  anyone          every source: every pod of every namespace, and the internet',
  `  internet        an address outside the cluster (${INTERNET_IP})`,
  '  any             every port',
  `  DNS ok          the namespace's pods whose egress is isolated reach the cluster DNS (${DNS_TEXT}) on ${DNS_PORT_NUMBER}/UDP and TCP`,
];

/** One row of the summary: a workload of the manifests, or a stand-in pod. */
interface Role {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly endpoint: Endpoint;
  /** Whether to list it as a source (stand-ins that only egress rules name are destinations only). */
  readonly source: boolean;
  readonly standIn: boolean;
}

/** The engine's answers the lines are written from. */
interface Survey {
  readonly reach: Reachability;
  readonly roles: Role[];
  /** The ports (texts) on which `from` reaches `to`; `any` alone when every port is open. */
  readonly portsBetween: (from: string, to: string) => string[];
}

/**
 * One line per namespace that has NetworkPolicies or workloads, sorted by namespace name (the implied
 * kube-system of the DNS pods is not one of them).
 */
export function summarize(objects: readonly ManifestObject[]): string[] {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const byNamespace = groupBy(policies, namespaceOf);
  const workloads = objects.filter((o) => WORKLOAD_KINDS.includes(o.kind ?? ''));
  const survey = surveyOf(objects, byNamespace, new Set(workloads.map(namespaceOf)));
  const shown = [...new Set([...byNamespace.keys(), ...workloads.map(namespaceOf)])].sort();
  return shown.map((namespace) => lineOf(namespace, byNamespace.get(namespace)?.length ?? 0, survey));
}

/** The engine over the manifests, the stand-ins and the cluster DNS namespace, and the matrices of every probed port. */
function surveyOf(objects: readonly ManifestObject[], byNamespace: Map<string, ManifestObject[]>, workloadNamespaces: Set<string>): Survey {
  const known = new Set([...byNamespace.keys(), ...objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata?.name ?? '')]);
  const { probes, named } = portProbes([...byNamespace.values()].flat());
  const standIns = standInsOf(byNamespace, known, workloadNamespaces, named);
  const reach = Reachability.fromManifests(withClusterDns([...objects, ...standIns.pods]).objects, manifestOptions());
  const roles: Role[] = reach.workloads.map((w) => {
    const standIn = standIns.names.get(w.id);
    return {
      id: w.id,
      namespace: w.namespace,
      name: standIn ?? w.id.slice(w.namespace.length + 1),
      endpoint: { namespace: w.namespace, pod: w.name, kind: w.kind },
      source: !standIns.notSources.has(w.id),
      standIn: standIn !== undefined,
    };
  });
  for (const r of roles.filter((x) => !x.standIn)) {
    for (const port of containerPortsOf(objects, r.namespace, r.endpoint.kind!, r.endpoint.pod!)) {
      if (!probes.some((x) => x.port === port && x.protocol === Protocol.TCP)) probes.push({ port, protocol: Protocol.TCP, text: String(port) });
    }
  }
  const matrices = [...groupBy(probes, (p: Probe) => p.protocol)].map(([protocol, list]) =>
    ({ list, matrix: reach.matrix({ ports: list.map((p) => p.port), protocol, internetAddress: INTERNET_IP }) }));
  const portsBetween = (from: string, to: string): string[] => {
    const open = matrices.flatMap(({ list, matrix }) => list.filter((p) => matrix.isAllowedBetween(from, to, p.port)).map((p) => p.text));
    return open.includes('any') ? ['any'] : open;
  };
  return { reach, roles, portsBetween };
}

/** `shop: 8 policies; ingress default-deny; egress default-deny, DNS ok; a → b:80; ...` */
function lineOf(namespace: string, policyCount: number, survey: Survey): string {
  const unselected = { namespace, labels: {} };
  const ingress = survey.reach.explain({ ip: INTERNET_IP }, unselected).ingress.isolated;
  const egress = survey.reach.explain(unselected, { ip: INTERNET_IP }).egress.isolated;
  const head = [`${policyCount} ${policyCount === 1 ? 'policy' : 'policies'}`, ingress ? 'ingress default-deny' : 'ingress OPEN (no default-deny)'];
  const dns = dnsVerdict(survey.reach, survey.roles.filter((r) => r.namespace === namespace && r.source));
  if (egress) head.push(`egress default-deny${dns ? `, ${dns}` : ''}`);
  else if (dns && dns !== 'DNS ok') head.push(dns);
  const display = (r: Role) => (r.id === INTERNET ? INTERNET : r.namespace === namespace ? r.name : `${r.namespace}/${r.name}`);
  return visible(`${namespace}: ${[...head, ...connections(namespace, survey, display, egress)].join('; ')}`);
}

/**
 * Whether the pods of a namespace whose egress is isolated reach the cluster DNS, decided per real
 * workload (per stand-in where the namespace has none); undefined when no pod's egress is isolated.
 */
function dnsVerdict(reach: Reachability, pods: readonly Role[]): string | undefined {
  const dns = dnsEndpoint();
  const isolated = pods.filter((r) => reach.explain(r.endpoint, { ip: INTERNET_IP }).egress.isolated);
  if (isolated.length === 0) return undefined;
  const verdictOf = (r: Role) => {
    const udp = reach.canConnect(r.endpoint, dns, { port: DNS_PORT_NUMBER, protocol: Protocol.UDP });
    const tcp = reach.canConnect(r.endpoint, dns, { port: DNS_PORT_NUMBER, protocol: Protocol.TCP });
    return udp && tcp ? 'DNS ok' : udp ? 'DNS over UDP only' : tcp ? 'DNS over TCP only' : 'NO DNS';
  };
  const byVerdict = groupBy(isolated, verdictOf);
  if (byVerdict.size === 1 && isolated.length === pods.length) return [...byVerdict.keys()][0];
  return [...byVerdict].filter(([verdict]) => verdict !== 'DNS ok')
    .map(([verdict, list]) => `${verdict} for ${list.map((r) => r.name).join(', ')}`).join(', ') || 'DNS ok';
}

/**
 * `a → b:ports` for every connection into the namespace (and, when it denies egress, from it to the
 * internet), without the lines a wider one implies.
 */
function connections(namespace: string, survey: Survey, display: (r: Role) => string, deniesEgress: boolean): string[] {
  const { roles, portsBetween } = survey;
  const internet: Role = { id: INTERNET, namespace: '', name: INTERNET, endpoint: { ip: INTERNET_IP }, source: true, standIn: false };
  const sources = [...roles.filter((r) => r.source), internet];
  const stars = roles.filter((r) => r.standIn && r.name === '*');
  const covers = (wide: string[], narrow: string[]) => wide.includes('any') || narrow.every((p) => wide.includes(p));
  // `* → x` covers every pod of that namespace, `from → *` every destination of this one.
  const implied = (from: Role, to: Role, ports: string[]) =>
    stars.some((r) => r.namespace === from.namespace && r !== from && r !== to && covers(portsBetween(r.id, to.id), ports)) ||
    (to !== internet && stars.some((d) => d.namespace === namespace && d !== to && d !== from && covers(portsBetween(from.id, d.id), ports)));
  const lines: string[] = [];
  for (const to of [...roles.filter((r) => r.namespace === namespace), ...(deniesEgress ? [internet] : [])]) {
    const admitted = sources.filter((from) => from !== to && (to !== internet || from.namespace === namespace))
      .map((from) => ({ from, ports: portsBetween(from.id, to.id) }))
      .filter(({ ports }) => ports.length > 0);
    // Every source on some ports: say so once, and list only what some get beyond that.
    let common: string[] = [];
    if (to !== internet && admitted.length === sources.length - (to.source ? 1 : 0)) {
      const finite = admitted.filter((a) => !a.ports.includes('any'));
      common = finite.length === 0 ? ['any'] : finite[0].ports.filter((p) => finite.every((a) => a.ports.includes(p)));
      if (common.length > 0) lines.push(`anyone → ${display(to)}:${common.join('+')}`);
    }
    for (const { from, ports: all } of admitted) {
      const ports = all.filter((p) => !common.includes(p));
      if (ports.length === 0 || common.includes('any')) continue;
      if (implied(from, to, ports)) continue;
      lines.push(`${display(from)} → ${display(to)}:${ports.join('+')}`);
    }
  }
  return lines;
}

/** Options of `cdk8s-netpol summary`. */
export interface SummaryOptions {
  readonly legend?: boolean;
}

/** Prints the summary of the manifests, then the legend; notes about the input go to stderr. */
export function runSummary(paths: string[], options: SummaryOptions = {}): number {
  const loaded = loadManifests(paths);
  const objects = loaded.objects.map((o) => o.object as ManifestObject);
  const lines = guarded('summarize the manifests', () => summarize(objects));
  const notes = [...loaded.notes, ...yamlDifferenceNotes(loaded.objects), ...analysisNotes(Reachability.fromManifests(objects, manifestOptions()))];
  notes.forEach((n) => process.stderr.write(`note: ${visible(n)}\n`));
  process.stdout.write(lines.length === 0 ? 'no NetworkPolicies and no workloads in the manifests\n' : `${lines.join('\n')}\n`);
  if (options.legend !== false && lines.length > 0) process.stdout.write(`\n${SUMMARY_LEGEND.join('\n')}\n`);
  return EXIT_OK;
}
