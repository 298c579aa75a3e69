/**
 * Who the summary speaks about. A namespace with workloads is described by its workloads; one without
 * (policies only, as an example app synthesizes them) by stand-in pods: one for each set of labels its
 * policies select on, `*` for a pod with no labels. Stand-ins declare every named port the policies
 * use, so named-port rules show by name.
 */
import { defaultNamespace, lacksNamespace } from './default-namespace';
import { labelsText } from '../analysis/connection-evaluator';
import { Protocol } from '../model/protocol';

/** Labels of a pod. */
export type Labels = { [key: string]: string };

/** A Kubernetes object as parsed from a manifest (only the fields the summary reads). */
export interface ManifestObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { name?: string; namespace?: string; labels?: { [key: string]: string } };
  readonly spec?: any;
}

/** The kinds whose pods the engine reads. */
export const WORKLOAD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'];

const NAMESPACE_NAME = 'kubernetes.io/metadata.name';

/** Container port numbers that stand for named ports on stand-in pods (shown by name). */
const NAMED_PORT_BASE = 61000;

/** A port the summary asks about, and how it shows it. */
export interface Probe {
  readonly port: number;
  readonly protocol: Protocol;
  readonly text: string;
}

/** The stand-in pods and what the summary calls them. */
export interface StandIns {
  readonly pods: ManifestObject[];
  /** The stand-in's engine id (`ns/stand-in-3`) to its name: `*` or `{key=value, ...}`, keys with their prefix. */
  readonly names: Map<string, string>;
  /** Stand-ins that only egress rules name (the DNS pods, say): destinations, never listed as sources. */
  readonly notSources: Set<string>;
}

/** The namespace of an object (`--default-namespace`, else `default`, when it names none). */
export function namespaceOf(o: ManifestObject): string {
  return lacksNamespace(o) ? defaultNamespace() : o.metadata?.namespace ?? defaultNamespace();
}

/** `*` for no labels, else `{key=value, ...}`: a label key keeps its prefix, so it never reads like a pod name. */
export function standInName(labels: Labels): string {
  return Object.keys(labels).length === 0 ? '*' : labelsText(labels);
}

function labelsOf(selector: any): Labels | undefined {
  if (selector === undefined || selector === null) return {};
  if (selector.matchExpressions?.length) return undefined; // no single stand-in pod for an expression
  return { ...(selector.matchLabels ?? {}) };
}

/** The namespaces a peer's namespaceSelector names by value (`{ <key>: <namespace> }`), or the policy's own. */
function peerNamespaces(peer: any, policyNamespace: string, known: Set<string>): string[] {
  if (!peer.namespaceSelector) return [policyNamespace];
  const values = Object.values(peer.namespaceSelector.matchLabels ?? {}).map(String);
  return values.filter((v) => known.has(v) || peer.namespaceSelector.matchLabels?.[NAMESPACE_NAME] === v);
}

/** The ingress and egress rules of a policy. */
export function rulesOf(policy: ManifestObject): any[] {
  return [...(policy.spec?.ingress ?? []), ...(policy.spec?.egress ?? [])];
}

/**
 * The ports to ask about: one no rule names (`any`: open on every port), every numeric port a rule
 * names, and every named port (given a stand-in number).
 */
export function portProbes(policies: readonly ManifestObject[]): { probes: Probe[]; named: Map<string, number> } {
  const named = new Map<string, number>();
  const numeric = new Set<string>();
  const covered: Array<[number, number]> = [];
  for (const p of policies.flatMap(rulesOf).flatMap((rule) => rule.ports ?? [])) {
    const protocol = p.protocol ?? Protocol.TCP;
    if (typeof p.port === 'string' && !named.has(p.port)) named.set(p.port, NAMED_PORT_BASE + named.size);
    if (typeof p.port === 'number') {
      numeric.add(`${protocol}/${p.port}`);
      covered.push([p.port, p.endPort ?? p.port]);
    }
  }
  let anyPort = 1;
  while (covered.some(([from, to]) => anyPort >= from && anyPort <= to)) anyPort += 1;
  const probes: Probe[] = [
    { port: anyPort, protocol: Protocol.TCP, text: 'any' },
    ...[...numeric].map((n) => {
      const [protocol, port] = n.split('/');
      return { port: Number(port), protocol: protocol as Protocol, text: protocol === 'TCP' ? port : `${protocol.toLowerCase()}/${port}` };
    }),
    ...[...named].map(([name, port]) => ({ port, protocol: Protocol.TCP, text: name })),
  ];
  return { probes, named };
}

/** Stand-in pods for every label set the policies select on, in the namespaces without workloads. */
export function standInsOf(byNamespace: Map<string, ManifestObject[]>, known: Set<string>, workloadNamespaces: Set<string>,
  named: Map<string, number>): StandIns {
  const found = new Map<string, { namespace: string; labels: Labels; source: boolean }>();
  const add = (namespace: string, labels: Labels | undefined, source = true) => {
    if (labels === undefined || workloadNamespaces.has(namespace)) return;
    const key = `${namespace}\u0000${standInName(labels)}`;
    found.set(key, { namespace, labels, source: source || (found.get(key)?.source ?? false) });
  };
  for (const [namespace, list] of byNamespace) {
    add(namespace, {});
    for (const policy of list) {
      add(namespace, labelsOf(policy.spec?.podSelector));
      for (const rule of rulesOf(policy)) {
        const peers: Array<[any, boolean]> = [...(rule.from ?? []).map((x: any) => [x, true]), ...(rule.to ?? []).map((x: any) => [x, false])];
        for (const [peer, source] of peers.filter(([p]) => !p.ipBlock)) {
          for (const ns of peerNamespaces(peer, namespace, known)) add(ns, labelsOf(peer.podSelector), source);
        }
      }
    }
  }
  const ports = [...named].map(([name, containerPort]) => ({ name, containerPort }));
  const list = [...found.values()];
  const idOf = (i: number) => `${list[i].namespace}/stand-in-${i}`;
  return {
    pods: list.map((s, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `stand-in-${i}`, namespace: s.namespace, labels: s.labels },
      spec: { containers: [{ name: 'c', image: 'none', ports }] },
    })),
    names: new Map(list.map((s, i) => [idOf(i), standInName(s.labels)])),
    notSources: new Set(list.flatMap((s, i) => (s.source ? [] : [idOf(i)]))),
  };
}

/** The numeric container ports of a workload of the manifests. */
export function containerPortsOf(objects: readonly ManifestObject[], namespace: string, kind: string, name: string): number[] {
  const o = objects.find((x) => x.kind === kind && namespaceOf(x) === namespace && x.metadata?.name === name);
  const spec = o?.kind === 'Pod' ? o.spec : o?.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.spec : o?.spec?.template?.spec;
  return (spec?.containers ?? []).flatMap((c: any) => (c.ports ?? []).map((p: any) => p.containerPort)).filter((p: any) => typeof p === 'number');
}
