/**
 * A checker of the policy.networking.k8s.io CRDs (ClusterNetworkPolicy v1alpha2, AdminNetworkPolicy and
 * BaselineAdminNetworkPolicy v1alpha1) for synthesized objects, which kubernetes-models 4.x has no
 * schema for. Written for the tests from the API's types and validation markers (required fields,
 * enums, min/max items, exactly-one-of objects, CEL rules), strict about unknown fields as a
 * structural schema is, and sharing no code with the engine's reader.
 */
import * as ipaddr from 'ipaddr.js';

type Obj = { [k: string]: any };

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const V2 = { maxRules: 25, maxItems: 25, actions: ['Accept', 'Deny', 'Pass'], ports: 'protocols' };
const ANP = { maxRules: 100, maxItems: 100, actions: ['Allow', 'Deny', 'Pass'], ports: 'ports' };
const BANP = { maxRules: 100, maxItems: 100, actions: ['Allow', 'Deny'], ports: 'ports' };
type Flavour = typeof V2;

function check(ok: boolean, where: string, what: string): void {
  if (!ok) throw new Error(`${where}: ${what}`);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keys(v: unknown, where: string, allowed: string[], required: string[] = []): Obj {
  check(isObj(v), where, 'must be an object');
  const o = v as Obj;
  for (const k of Object.keys(o)) check(allowed.includes(k), where, `unknown field ${k}`);
  for (const k of required) check(o[k] !== undefined, where, `${k} is required`);
  return o;
}

function exactlyOne(v: unknown, where: string, allowed: string[]): string {
  const o = keys(v, where, allowed);
  check(Object.keys(o).length === 1, where, `exactly one of ${allowed.join(', ')}`);
  return Object.keys(o)[0];
}

function items(v: unknown, where: string, min: number, max: number): any[] {
  check(Array.isArray(v), where, 'must be a list');
  check(v.length >= min && v.length <= max, where, `must have ${min}-${max} items, has ${v.length}`);
  return v;
}

function selector(v: unknown, where: string): void {
  const o = keys(v, where, ['matchLabels', 'matchExpressions']);
  if (o.matchLabels !== undefined) {
    check(isObj(o.matchLabels) && Object.values(o.matchLabels).every((x) => typeof x === 'string'), where, 'matchLabels must map strings to strings');
  }
  for (const [i, e] of (o.matchExpressions ?? []).entries()) {
    const x = keys(e, `${where}.matchExpressions[${i}]`, ['key', 'operator', 'values'], ['key', 'operator']);
    check(['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(x.operator), where, `operator ${x.operator}`);
    const needsValues = x.operator === 'In' || x.operator === 'NotIn';
    check(needsValues ? Array.isArray(x.values) && x.values.length > 0 : !x.values?.length, where, `values for ${x.operator}`);
  }
}

function selection(v: unknown, where: string, allowed: string[]): string {
  const kind = exactlyOne(v, where, allowed);
  const value = (v as Obj)[kind];
  if (kind === 'namespaces' || kind === 'nodes') selector(value, `${where}.${kind}`);
  if (kind === 'pods') {
    const p = keys(value, `${where}.pods`, ['namespaceSelector', 'podSelector'], ['podSelector']);
    selector(p.podSelector, `${where}.pods.podSelector`);
    if (p.namespaceSelector !== undefined) selector(p.namespaceSelector, `${where}.pods.namespaceSelector`);
  }
  if (kind === 'networks') {
    for (const c of items(value, `${where}.networks`, 1, 25)) check(typeof c === 'string' && c.length <= 43 && ipaddr.isValidCIDR(c), where, `isCIDR(${c})`);
  }
  return kind;
}

function portNumber(v: unknown, where: string): void {
  check(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535, where, `port ${v} must be 1-65535`);
}

function range(start: unknown, end: unknown, where: string): void {
  portNumber(start, where);
  portNumber(end, where);
  check((start as number) < (end as number), where, 'start must be less than end');
}

function port(v: unknown, where: string, f: Flavour): boolean {
  if (f.ports === 'protocols') {
    const kind = exactlyOne(v, where, ['tcp', 'udp', 'sctp', 'destinationNamedPort']);
    if (kind === 'destinationNamedPort') return true;
    const body = keys((v as Obj)[kind], `${where}.${kind}`, ['destinationPort'], ['destinationPort']);
    const which = exactlyOne(body.destinationPort, `${where}.${kind}.destinationPort`, ['number', 'range']);
    if (which === 'number') portNumber(body.destinationPort.number, where);
    else range(keys(body.destinationPort.range, where, ['start', 'end'], ['start', 'end']).start, body.destinationPort.range.end, where);
    return false;
  }
  const kind = exactlyOne(v, where, ['portNumber', 'portRange', 'namedPort']);
  if (kind === 'namedPort') return true;
  const body = (v as Obj)[kind];
  check(body.protocol === undefined || ['TCP', 'UDP', 'SCTP'].includes(body.protocol), where, `protocol ${body.protocol}`);
  if (kind === 'portNumber') portNumber(keys(body, where, ['protocol', 'port'], ['protocol', 'port']).port, where);
  else range(keys(body, where, ['protocol', 'start', 'end'], ['start', 'end']).start, body.end, where);
  return false;
}

function rule(v: unknown, where: string, direction: 'ingress' | 'egress', f: Flavour, egressPeers: string[]): void {
  const peersField = direction === 'ingress' ? 'from' : 'to';
  const r = keys(v, where, ['name', 'action', peersField, f.ports], ['action', peersField]);
  check(r.name === undefined || (typeof r.name === 'string' && r.name.length <= 100), where, 'name of at most 100 characters');
  check(f.actions.includes(r.action), where, `action ${r.action} not in ${f.actions.join(', ')}`);
  const peerKinds = items(r[peersField], `${where}.${peersField}`, 1, f.maxItems)
    .map((p, i) => selection(p, `${where}.${peersField}[${i}]`, direction === 'ingress' ? ['namespaces', 'pods'] : egressPeers));
  const named = r[f.ports] === undefined ? [] : items(r[f.ports], `${where}.${f.ports}`, 1, f.maxItems).map((p, i) => port(p, `${where}.${f.ports}[${i}]`, f));
  check(!(named.some(Boolean) && peerKinds.some((k) => k !== 'namespaces' && k !== 'pods')), where, 'named ports with networks/nodes peers');
}

/** Throws on the first thing the CRD of the object's kind refuses. */
export function validateClusterPolicy(obj: Obj): void {
  const f = obj.kind === 'ClusterNetworkPolicy' ? V2 : obj.kind === 'AdminNetworkPolicy' ? ANP : BANP;
  const where = `${obj.kind} ${obj.metadata?.name}`;
  check(obj.apiVersion === `policy.networking.k8s.io/${f === V2 ? 'v1alpha2' : 'v1alpha1'}`, where, `apiVersion ${obj.apiVersion}`);
  const meta = keys(obj.metadata, `${where} metadata`, ['name', 'labels', 'annotations'], ['name']);
  check(typeof meta.name === 'string' && meta.name.length <= 253 && DNS_SUBDOMAIN.test(meta.name), where, 'metadata.name must be a DNS subdomain');
  if (f === BANP) check(meta.name === 'default', where, 'a BaselineAdminNetworkPolicy must be named default');
  const fields = f === V2 ? ['tier', 'priority', 'subject', 'ingress', 'egress'] : f === ANP ? ['priority', 'subject', 'ingress', 'egress'] : ['subject', 'ingress', 'egress'];
  const spec = keys(obj.spec, `${where} spec`, fields, fields.filter((k) => k !== 'ingress' && k !== 'egress'));
  if (f === V2) check(spec.tier === 'Admin' || spec.tier === 'Baseline', where, `tier ${spec.tier}`);
  if (f !== BANP) check(Number.isInteger(spec.priority) && spec.priority >= 0 && spec.priority <= 1000, where, `priority ${spec.priority} must be 0-1000`);
  selection(spec.subject, `${where} spec.subject`, ['namespaces', 'pods']);
  const egressPeers = f === BANP ? ['namespaces', 'pods', 'nodes', 'networks'] : ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'];
  for (const direction of ['ingress', 'egress'] as const) {
    if (spec[direction] === undefined) continue;
    items(spec[direction], `${where} spec.${direction}`, 0, f.maxRules).forEach((r, i) => rule(r, `${where} spec.${direction}[${i}]`, direction, f, egressPeers));
  }
}

/** The kinds, as the `{ validate() }` models the kube.ts support expects. */
function model(kind: string): new (obj: any) => { validate(): void } {
  return class {
    constructor(private readonly obj: any) {}
    public validate(): void {
      check(this.obj.kind === kind, kind, `kind ${this.obj.kind}`);
      validateClusterPolicy(this.obj);
    }
  };
}

export const CLUSTER_POLICY_MODELS = {
  ClusterNetworkPolicy: model('ClusterNetworkPolicy'),
  AdminNetworkPolicy: model('AdminNetworkPolicy'),
  BaselineAdminNetworkPolicy: model('BaselineAdminNetworkPolicy'),
};
