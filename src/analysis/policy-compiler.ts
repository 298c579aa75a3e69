import { CompiledPeer, CompiledRule, PolicyModel } from './cluster-model';
import { CompiledIpBlock, Network, networkContains, readNetwork } from './ip-block';
import { CompiledSelector, compileSelector } from './label-selector';
import { LintFinding, LintSeverity, ObjectReference } from './lint-finding';
import { isPlainObject } from './plain-object';
import { CompiledPort, parseProtocol } from './port-matcher';
import { spoofableLabelFinding, spoofableNamespaceLabels } from './spoofable-labels';
import { cidrProblems } from '../model/cidr';
import { endPortProblems, namedEndPortProblems, portNameProblems, portNumberProblems } from '../model/ports';
import { Problem } from '../model/problem';

/**
 * Compiles one raw NetworkPolicy into the model, once. A policy the API server would reject is left
 * out of the model (it would not exist in the cluster) and reported as an ERROR finding.
 */

/** @internal */
export interface CompileResult {
  readonly policy?: PolicyModel;
  readonly problems: LintFinding[];
}

/** @internal */
export function compilePolicy(raw: any, namespace: string, name: string): CompileResult {
  const object: ObjectReference = { kind: 'NetworkPolicy', namespace, name };
  const problems: LintFinding[] = [];
  const errors: string[] = [];
  const finding = (severity: LintSeverity, code: string, message: string, fix: string) =>
    problems.push({ severity, code, object, message, fix });

  const spec = raw.spec;
  if (!isPlainObject(spec)) {
    errors.push('spec is missing or not an object');
    return reject();
  }

  const podSelector = readPodSelector(spec, errors, finding);

  const { ingress, egress, explicit, rejected } = readPolicyTypes(spec, finding);

  const ingressRules = compileRules(spec.ingress, 'spec.ingress', 'from', errors);
  const egressRules = compileRules(spec.egress, 'spec.egress', 'to', errors);
  if (explicit && !ingress && ingressRules.length > 0) {
    finding(LintSeverity.WARNING, 'NP012', 'spec.ingress has rules but policyTypes does not list Ingress: the rules have no effect',
      'add Ingress to policyTypes, or delete the ingress rules');
  }
  if (explicit && !egress && egressRules.length > 0) {
    finding(LintSeverity.WARNING, 'NP012', 'spec.egress has rules but policyTypes does not list Egress: the rules have no effect',
      'add Egress to policyTypes, or delete the egress rules');
  }
  for (const reading of [...ingressRules, ...egressRules].flatMap((r) => r.peers.flatMap((p) => (p.kind === 'ipBlock' ? p.ipBlock.readings ?? [] : [])))) {
    finding(LintSeverity.WARNING, 'NP011', reading.message, reading.fix);
  }
  if (errors.length > 0 || rejected) {
    return reject();
  }
  return {
    problems,
    policy: {
      name,
      namespace,
      id: `${namespace}/${name}`,
      podSelector,
      ingress,
      egress,
      explicitPolicyTypes: explicit,
      ingressRules: ingress ? ingressRules : [],
      egressRules: egress ? egressRules : [],
      raw,
    },
  };

  function reject(): CompileResult {
    if (errors.length > 0) {
      finding(LintSeverity.ERROR, 'NP011', `the API server would reject this policy: ${errors.join('; ')}`,
        'correct the fields named above (see the NetworkPolicy API reference)');
    }
    const first = problems.find((p) => p.severity === LintSeverity.ERROR)!;
    problems[problems.indexOf(first)] = { ...first, message: `${first.message}; the analysis ignores this policy` };
    for (const key of spoofableNamespaceLabels(readableRules(spec))) problems.push(spoofableLabelFinding(object, key));
    return { problems };
  }
}

/** spec.podSelector; a missing one is `{}` to the API server (every pod of the namespace), with a warning. */
function readPodSelector(spec: any, errors: string[], finding: Finding): CompiledSelector {
  if (spec.podSelector === undefined || spec.podSelector === null) {
    finding(LintSeverity.WARNING, 'NP011', 'spec.podSelector is missing; Kubernetes treats it as {} and the policy selects every pod of the namespace',
      'write `podSelector: {}` to select every pod on purpose, or give matchLabels');
    return CompiledSelector.EVERYTHING;
  }
  const r = compileSelector(spec.podSelector, 'spec.podSelector');
  errors.push(...r.errors);
  return r.selector ?? CompiledSelector.EVERYTHING;
}

type Finding = (severity: LintSeverity, code: string, message: string, fix: string) => void;

/** The effective policyTypes, defaulted exactly like the API server: Ingress, plus Egress when egress rules exist. */
function readPolicyTypes(spec: any, finding: Finding): { ingress: boolean; egress: boolean; explicit: boolean; rejected: boolean } {
  let rejected = false;
  let ingress = false;
  let egress = false;
  const explicit = Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0;
  if (spec.policyTypes !== undefined && spec.policyTypes !== null && !Array.isArray(spec.policyTypes)) {
    finding(LintSeverity.ERROR, 'NP001', `spec.policyTypes must be a list of "Ingress"/"Egress", got ${JSON.stringify(spec.policyTypes)}`,
      'write `policyTypes: [Ingress]`, `[Egress]` or `[Ingress, Egress]`');
    rejected = true;
  } else if (explicit) {
    (spec.policyTypes as unknown[]).forEach((t, i) => {
      if (t === 'Ingress') {
        ingress = true;
      } else if (t === 'Egress') {
        egress = true;
      } else if (isPlainObject(t)) {
        const nested = ['ingress', 'egress'].filter((k) => k in t);
        finding(LintSeverity.ERROR, 'NP001', `spec.policyTypes[${i}] is a map ${JSON.stringify(Object.keys(t))}, not the string "Ingress" or "Egress" ` +
          '(YAML `- Ingress:` with a trailing colon makes a map); the API server rejects the policy',
        'remove the colon: `policyTypes: [Ingress]`');
        if (nested.length > 0) {
          finding(LintSeverity.ERROR, 'NP002', `the ${nested.join(' and ')} rules are nested under spec.policyTypes[${i}] instead of under spec, ` +
            'so they are not rules at all (the guide\'s broken sample shape)',
          `move \`${nested[0]}:\` out of policyTypes to the same indentation as \`policyTypes:\``);
        }
        rejected = true;
      } else {
        finding(LintSeverity.ERROR, 'NP001', `spec.policyTypes[${i}] is ${JSON.stringify(t)}, not "Ingress" or "Egress"; the API server rejects the policy`,
          'use exactly "Ingress" or "Egress" (case matters)');
        rejected = true;
      }
    });
  } else {
    ingress = true;
    egress = Array.isArray(spec.egress) && spec.egress.length > 0;
  }

  return { ingress, egress, explicit, rejected };
}

/**
 * Findings about the rules of a policy left out for another reason (its metadata): the rules as they
 * read, as for a policy the compiler rejects.
 * @internal
 */
export function readableRuleFindings(raw: any, object: ObjectReference): LintFinding[] {
  return [...spoofableNamespaceLabels(readableRules(raw.spec))].map((key) => spoofableLabelFinding(object, key));
}

/**
 * The rules of a rejected policy that can still be read: under spec, and nested under policyTypes
 * entries (the guide's `- Ingress:` shape), where the author meant them to be.
 */
function readableRules(spec: unknown): CompiledRule[] {
  if (!isPlainObject(spec)) return [];
  const ignored: string[] = [];
  const containers = [spec, ...(Array.isArray(spec.policyTypes) ? spec.policyTypes.filter(isPlainObject) : [])];
  return containers.flatMap((c) => [
    ...compileRules(c.ingress, 'ingress', 'from', ignored),
    ...compileRules(c.egress, 'egress', 'to', ignored),
  ]);
}

function compileRules(raw: unknown, field: string, peerField: 'from' | 'to', errors: string[]): CompiledRule[] {
  if (raw === undefined || raw === null) {
    return [];
  }
  if (!Array.isArray(raw)) {
    errors.push(`${field} must be a list of rules`);
    return [];
  }
  const rules: CompiledRule[] = [];
  raw.forEach((rule: unknown, index: number) => {
    const where = `${field}[${index}]`;
    if (rule === null) {
      // `- ` with nothing after it parses as null; the API server reads it as an empty rule.
      rules.push({ index, allPeers: true, peers: [], allPorts: true, ports: [] });
      return;
    }
    if (!isPlainObject(rule)) {
      errors.push(`${where} must be an object`);
      return;
    }
    const peersRaw = rule[peerField];
    const portsRaw = rule.ports;
    const peers: CompiledPeer[] = [];
    if (peersRaw !== undefined && peersRaw !== null) {
      if (!Array.isArray(peersRaw)) {
        errors.push(`${where}.${peerField} must be a list of peers`);
      } else {
        peersRaw.forEach((p: unknown, i: number) => {
          const peer = compilePeer(p, i, `${where}.${peerField}[${i}]`, errors);
          if (peer) peers.push(peer);
        });
      }
    }
    const ports: CompiledPort[] = [];
    if (portsRaw !== undefined && portsRaw !== null) {
      if (!Array.isArray(portsRaw)) {
        errors.push(`${where}.ports must be a list`);
      } else {
        portsRaw.forEach((p: unknown, i: number) => {
          const port = compilePort(p, `${where}.ports[${i}]`, errors);
          if (port) ports.push(port);
        });
      }
    }
    const noPeers = !Array.isArray(peersRaw) || peersRaw.length === 0;
    const noPorts = !Array.isArray(portsRaw) || portsRaw.length === 0;
    rules.push({ index, allPeers: noPeers, peers, allPorts: noPorts, ports });
  });
  return rules;
}

function compilePeer(raw: unknown, index: number, where: string, errors: string[]): CompiledPeer | undefined {
  if (!isPlainObject(raw)) {
    errors.push(`${where} must be an object`);
    return undefined;
  }
  const hasPod = raw.podSelector !== undefined && raw.podSelector !== null;
  const hasNs = raw.namespaceSelector !== undefined && raw.namespaceSelector !== null;
  const hasIp = raw.ipBlock !== undefined && raw.ipBlock !== null;
  if (!hasPod && !hasNs && !hasIp) {
    errors.push(`${where} names no peer: give podSelector, namespaceSelector or ipBlock`);
    return undefined;
  }
  if (hasIp && (hasPod || hasNs)) {
    errors.push(`${where} combines ipBlock with a selector; use two peers`);
    return undefined;
  }
  if (hasIp) {
    const ipBlock = compileIpBlock(raw.ipBlock, `${where}.ipBlock`, errors);
    return ipBlock ? { kind: 'ipBlock', index, ipBlock } : undefined;
  }
  let podSelector: CompiledSelector = CompiledSelector.EVERYTHING;
  let namespaceSelector: CompiledSelector | undefined;
  if (hasPod) {
    const r = compileSelector(raw.podSelector, `${where}.podSelector`);
    errors.push(...r.errors);
    if (!r.selector) return undefined;
    podSelector = r.selector;
  }
  if (hasNs) {
    const r = compileSelector(raw.namespaceSelector, `${where}.namespaceSelector`);
    errors.push(...r.errors);
    if (!r.selector) return undefined;
    namespaceSelector = r.selector;
  }
  return { kind: 'pods', index, podSelector, namespaceSelector };
}

/**
 * Reads an ipBlock as the API server validates it (ValidateIPBlock with IsValidCIDRForLegacyField):
 * ParseCIDRSloppy must accept each CIDR, and each except must be strictly inside the cidr, comparing
 * the prefix lengths as written. Host bits, leading zeros and IPv4-mapped forms are accepted (the API
 * server only warns, unless its StrictIPCIDRValidation gate is on) and reported in `readings`.
 */
function compileIpBlock(raw: unknown, where: string, errors: string[]): CompiledIpBlock | undefined {
  if (!isPlainObject(raw)) {
    errors.push(`${where} must be an object with cidr and except`);
    return undefined;
  }
  const readings: Reading[] = [];
  const cidr = readIpBlockCidr(raw.cidr, `${where}.cidr`, errors, readings);
  if (!cidr) return undefined;
  const except: Network[] = [];
  const rawExcept = raw.except ?? [];
  if (!Array.isArray(rawExcept)) {
    errors.push(`${where}.except must be a list of CIDRs`);
    return undefined;
  }
  rawExcept.forEach((e: unknown, i: number) => {
    const parsed = readIpBlockCidr(e, `${where}.except[${i}]`, errors, readings);
    if (!parsed) return;
    if (!networkContains(cidr, parsed.address) || cidr.writtenPrefix >= parsed.writtenPrefix) {
      errors.push(`${where}.except[${i}] ${parsed.text} is not strictly inside ${cidr.text}`);
    } else {
      except.push(parsed);
    }
  });
  return readings.length > 0 ? { cidr, except, readings } : { cidr, except };
}

type Reading = NonNullable<CompiledIpBlock['readings']>[number];

/** One CIDR of an ipBlock: the network the API server reads, or an error; how it reads an odd form. */
function readIpBlockCidr(value: unknown, where: string, errors: string[], readings: Reading[]): Network | undefined {
  if (value === undefined || value === null || value === '') {
    errors.push(`${where} is required`);
    return undefined;
  }
  const r = readNetwork(value);
  if (r.network && !r.hostBits && r.ambiguities.length === 0) {
    return r.network; // the common case, cached: no problems to compute
  }
  const problems = cidrProblems(value, where);
  const refused = problems.find((p) => !p.accepted);
  if (refused || !r.network) {
    errors.push(`${where} ${JSON.stringify(value)} is not a CIDR such as 10.0.0.0/8 or 2001:db8::/32: ${refused?.message}`);
    return undefined;
  }
  for (const p of problems) {
    readings.push({
      message: `${where} ${JSON.stringify(value)}: ${p.message}` +
        (p.oneAddress ? `; the API server reads it as ${p.suggestion} (and warns that it is ambiguous)` : ''),
      fix: p.oneAddress ? `write ${p.suggestion}, or ${p.oneAddress} for that one address` : `write ${p.suggestion}, which every reader takes the same way`,
    });
  }
  return r.network;
}

/** An engine error for a problem: `spec.ingress[0].ports[0].endPort 70: endPort 70 is below port 80`. */
function engineText(p: Problem, is = ''): string {
  return `${p.field} ${JSON.stringify(p.value)}${is}: ${p.message}`;
}

function compilePort(raw: unknown, where: string, errors: string[]): CompiledPort | undefined {
  if (!isPlainObject(raw)) {
    errors.push(`${where} must be an object with port and protocol`);
    return undefined;
  }
  const protocol = parseProtocol(raw.protocol);
  if (!protocol) {
    errors.push(`${where}.protocol ${JSON.stringify(raw.protocol)} is not TCP, UDP or SCTP`);
    return undefined;
  }
  const { port, endPort } = raw;
  if (port === undefined || port === null) {
    if (endPort !== undefined && endPort !== null) {
      errors.push(`${where}.endPort needs a numeric port`);
      return undefined;
    }
    return { protocol };
  }
  if (typeof port === 'string') {
    const problem = [...portNameProblems(port, `${where}.port`), ...namedEndPortProblems(endPort, `${where}.endPort`)][0];
    if (problem) {
      errors.push(engineText(problem, problem.value === port ? ' is neither a number nor a valid port name' : ''));
      return undefined;
    }
    return { protocol, name: port };
  }
  const [badPort] = portNumberProblems(port, `${where}.port`);
  if (badPort) {
    errors.push(engineText(badPort, ' is not a port number'));
    return undefined;
  }
  if (endPort !== undefined && endPort !== null) {
    const [badEnd] = endPortProblems(endPort, port, `${where}.endPort`);
    if (badEnd) {
      errors.push(engineText(badEnd));
      return undefined;
    }
    return { protocol, port, endPort };
  }
  return { protocol, port };
}
