import {
  ClusterPeer, ClusterPolicyModel, ClusterPort, ClusterRule, PodSelection, PolicyTier, RuleAction,
} from './cluster-policy-model';
import { Network, readNetwork } from './ip-block';
import { CompiledSelector, compileSelector } from './label-selector';
import { LintFinding, LintSeverity, ObjectReference } from './lint-finding';
import { isPlainObject } from './plain-object';
import { Protocol } from '../model/protocol';

/**
 * Reads one ClusterNetworkPolicy (v1alpha2) or AdminNetworkPolicy / BaselineAdminNetworkPolicy
 * (v1alpha1) into the model, checking what the CRDs' schemas and CEL rules check (written from the
 * types in kubernetes-sigs/network-policy-api: priority 0-1000, at most 25 rules (v1alpha1: 100), peers
 * and protocols 1-25 (v1alpha1: 1-100), networks 1-25, exactly one field in a subject, peer, protocol
 * or port, ranges with start < end, rule names of at most 100 characters, no named port beside
 * networks/nodes/domainNames peers, a BANP named `default`). A policy the API server would reject
 * cannot exist: it is left out of the analysis and reported (NP025 for a limit, NP011 otherwise).
 */

/**
 * A BaselineAdminNetworkPolicy has no priority: it is the v1alpha1 Baseline tier on its own. Beside
 * Baseline ClusterNetworkPolicies (no API defines their order) the engine puts it after them all.
 */
const BANP_PRIORITY = 1001;

/** The result of reading one object. @internal */
export interface ClusterPolicyResult {
  readonly policy?: ClusterPolicyModel;
  readonly problems: LintFinding[];
}

/** The limits and vocabulary of one kind. */
interface KindRules {
  readonly maxRules: number;
  readonly maxPeers: number;
  readonly actions: { readonly [written: string]: RuleAction };
  /** Where the ports of a rule live: `protocols` (v1alpha2) or `ports` (v1alpha1). */
  readonly portsField: 'protocols' | 'ports';
  readonly egressPeers: readonly string[];
}

const V1ALPHA1_EGRESS = ['namespaces', 'pods', 'nodes', 'networks'];
const KINDS: { readonly [kind: string]: KindRules } = {
  ClusterNetworkPolicy: {
    maxRules: 25,
    maxPeers: 25,
    portsField: 'protocols',
    egressPeers: [...V1ALPHA1_EGRESS, 'domainNames'],
    actions: { Accept: RuleAction.ACCEPT, Deny: RuleAction.DENY, Pass: RuleAction.PASS },
  },
  AdminNetworkPolicy: {
    maxRules: 100,
    maxPeers: 100,
    portsField: 'ports',
    egressPeers: [...V1ALPHA1_EGRESS, 'domainNames'],
    actions: { Allow: RuleAction.ACCEPT, Deny: RuleAction.DENY, Pass: RuleAction.PASS },
  },
  BaselineAdminNetworkPolicy: {
    maxRules: 100,
    maxPeers: 100,
    portsField: 'ports',
    egressPeers: V1ALPHA1_EGRESS,
    actions: { Allow: RuleAction.ACCEPT, Deny: RuleAction.DENY },
  },
};

/** Collects the API server's objections: `limit` ones (NP025) and malformed fields (NP011). */
class Objections {
  public readonly limits: string[] = [];
  public readonly malformed: string[] = [];
  public limit(message: string): void {
    this.limits.push(message);
  }
  public bad(message: string): void {
    this.malformed.push(message);
  }
  public get any(): boolean {
    return this.limits.length + this.malformed.length > 0;
  }
}

/** @internal */
export function readClusterPolicy(raw: any, kind: string, name: string, apiVersion: string): ClusterPolicyResult {
  const object: ObjectReference = { kind, name };
  const rules = KINDS[kind];
  const o = new Objections();
  const spec = isPlainObject(raw.spec) ? raw.spec : undefined;
  if (!spec) o.bad('spec is missing or not an object');
  const tier = spec ? readTier(kind, spec, name, o) : PolicyTier.ADMIN;
  const priority = kind === 'BaselineAdminNetworkPolicy' ? BANP_PRIORITY : spec ? readPriority(spec.priority, o) : 0;
  const subject = spec ? readSubject(spec.subject, 'spec.subject', o) : undefined;
  const ingressRules = spec ? readRules(spec.ingress, 'spec.ingress', 'from', rules, o) : [];
  const egressRules = spec ? readRules(spec.egress, 'spec.egress', 'to', rules, o) : [];
  if (o.any || !subject) return { problems: rejection(object, o) };
  const policy: ClusterPolicyModel = {
    kind, apiVersion, name, id: `${kind}/${name}`, tier, priority, subject, ingressRules, egressRules, raw,
  };
  return { policy, problems: [] };
}

/** The findings for a rejected policy: one NP025 for limits, one NP011 for the rest. */
function rejection(object: ObjectReference, o: Objections): LintFinding[] {
  const findings: LintFinding[] = [];
  const tail = '; the API server rejects the policy (the analysis ignores it)';
  if (o.limits.length > 0) {
    findings.push({
      severity: LintSeverity.ERROR,
      code: 'NP025',
      object,
      message: `${o.limits.join('; ')}${tail}`,
      fix: 'keep within the CRD limits: priority 0-1000, at most 25 rules per direction and 25 peers, networks and protocols per rule',
    });
  }
  if (o.malformed.length > 0) {
    findings.push({
      severity: LintSeverity.ERROR,
      code: 'NP011',
      object,
      message: `${o.malformed.join('; ')}${tail}`,
      fix: 'correct the fields named above (see the policy.networking.k8s.io API reference)',
    });
  }
  return findings;
}

function readTier(kind: string, spec: any, name: string, o: Objections): PolicyTier {
  if (kind === 'AdminNetworkPolicy') return PolicyTier.ADMIN;
  if (kind === 'BaselineAdminNetworkPolicy') {
    if (name !== 'default') o.limit(`metadata.name is ${JSON.stringify(name)}: a BaselineAdminNetworkPolicy must be named "default" (one per cluster)`);
    return PolicyTier.BASELINE;
  }
  if (spec.tier === 'Admin') return PolicyTier.ADMIN;
  if (spec.tier === 'Baseline') return PolicyTier.BASELINE;
  o.bad(`spec.tier is ${JSON.stringify(spec.tier)}: it must be "Admin" or "Baseline"`);
  return PolicyTier.ADMIN;
}

function readPriority(value: unknown, o: Objections): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    o.bad(`spec.priority is ${JSON.stringify(value)}: it must be an integer from 0 to 1000`);
    return 0;
  }
  if (value < 0 || value > 1000) o.limit(`spec.priority is ${value}: it must be from 0 to 1000`);
  return value;
}

/** Exactly one field of the allowed ones; returns it, or undefined after an objection. */
function oneField(value: unknown, field: string, allowed: readonly string[], o: Objections): string | undefined {
  if (!isPlainObject(value)) {
    o.bad(`${field} must be an object with exactly one of ${allowed.join(', ')}`);
    return undefined;
  }
  const set = Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null);
  const unknown = set.filter((k) => !allowed.includes(k));
  if (unknown.length > 0 || set.length !== 1) {
    o.bad(`${field} has ${set.length === 0 ? 'no field' : JSON.stringify(set)}: it must have exactly one of ${allowed.join(', ')}`);
    return undefined;
  }
  return set[0];
}

function selector(raw: unknown, field: string, o: Objections): CompiledSelector {
  const r = compileSelector(raw, field);
  r.errors.forEach((e) => o.bad(e));
  return r.selector ?? CompiledSelector.EVERYTHING;
}

/** A `namespaces` selector or a `pods` {namespaceSelector, podSelector}. */
function readSelection(field: string, key: string, value: any, o: Objections): PodSelection {
  if (key === 'namespaces') return { kind: 'pods', namespaceSelector: selector(value, `${field}.namespaces`, o) };
  if (!isPlainObject(value)) {
    o.bad(`${field}.pods must be an object with podSelector and namespaceSelector`);
    return { kind: 'pods', namespaceSelector: CompiledSelector.EVERYTHING };
  }
  const ns = value.namespaceSelector === undefined ? CompiledSelector.EVERYTHING : selector(value.namespaceSelector, `${field}.pods.namespaceSelector`, o);
  if (value.podSelector === undefined) o.bad(`${field}.pods.podSelector is required (write {} for every pod)`);
  const pods = value.podSelector === undefined ? CompiledSelector.EVERYTHING : selector(value.podSelector, `${field}.pods.podSelector`, o);
  return { kind: 'pods', namespaceSelector: ns, podSelector: pods.isEmpty ? undefined : pods };
}

function readSubject(raw: unknown, field: string, o: Objections): PodSelection | undefined {
  const key = oneField(raw, field, ['namespaces', 'pods'], o);
  return key ? readSelection(field, key, (raw as any)[key], o) : undefined;
}

/** A list with min/max counts: a count over the maximum is a limit, a missing or empty list malformed. */
function list(raw: unknown, field: string, min: number, max: number, o: Objections, required = false): unknown[] {
  if (raw === undefined || raw === null) {
    if (required) o.bad(`${field} is required and must list at least ${min} item`);
    return [];
  }
  if (!Array.isArray(raw)) {
    o.bad(`${field} must be a list`);
    return [];
  }
  if (raw.length < min) o.bad(`${field} is empty: it must list at least ${min} item (leave it out instead)`);
  if (raw.length > max) o.limit(`${field} has ${raw.length} items: at most ${max} are allowed`);
  return raw;
}

function readRules(raw: unknown, field: string, peersField: 'from' | 'to', kind: KindRules, o: Objections): ClusterRule[] {
  return list(raw, field, 0, kind.maxRules, o).map((r, index) => readRule(r, `${field}[${index}]`, index, peersField, kind, o));
}

function readRule(raw: any, field: string, index: number, peersField: 'from' | 'to', kind: KindRules, o: Objections): ClusterRule {
  if (!isPlainObject(raw)) {
    o.bad(`${field} must be an object`);
    return { index, action: RuleAction.DENY, peers: [] };
  }
  if (raw.name !== undefined && (typeof raw.name !== 'string' || raw.name.length > 100)) {
    o.limit(`${field}.name must be a string of at most 100 characters, got ${JSON.stringify(raw.name).slice(0, 40)}`);
  }
  const action = kind.actions[raw.action];
  if (!action) o.bad(`${field}.action is ${JSON.stringify(raw.action)}: it must be one of ${Object.keys(kind.actions).join(', ')}`);
  const allowed = peersField === 'from' ? ['namespaces', 'pods'] : kind.egressPeers;
  const peers = list(raw[peersField], `${field}.${peersField}`, 1, kind.maxPeers, o, true)
    .map((p, i) => readPeer(p, `${field}.${peersField}[${i}]`, allowed, kind.maxPeers, o))
    .filter((p): p is ClusterPeer => p !== undefined);
  const portsRaw = raw[kind.portsField];
  const ports = portsRaw === undefined || portsRaw === null ? undefined
    : list(portsRaw, `${field}.${kind.portsField}`, 1, kind.maxPeers, o).map((p, i) => readPort(p, `${field}.${kind.portsField}[${i}]`, kind, o));
  if (ports?.some((p) => p.name !== undefined) && peers.some((p) => p.kind !== 'pods')) {
    o.bad(`${field}: a named port cannot be used with networks/nodes/domainNames peers (they have no named ports)`);
  }
  if (action !== RuleAction.ACCEPT && peers.some((p) => p.kind === 'domainNames')) {
    o.bad(`${field}: domainNames peers are only allowed in ${kind.actions.Allow ? 'Allow' : 'Accept'} rules`);
  }
  return { index, name: typeof raw.name === 'string' ? raw.name : undefined, action: action ?? RuleAction.DENY, peers, ports };
}

function readPeer(raw: any, field: string, allowed: readonly string[], max: number, o: Objections): ClusterPeer | undefined {
  const key = oneField(raw, field, allowed, o);
  if (!key) return undefined;
  const value = raw[key];
  switch (key) {
    case 'namespaces':
    case 'pods':
      return readSelection(field, key, value, o);
    case 'nodes':
      return { kind: 'nodes', selector: selector(value, `${field}.nodes`, o) };
    case 'networks':
      return { kind: 'networks', networks: readNetworks(value, `${field}.networks`, o) };
    default:
      return { kind: 'domainNames', names: list(value, `${field}.domainNames`, 1, Math.min(max, 25), o).map(String) };
  }
}

function readNetworks(raw: unknown, field: string, o: Objections): Network[] {
  return list(raw, field, 1, 25, o, true).flatMap((text, i) => {
    const reading = readNetwork(text);
    if (!reading.network || typeof text !== 'string' || text.length > 43) {
      o.bad(`${field}[${i}] ${JSON.stringify(text)} is not a CIDR${reading.problem ? ` (it ${reading.problem})` : ''}`);
      return [];
    }
    return [reading.network];
  });
}

const PROTOCOL_KEYS: { readonly [key: string]: Protocol } = { tcp: Protocol.TCP, udp: Protocol.UDP, sctp: Protocol.SCTP };

function readPort(raw: any, field: string, kind: KindRules, o: Objections): ClusterPort {
  return kind.portsField === 'protocols' ? readProtocol(raw, field, o) : readV1alpha1Port(raw, field, o);
}

/** v1alpha2: `{tcp: {destinationPort: {number} | {range}}}` or `{destinationNamedPort}`. */
function readProtocol(raw: any, field: string, o: Objections): ClusterPort {
  const key = oneField(raw, field, ['tcp', 'udp', 'sctp', 'destinationNamedPort'], o);
  if (!key) return {};
  if (key === 'destinationNamedPort') return namedPort(raw[key], `${field}.destinationNamedPort`, o);
  const protocol = PROTOCOL_KEYS[key];
  const body = raw[key];
  if (!isPlainObject(body) || body.destinationPort === undefined) {
    o.bad(`${field}.${key} must have destinationPort (the CRD requires at least one field)`);
    return { protocol };
  }
  const which = oneField(body.destinationPort, `${field}.${key}.destinationPort`, ['number', 'range'], o);
  const p = body.destinationPort;
  if (which === 'number') return { protocol, port: portNumber(p.number, `${field}.${key}.destinationPort.number`, o) };
  if (which === 'range') return { protocol, ...portRange(p.range, `${field}.${key}.destinationPort.range`, o) };
  return { protocol };
}

/** v1alpha1: `{portNumber: {protocol, port}}`, `{portRange: {protocol, start, end}}` or `{namedPort}`. */
function readV1alpha1Port(raw: any, field: string, o: Objections): ClusterPort {
  const key = oneField(raw, field, ['portNumber', 'portRange', 'namedPort'], o);
  if (!key) return {};
  if (key === 'namedPort') return namedPort(raw[key], `${field}.namedPort`, o);
  const body = isPlainObject(raw[key]) ? raw[key] : {};
  const protocol = body.protocol === undefined ? Protocol.TCP : PROTOCOL_KEYS[String(body.protocol).toLowerCase()];
  if (!protocol || !['TCP', 'UDP', 'SCTP'].includes(body.protocol ?? 'TCP')) o.bad(`${field}.${key}.protocol ${JSON.stringify(body.protocol)} must be TCP, UDP or SCTP`);
  if (key === 'portNumber') return { protocol, port: portNumber(body.port, `${field}.portNumber.port`, o) };
  return { protocol, ...portRange(body, `${field}.portRange`, o) };
}

function namedPort(value: unknown, field: string, o: Objections): ClusterPort {
  if (typeof value !== 'string' || value === '') o.bad(`${field} must be a container port name`);
  return { name: String(value) };
}

function portNumber(value: unknown, field: string, o: Objections): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    o.bad(`${field} is ${JSON.stringify(value)}: it must be a port number from 1 to 65535`);
    return 0;
  }
  return value;
}

function portRange(raw: any, field: string, o: Objections): { port: number; endPort: number } {
  const body = isPlainObject(raw) ? raw : {};
  const port = portNumber(body.start, `${field}.start`, o);
  const endPort = portNumber(body.end, `${field}.end`, o);
  if (port && endPort && port >= endPort) o.bad(`${field}: start ${port} must be less than end ${endPort}`);
  return { port, endPort };
}
