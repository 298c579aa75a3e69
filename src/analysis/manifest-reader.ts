import { apiVersionVerdict } from './api-versions';
import { ClusterModel, ExcludedObject, NAMESPACE_NAME_LABEL, NamespaceModel, PodModel, PolicyModel } from './cluster-model';
import { ClusterPolicyModel, isClusterPolicyKind } from './cluster-policy-model';
import { readClusterPolicy } from './cluster-policy-reader';
import { compileSelector, Labels } from './label-selector';
import { LintFinding, LintSeverity } from './lint-finding';
import { defaultNamespaceOf, ManifestOptions } from './manifest-options';
import { isPlainObject } from './plain-object';
import { compilePolicy, readableRuleFindings } from './policy-compiler';
import { ContainerPort, parseProtocol } from './port-matcher';
import { readService, ServiceModel } from './service-model';
import { labelKeyProblem, labelValueProblem } from '../model/labels';
import { namespaceNameProblems, objectNameProblems } from '../model/names';
import { isPortNumber, portNumberProblems } from '../model/ports';
import { workloadId } from '../model/workload-id';

/**
 * Reads plain Kubernetes objects (as parsed from YAML/JSON) into the cluster model. Tolerant: a bad
 * object is reported as a finding and skipped (or read as far as it makes sense), never thrown.
 */

/** Workload kinds and where their pod template lives. */
const POD_TEMPLATES: { [kind: string]: (o: any) => any } = {
  Deployment: (o) => o.spec?.template,
  StatefulSet: (o) => o.spec?.template,
  DaemonSet: (o) => o.spec?.template,
  ReplicaSet: (o) => o.spec?.template,
  ReplicationController: (o) => o.spec?.template,
  Job: (o) => o.spec?.template,
  CronJob: (o) => o.spec?.jobTemplate?.spec?.template,
};

/** Workload kinds whose selector is a LabelSelector, and where it lives (a ReplicationController's is a plain map). */
const WORKLOAD_SELECTORS: { [kind: string]: (o: any) => unknown } = {
  Deployment: (o) => o.spec?.selector,
  StatefulSet: (o) => o.spec?.selector,
  DaemonSet: (o) => o.spec?.selector,
  ReplicaSet: (o) => o.spec?.selector,
  Job: (o) => o.spec?.selector,
  CronJob: (o) => o.spec?.jobTemplate?.spec?.selector,
};

/** What the reader has gathered so far, filled object by object. */
interface ReadState {
  /** The namespace of namespaced objects without `metadata.namespace` (`ManifestOptions.defaultNamespace`). */
  readonly defaultNamespace: string;
  readonly problems: LintFinding[];
  readonly declared: Map<string, { labels: Labels }>;
  readonly referenced: Set<string>;
  readonly pods: Map<string, PodModel>;
  readonly policies: Map<string, PolicyModel>;
  readonly services: Map<string, ServiceModel>;
  readonly clusterPolicies: Map<string, ClusterPolicyModel>;
  readonly objects: Map<string, { kind: string; namespace?: string; name: string; raw: any }>;
  readonly excluded: ExcludedObject[];
}

/** One relevant, named object's metadata as the reader understood it. */
interface Envelope {
  readonly kind: string;
  readonly name: string;
  /** Undefined for a Namespace; the default namespace when a namespaced object names none. */
  readonly namespace?: string;
  readonly ref: LintFinding['object'];
  readonly key: string;
  readonly labels: Labels;
  /** Why the API server refuses the object's metadata (never set for a Namespace). */
  readonly metadataRejection?: string;
}

/** @internal */
export function readManifests(manifests: any[], options?: ManifestOptions): ClusterModel {
  if (!Array.isArray(manifests)) {
    throw new Error(`expected a list of Kubernetes objects, got ${manifests === null ? 'null' : typeof manifests}`);
  }
  const state: ReadState = {
    defaultNamespace: defaultNamespaceOf(options),
    problems: [],
    declared: new Map(),
    referenced: new Set(),
    pods: new Map(),
    policies: new Map(),
    services: new Map(),
    clusterPolicies: new Map(),
    objects: new Map(),
    excluded: [],
  };
  manifests.forEach((m, i) => visit(state, m, `manifests[${i}]`));
  return closeModel(state);
}

/** One input: a list is flattened, an object without kind reported, an irrelevant kind skipped. */
function visit(s: ReadState, o: any, where: string): void {
  if (!isPlainObject(o)) {
    if (o !== null && o !== undefined) {
      s.problems.push({
        severity: LintSeverity.ERROR,
        code: 'NP011',
        object: { kind: 'unknown' },
        message: `${where} is not a Kubernetes object: ${JSON.stringify(o)?.slice(0, 80)}`,
        fix: 'remove it or write a full object with apiVersion, kind and metadata',
      });
    }
    return;
  }
  const kind = o.kind;
  if (kind === 'List' || (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(o.items))) {
    (Array.isArray(o.items) ? o.items : []).forEach((item: any, i: number) => visit(s, typedListItem(o, item), `${where}.items[${i}]`));
    return;
  }
  if (typeof kind !== 'string') {
    s.problems.push({
      severity: LintSeverity.WARNING,
      code: 'NP011',
      object: { kind: 'unknown', name: o.metadata?.name },
      message: `${where} has no kind and is ignored`,
      fix: 'add apiVersion and kind',
    });
    return;
  }
  const relevant = kind === 'Namespace' || kind === 'Pod' || kind === 'NetworkPolicy' || kind === 'Service' || kind in POD_TEMPLATES ||
    isClusterPolicyKind(kind);
  if (!relevant) return;
  const envelope = readEnvelope(s, o, kind, where);
  if (envelope) register(s, o, envelope);
}

/**
 * An object's name, namespace, apiVersion and labels, checked and reported; the object is recorded
 * (the later of two with one key replaces the earlier). Undefined when it has no name or its
 * apiVersion is not read.
 */
function readEnvelope(s: ReadState, o: any, kind: string, where: string): Envelope | undefined {
  const meta = isPlainObject(o.metadata) ? o.metadata : {};
  const name = meta.name;
  const rawNs = meta.namespace;
  const namespace = kind !== 'Namespace' && !isClusterPolicyKind(kind) ? (typeof rawNs === 'string' && rawNs !== '' ? rawNs : s.defaultNamespace) : undefined;
  if (typeof name !== 'string' || name === '') {
    s.problems.push({
      severity: LintSeverity.ERROR,
      code: 'NP011',
      object: { kind, namespace },
      message: `${where} (${kind}) has no metadata.name and is ignored`,
      fix: 'give the object a name',
    });
    return undefined;
  }
  const ref = { kind, namespace, name };
  const verdict = apiVersionVerdict(kind, o.apiVersion, ref);
  if (verdict.finding) s.problems.push(verdict.finding);
  if (!verdict.read) return undefined;
  const nameErrors = checkNames(kind, meta.namespace, name, ref, s.problems);
  const key = `${kind}/${namespace ?? ''}/${name}`;
  recordObject(s, key, ref, o);
  const beforeLabels = s.problems.length;
  const labels = readLabels(meta.labels, ref, 'metadata.labels', s.problems, kind !== 'Namespace');
  // The API server refuses a Pod, workload or NetworkPolicy with such metadata: it cannot exist, so
  // the analysis leaves it out (as it does a policy with an invalid selector), keeping the findings.
  const metadataRejection = kind === 'Namespace' ? undefined : (nameErrors[0] ?? firstErrorFrom(s.problems, beforeLabels));
  return { kind, name, namespace, ref, key, labels, metadataRejection };
}

/** The message of the first ERROR finding from index `start` on (no copy of the list: it runs for every object). */
function firstErrorFrom(problems: readonly LintFinding[], start: number): string | undefined {
  for (let i = start; i < problems.length; i++) {
    if (problems[i].severity === LintSeverity.ERROR) return problems[i].message;
  }
  return undefined;
}

/** Records the object under its key; a second one with the same key is reported and replaces the first. */
function recordObject(s: ReadState, key: string, ref: { kind: string; namespace?: string; name: string }, o: any): void {
  const { kind, namespace, name } = ref;
  if (s.objects.has(key)) {
    s.problems.push({
      severity: LintSeverity.ERROR,
      code: 'NP003',
      object: ref,
      message: `${kind} ${namespace ? namespace + '/' : ''}${name} appears more than once; the later one replaces the earlier (the analysis reads the last)`,
      fix: 'give each object its own name',
    });
  }
  s.objects.set(key, { kind, namespace, name, raw: o });
}

/** Files the object as a declared namespace, a left-out object, a policy or a workload. */
function register(s: ReadState, o: any, e: Envelope): void {
  if (e.kind === 'Namespace') {
    s.declared.set(e.name, { labels: e.labels });
    return;
  }
  if (isClusterPolicyKind(e.kind)) {
    registerClusterPolicy(s, o, e);
    return;
  }
  if (e.metadataRejection !== undefined) {
    exclude(s, o, e, e.metadataRejection);
    return;
  }
  s.referenced.add(e.namespace!);
  if (e.kind === 'NetworkPolicy') {
    const result = compilePolicy(o, e.namespace!, e.name);
    s.problems.push(...result.problems);
    s.policies.delete(e.key);
    if (result.policy) s.policies.set(e.key, result.policy);
    return;
  }
  if (e.kind === 'Service') {
    s.services.set(e.key, readService(o, e.namespace!, e.name, s.problems));
    return;
  }
  registerWorkload(s, o, e);
}

/** A cluster-scoped policy: read unless its metadata is refused (then left out, like a NetworkPolicy). */
function registerClusterPolicy(s: ReadState, o: any, e: Envelope): void {
  const result = readClusterPolicy(o, e.kind, e.name, o.apiVersion);
  s.problems.push(...result.problems);
  s.clusterPolicies.delete(e.key);
  if (e.metadataRejection === undefined && result.policy) s.clusterPolicies.set(e.key, result.policy);
}

/**
 * An object the API server refuses is left out (and an earlier one with its key dropped); a policy's
 * rules are still compiled, so their findings are reported too.
 */
function exclude(s: ReadState, o: any, e: Envelope, reason: string): void {
  s.excluded.push({ kind: e.kind, namespace: e.namespace!, name: e.name, reason });
  if (e.kind === 'NetworkPolicy') {
    const result = compilePolicy(o, e.namespace!, e.name);
    s.problems.push(...result.problems);
    if (result.policy) s.problems.push(...readableRuleFindings(o, e.ref));
    s.policies.delete(e.key);
  } else {
    s.pods.delete(e.key);
    s.services.delete(e.key);
  }
}

/** A Pod or workload: its pod template's labels, selector check, hostNetwork and container ports. */
function registerWorkload(s: ReadState, o: any, e: Envelope): void {
  const { kind, name, namespace, ref } = e;
  const template = kind === 'Pod' ? o : POD_TEMPLATES[kind](o);
  if (!isPlainObject(template)) {
    s.problems.push({
      severity: LintSeverity.WARNING,
      code: 'NP011',
      object: ref,
      message: `${kind} ${namespace}/${name} has no pod template; its pods are unknown and it is ignored`,
      fix: 'give it spec.template',
    });
    return;
  }
  const podLabels = kind === 'Pod' ? e.labels
    : readLabels(template.metadata?.labels, ref, 'the pod template labels', s.problems);
  if (kind !== 'Pod') checkWorkloadSelector(kind, o, podLabels, ref, s.problems);
  const spec = isPlainObject(template.spec) ? template.spec : {};
  const hostNetwork = spec.hostNetwork === true;
  if (hostNetwork) {
    s.problems.push({
      severity: LintSeverity.INFO,
      code: 'NP013',
      object: ref,
      message: 'uses hostNetwork: NetworkPolicies do not apply to it and pod selectors never match it (it speaks with the node\'s address)',
      fix: 'none needed; protect it with node-level firewalls, or drop hostNetwork if it is not required',
    });
  }
  s.pods.set(e.key, {
    kind,
    name,
    namespace: namespace!,
    id: workloadId({ namespace: namespace!, kind, name }, false),
    labels: podLabels,
    containerPorts: readContainerPorts(spec, ref, s.problems),
    hostNetwork,
  });
}

/** The closing pass: declared namespaces, then those only referenced; pod ids made unique. */
function closeModel(s: ReadState): ClusterModel {
  const namespaces = new Map<string, NamespaceModel>();
  for (const [name, d] of s.declared) {
    namespaces.set(name, { name, labels: { ...d.labels, [NAMESPACE_NAME_LABEL]: name }, declared: true });
  }
  for (const name of s.referenced) {
    if (!namespaces.has(name)) {
      namespaces.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name }, declared: false });
    }
  }
  const podList = [...s.pods.values()];
  disambiguateIds(podList);
  const { policies, services, objects, excluded, problems } = s;
  const clusterPolicies = [...s.clusterPolicies.values()];
  return {
    defaultNamespace: s.defaultNamespace,
    namespaces,
    pods: podList,
    policies: [...policies.values()],
    services: [...services.values()],
    clusterPolicies,
    objects: [...objects.values()],
    excluded,
    problems,
  };
}

/**
 * An item of a typed list (`PodList`, as `GET /api/v1/pods` returns it) carries neither kind nor
 * apiVersion: like apimachinery's decodeToList, it gets the list's kind without `List` and the list's
 * apiVersion. An item of a plain `kind: List` gets nothing: kubectl requires its kind.
 * @internal
 */
export function typedListItem(list: any, item: unknown): unknown {
  const itemKind = list.kind.slice(0, -'List'.length);
  const unset = (v: unknown) => typeof v !== 'string' || v === '';
  if (itemKind === '' || !isPlainObject(item) || !unset(item.kind) || !unset(item.apiVersion)) return item;
  return { ...item, kind: itemKind, apiVersion: list.apiVersion };
}

/**
 * Names the API server rejects (the guide's `N1`/`N2`): reported; returns the messages. A Namespace is
 * then read as written, as the author meant it; any other object is left out (it cannot exist).
 */
function checkNames(kind: string, rawNamespace: unknown, name: string, object: LintFinding['object'], problems: LintFinding[]): string[] {
  const badName = (kind === 'Namespace' ? namespaceNameProblems(name, 'metadata.name') : objectNameProblems(name, 'metadata.name'))[0];
  const badNamespace = kind !== 'Namespace' && typeof rawNamespace === 'string' && rawNamespace !== ''
    ? namespaceNameProblems(rawNamespace, 'metadata.namespace')[0] : undefined;
  const messages: string[] = [];
  if (badName === undefined && badNamespace === undefined) return messages; // nearly every object: nothing to word
  const reading = kind === 'Namespace' ? 'the analysis reads it as written' : 'the analysis leaves it out';
  const reject = (message: string, fix: string) => {
    messages.push(message);
    problems.push({ severity: LintSeverity.ERROR, code: 'NP011', object, message, fix });
  };
  if (badName) {
    reject(`metadata.name ${JSON.stringify(name)} is not a valid ${kind} name: ${badName.message}; ` +
      `the API server rejects the object (${reading})`, `rename the ${kind}${lowerCaseHint(name)}`);
  }
  if (badNamespace) {
    reject(`metadata.namespace ${JSON.stringify(rawNamespace)} is not a valid namespace name, so no such namespace can exist: ` +
      `${badNamespace.message}; the API server rejects the object (${reading})`,
    `use a valid namespace name${lowerCaseHint(rawNamespace as string)}`);
  }
  return messages;
}

/** `, e.g. n2` for `N2`: upper case is the usual mistake. */
function lowerCaseHint(name: string): string {
  return /[A-Z]/.test(name) ? `, e.g. ${name.toLowerCase()}` : '';
}

/**
 * A workload selector the API server refuses: invalid (the same rules as a policy's selectors) or not
 * matching the pod template labels. Only a selector that is present is checked (the API server also
 * requires one for apps/v1, but hand-written inputs often leave it out). Reported, then the pods are read
 * as written, as the author meant them.
 */
function checkWorkloadSelector(kind: string, o: any, podLabels: Labels, object: LintFinding['object'], problems: LintFinding[]): void {
  const raw = WORKLOAD_SELECTORS[kind]?.(o);
  if (raw === undefined || raw === null) return;
  const field = kind === 'CronJob' ? 'spec.jobTemplate.spec.selector' : 'spec.selector';
  const { selector, errors } = compileSelector(raw, field);
  if (selector && !selector.matches(podLabels)) {
    errors.push(`${field} ${selector.describe()} does not match the pod template labels ${JSON.stringify(podLabels)}`);
  }
  if (errors.length === 0) return;
  problems.push({
    severity: LintSeverity.ERROR,
    code: 'NP011',
    object,
    message: `the API server rejects this ${kind}: ${errors.join('; ')} (the analysis reads its pods as written)`,
    fix: 'use valid label keys and values, and a selector the pod template labels satisfy',
  });
}

/** Two kinds with one name in one namespace (a Pod and a Deployment `web`) get the kind in their id. */
function disambiguateIds(pods: PodModel[]): void {
  const count = new Map<string, number>();
  for (const p of pods) count.set(p.id, (count.get(p.id) ?? 0) + 1);
  for (const p of pods) {
    if (count.get(p.id)! > 1) p.id = workloadId(p, true);
  }
}

function readLabels(raw: unknown, object: LintFinding['object'], field: string, problems: LintFinding[], leftOut = false): Labels {
  const reading = leftOut ? 'the analysis leaves it out' : 'the analysis reads it as written';
  if (raw === undefined || raw === null) {
    return {};
  }
  if (!isPlainObject(raw)) {
    problems.push({
      severity: LintSeverity.ERROR,
      code: 'NP011',
      object,
      message: `${field} is not a map of labels and is ignored`,
      fix: 'write labels as `key: value` pairs',
    });
    return {};
  }
  const labels: { [key: string]: string } = {};
  // Object.keys, not Object.entries: no pair array per label (every label of every object is read).
  for (const k of Object.keys(raw)) {
    const v = raw[k];
    const keyProblem = labelKeyProblem(k);
    if (keyProblem) rejectedLabel(`${field}[${JSON.stringify(k)}]: ${keyProblem}`, reading, object, problems);
    if (typeof v === 'string') {
      labels[k] = v;
      const valueProblem = labelValueProblem(v);
      if (valueProblem) rejectedLabel(`${field}[${JSON.stringify(k)}] ${JSON.stringify(v)}: ${valueProblem}`, reading, object, problems);
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      // YAML `enabled: true` is a boolean; the API server rejects it. Read it as the string the author meant.
      labels[k] = String(v);
      problems.push({
        severity: LintSeverity.ERROR,
        code: 'NP011',
        object,
        message: `${field}[${JSON.stringify(k)}] is the ${typeof v} ${v}, not a string; the API server rejects it`,
        fix: `quote the value: ${k}: "${v}"`,
      });
    } else {
      problems.push({
        severity: LintSeverity.ERROR,
        code: 'NP011',
        object,
        message: `${field}[${JSON.stringify(k)}] is not a string and is ignored`,
        fix: 'label values are strings',
      });
    }
  }
  return labels;
}

/** A label the API server refuses: reported; `reading` says what the analysis makes of the object. */
function rejectedLabel(message: string, reading: string, object: LintFinding['object'], problems: LintFinding[]): void {
  problems.push({
    severity: LintSeverity.ERROR,
    code: 'NP011',
    object,
    message: `${message}; the API server rejects the object (${reading})`,
    fix: 'label keys are an optional DNS subdomain prefix and "/" then a name; keys and values use letters, digits, "-", "_" and "." (at most 63 characters)',
  });
}

function readContainerPorts(spec: any, object: LintFinding['object'], problems: LintFinding[]): ContainerPort[] {
  const ports: ContainerPort[] = [];
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  for (const c of containers) {
    if (!isPlainObject(c) || !Array.isArray(c.ports)) continue;
    for (const p of c.ports) {
      if (!isPlainObject(p)) continue;
      const protocol = parseProtocol(p.protocol);
      if (!isPortNumber(p.containerPort) || !protocol) {
        const [badPort] = portNumberProblems(p.containerPort, 'containerPort');
        problems.push({
          severity: LintSeverity.WARNING,
          code: 'NP011',
          object,
          message: `container ${JSON.stringify(c.name)} has an invalid port ${JSON.stringify(p)}; it is ignored for named ports`,
          fix: badPort ? `containerPort: ${badPort.message}` : 'give protocol TCP, UDP or SCTP',
        });
        continue;
      }
      ports.push({ name: typeof p.name === 'string' ? p.name : undefined, port: p.containerPort, protocol });
    }
  }
  return ports;
}
