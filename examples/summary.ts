/**
 * A one-line summary per namespace, decided by the reachability engine rather than read off the YAML:
 * how many policies, whether a pod nobody selects is isolated (default-deny) for ingress and egress,
 * whether DNS works, and who can connect to whom.
 *
 * "Who" is the workloads of the manifests when a namespace has some; otherwise one stand-in pod for each
 * set of labels the policies select on (`db` for app=db, `allow-db-access` for
 * networking/allow-db-access=true, `*` for a pod with no labels), plus `internet` (203.0.113.10).
 * Stand-in pods declare every named port the policies use, so named-port rules show by name. Ports
 * show as numbers, names, or `any` (every port).
 */
import { Protocol, Reachability } from '../src';

/** A Kubernetes object as parsed from a manifest. */
export interface ManifestObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { name?: string; namespace?: string; labels?: { [key: string]: string } };
  readonly spec?: any;
}

type Labels = { [key: string]: string };

const WORKLOAD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'];
const NAMESPACE_NAME = 'kubernetes.io/metadata.name';
const INTERNET = 'internet';
const DNS = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
/** Container port numbers that stand for named ports on stand-in pods (shown by name). */
const NAMED_PORT_BASE = 61000;

interface Role {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  /** Whether to list it as a source (stand-ins that only egress rules name are destinations only). */
  readonly source: boolean;
}

interface Probe {
  readonly port: number;
  readonly protocol: Protocol;
  readonly text: string;
}

function labelsOf(selector: any): Labels | undefined {
  if (selector === undefined || selector === null) return {};
  if (selector.matchExpressions?.length) return undefined; // no single stand-in pod for an expression
  return { ...(selector.matchLabels ?? {}) };
}

function roleName(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '*';
  if (keys.length === 1 && keys[0] === 'app') return labels.app;
  return keys.map((k) => {
    const key = k.replace(/^networking\//, '');
    return labels[k] === 'true' ? key : `${key}=${labels[k]}`;
  }).join(',');
}

/** The namespaces a peer's namespaceSelector names by value (`{ <key>: <namespace> }`), or the policy's own. */
function peerNamespaces(peer: any, policyNamespace: string, known: Set<string>): string[] {
  if (!peer.namespaceSelector) return [policyNamespace];
  const values = Object.values(peer.namespaceSelector.matchLabels ?? {}).map(String);
  return values.filter((v) => known.has(v) || peer.namespaceSelector.matchLabels?.[NAMESPACE_NAME] === v);
}

function rulesOf(policy: ManifestObject): any[] {
  return [...(policy.spec?.ingress ?? []), ...(policy.spec?.egress ?? [])];
}

/** One line per namespace that has NetworkPolicies, sorted by namespace name. */
export function summarize(objects: ManifestObject[]): string[] {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const byNamespace = new Map<string, ManifestObject[]>();
  for (const p of policies) {
    const ns = p.metadata?.namespace ?? 'default';
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), p]);
  }
  const namespaces = new Set([...byNamespace.keys(), ...objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata?.name ?? '')]);
  const workloadNamespaces = new Set(objects.filter((o) => WORKLOAD_KINDS.includes(o.kind ?? '')).map((o) => o.metadata?.namespace ?? 'default'));

  // Named ports get stand-in numbers; every numeric port a rule names is probed, and one no rule names
  // tells whether a connection is allowed on any port.
  const named = new Map<string, number>();
  const numeric = new Set<string>();
  const covered: Array<[number, number]> = [];
  for (const rule of policies.flatMap(rulesOf)) {
    for (const p of rule.ports ?? []) {
      const protocol = p.protocol ?? Protocol.TCP;
      if (typeof p.port === 'string' && !named.has(p.port)) named.set(p.port, NAMED_PORT_BASE + named.size);
      if (typeof p.port === 'number') {
        numeric.add(`${protocol}/${p.port}`);
        covered.push([p.port, p.endPort ?? p.port]);
      }
    }
  }
  let anyPort = 1;
  while (covered.some(([from, to]) => anyPort >= from && anyPort <= to)) anyPort += 1;

  // Stand-in pods for every label set the policies select on, in the namespaces without workloads.
  const standIns = new Map<string, { namespace: string; labels: Labels; source: boolean }>();
  const addStandIn = (namespace: string, labels: Labels | undefined, source = true) => {
    if (labels === undefined || workloadNamespaces.has(namespace)) return;
    const key = `${namespace}/${roleName(labels)}`;
    standIns.set(key, { namespace, labels, source: source || (standIns.get(key)?.source ?? false) });
  };
  for (const [namespace, list] of byNamespace) {
    addStandIn(namespace, {});
    for (const policy of list) {
      addStandIn(namespace, labelsOf(policy.spec?.podSelector));
      for (const rule of rulesOf(policy)) {
        // pods only egress rules name (the DNS pods, say) are destinations, never listed as sources
        for (const [peer, source] of [...(rule.from ?? []).map((x: any) => [x, true]), ...(rule.to ?? []).map((x: any) => [x, false])]) {
          if (peer.ipBlock) continue;
          for (const ns of peerNamespaces(peer, namespace, namespaces)) addStandIn(ns, labelsOf(peer.podSelector), source);
        }
      }
    }
  }
  const containerPorts = [...named].map(([name, number]) => ({ name, containerPort: number }));
  const standInPods = [...standIns.values()].map((s, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `stand-in-${i}`, namespace: s.namespace, labels: s.labels },
    spec: { containers: [{ name: 'c', image: 'none', ports: containerPorts }] },
  }));
  const roleNames = new Map([...standIns.values()].map((s, i) => [`${s.namespace}/stand-in-${i}`, roleName(s.labels)]));
  const notSources = new Set([...standIns.values()].map((s, i) => (s.source ? '' : `${s.namespace}/stand-in-${i}`)));

  const kubeSystem = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: DNS.namespace } };
  const declaresKubeSystem = objects.some((o) => o.kind === 'Namespace' && o.metadata?.name === DNS.namespace);
  const reach = Reachability.fromManifests([...(declaresKubeSystem ? [] : [kubeSystem]), ...objects, ...standInPods]);

  const probes: Probe[] = [
    { port: anyPort, protocol: Protocol.TCP, text: 'any' },
    ...[...numeric].map((n) => {
      const [protocol, port] = n.split('/');
      return { port: Number(port), protocol: protocol as Protocol, text: protocol === 'TCP' ? port : `${protocol.toLowerCase()}/${port}` };
    }),
    ...[...named].map(([name, port]) => ({ port, protocol: Protocol.TCP, text: name })),
  ];
  // Workloads' own container ports, for the namespaces described by their workloads.
  for (const w of reach.workloads) {
    if (!roleNames.has(w.id)) {
      for (const p of containerPortsOf(objects, w.namespace, w.name)) {
        if (!probes.some((x) => x.port === p && x.protocol === Protocol.TCP)) probes.push({ port: p, protocol: Protocol.TCP, text: String(p) });
      }
    }
  }
  const byProtocol = new Map<Protocol, Probe[]>();
  for (const p of probes) byProtocol.set(p.protocol, [...(byProtocol.get(p.protocol) ?? []), p]);
  const matrices = [...byProtocol].map(([protocol, list]) => ({ list, matrix: reach.matrix({ ports: list.map((p) => p.port), protocol }) }));

  const roles: Role[] = reach.workloads.map((w) => ({ id: w.id, namespace: w.namespace, name: roleNames.get(w.id) ?? w.name, source: !notSources.has(w.id) }));
  const display = (r: Role, here: string) => (r.id === INTERNET ? INTERNET : r.namespace === here ? r.name : `${r.namespace}/${r.name}`);
  /** The ports (texts) on which `from` reaches `to`; `any` alone when every port is open. */
  const portsBetween = (from: string, to: string): string[] => {
    const open = matrices.flatMap(({ list, matrix }) => list.filter((p) => matrix.isAllowedBetween(from, to, p.port)).map((p) => p.text));
    return open.includes('any') ? ['any'] : open;
  };

  return [...byNamespace.keys()].sort().map((namespace) => {
    const list = byNamespace.get(namespace)!;
    const unselected = { namespace, labels: {} };
    const ingress = reach.explain({ ip: '203.0.113.10' }, unselected).ingress.isolated;
    const egress = reach.explain(unselected, { ip: '203.0.113.10' }).egress.isolated;
    const head = [`${list.length} ${list.length === 1 ? 'policy' : 'policies'}`, ingress ? 'ingress default-deny' : 'ingress OPEN (no default-deny)'];
    if (egress) {
      const udp = reach.canConnect(unselected, DNS, { port: 53, protocol: Protocol.UDP });
      const tcp = reach.canConnect(unselected, DNS, { port: 53, protocol: Protocol.TCP });
      head.push(`egress default-deny, ${udp && tcp ? 'DNS ok' : udp ? 'DNS over UDP only' : tcp ? 'DNS over TCP only' : 'NO DNS'}`);
    }
    return `${namespace}: ${[...head, ...connections(namespace, roles, portsBetween, display, egress)].join('; ')}`;
  });
}

/**
 * `a → b:ports` for every connection into the namespace (and, when it denies egress, from it to the
 * internet), without the lines a wider one implies.
 */
function connections(namespace: string, roles: Role[], portsBetween: (from: string, to: string) => string[],
  display: (r: Role, here: string) => string, deniesEgress: boolean): string[] {
  const internet: Role = { id: INTERNET, namespace: '', name: INTERNET, source: true };
  const sources = [...roles.filter((r) => r.source), internet];
  const here = roles.filter((r) => r.namespace === namespace);
  const stars = roles.filter((r) => r.name === '*');
  const covers = (wide: string[], narrow: string[]) => wide.includes('any') || narrow.every((p) => wide.includes(p));
  const lines: string[] = [];
  for (const to of [...here, ...(deniesEgress ? [internet] : [])]) {
    const admitted = sources.filter((from) => from !== to && (to !== internet || from.namespace === namespace))
      .map((from) => ({ from, ports: portsBetween(from.id, to.id) }))
      .filter(({ ports }) => ports.length > 0);
    // Every source on some ports: say so once, and list only what some get beyond that.
    let common: string[] = [];
    if (to !== internet && admitted.length === sources.length - (to.source ? 1 : 0)) {
      const finite = admitted.filter((a) => !a.ports.includes('any'));
      common = finite.length === 0 ? ['any'] : finite[0].ports.filter((p) => finite.every((a) => a.ports.includes(p)));
      if (common.length > 0) lines.push(`anyone → ${display(to, namespace)}:${common.join('+')}`);
    }
    for (const { from, ports: all } of admitted) {
      const ports = all.filter((p) => !common.includes(p));
      if (ports.length === 0 || common.includes('any')) continue;
      // `* → x` covers every pod of that namespace, `from → *` every destination of this one.
      const star = stars.find((r) => r.namespace === from.namespace && r !== from && r !== to);
      if (star && covers(portsBetween(star.id, to.id), ports)) continue;
      if (to !== internet && stars.some((d) => d.namespace === namespace && d !== to && d !== from && covers(portsBetween(from.id, d.id), ports))) continue;
      lines.push(`${display(from, namespace)} → ${display(to, namespace)}:${ports.join('+')}`);
    }
  }
  return lines;
}

function containerPortsOf(objects: ManifestObject[], namespace: string, name: string): number[] {
  const o = objects.find((x) => WORKLOAD_KINDS.includes(x.kind ?? '') && (x.metadata?.namespace ?? 'default') === namespace && x.metadata?.name === name);
  const spec = o?.kind === 'Pod' ? o.spec : o?.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.spec : o?.spec?.template?.spec;
  return (spec?.containers ?? []).flatMap((c: any) => (c.ports ?? []).map((p: any) => p.containerPort)).filter((p: any) => typeof p === 'number');
}
