import { App, Chart } from 'cdk8s';
import { chartObjects } from './chart-objects';
import { ClusterModel, ExcludedObject, PodLike, PodModel } from './cluster-model';
import { ConnectionEvaluator, labelsText, ResolvedEndpoint } from './connection-evaluator';
import { ConnectionSet } from './connection-set';
import { ConnectionTable } from './connection-table';
import { ConnectionPair, ConnectionsOptions, EndpointTable, listConnections } from './connections';
import { ConnectivityDiff } from './connectivity-diff';
import { compareSides, DiffSide } from './diff';
import { ConnectOptions, Endpoint } from './endpoint';
import { DirectionVerdict, Explanation } from './explanation';
import { Address, parseAddress } from './ip-block';
import { LintFinding, formatFinding } from './lint-finding';
import { KUBECTL_DEFAULT_NAMESPACE, ManifestOptions } from './manifest-options';
import { readManifests } from './manifest-reader';
import { buildMatrix } from './matrix-builder';
import { ContainerPort, parseProtocol } from './port-matcher';
import { INTERNET_ID, MatrixOptions, ReachabilityMatrix } from './reachability-matrix';
import { pairConnections, PairConnections } from './rule-connections';
import { explainThroughService, podDestinationNote, resolveServiceRoute } from './service-endpoint';
import { ServiceInfo, serviceInfos } from './service-info';
import { TierConnections } from './tier-connections';
import { TierEvaluator, TierOrder } from './tier-evaluator';
import { Direction } from '../model/direction';
import { formatAddress } from '../model/ip-address';
import { portNumberProblems, PROTOCOL_RULE } from '../model/ports';
import { Protocol } from '../model/protocol';
import { idNamesKind } from '../model/workload-id';

/**
 * A Pod or workload of the manifests.
 */
export interface WorkloadInfo {
  /** Its id in matrices and explanations: `namespace/name`, or `namespace/Kind/name` when two kinds share a name (what the CLI accepts in --from/--to). */
  readonly id: string;
  /** `Pod`, `Deployment`, `StatefulSet`, `DaemonSet`, `ReplicaSet`, `ReplicationController`, `Job` or `CronJob`. */
  readonly kind: string;
  /** The namespace. */
  readonly namespace: string;
  /** The name. */
  readonly name: string;
  /** The labels of its pods. */
  readonly labels: { [key: string]: string };
}

/** The default internet address of matrices: TEST-NET-3, outside every private range. */
const DEFAULT_INTERNET = '203.0.113.10';

/**
 * Answers "can A reach B on port P?" for plain Kubernetes manifests, with NetworkPolicy semantics
 * (`networking.k8s.io/v1`) evaluated exactly: per-direction isolation, AND of the source's egress and
 * the destination's ingress, selectors, ipBlocks, ports, endPort ranges and named ports.
 *
 * Decisions where Kubernetes leaves room: a Pod always reaches itself (loopback cannot be blocked);
 * two replicas of one workload are different pods, so a workload to itself is evaluated like any pair;
 * hostNetwork pods are outside NetworkPolicy (never isolated, never matched by selectors or ipBlocks);
 * ipBlocks match only addresses outside the cluster, never pods.
 */
export class Reachability {
  /**
   * Reads plain Kubernetes objects as parsed from YAML or JSON (`kind: List` and typed lists such as
   * `PodList` are unwrapped). Namespace, Pod, workloads with a pod template and `networking.k8s.io/v1`
   * NetworkPolicy are read, and the cluster-scoped `policy.networking.k8s.io` ClusterNetworkPolicy
   * (v1alpha2) and AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1), evaluated by tier (Admin,
   * then NetworkPolicy, then Baseline); other kinds and other APIs' `NetworkPolicy` kinds are ignored.
   * Malformed objects are skipped or read as far as possible and reported in `warnings`.
   * @param options how to read them (the namespace of objects without `metadata.namespace`)
   */
  public static fromManifests(manifests: any[], options?: ManifestOptions): Reachability {
    return new Reachability(readManifests(manifests, options));
  }

  /**
   * Reads the objects a cdk8s chart synthesizes; those a baseline with `omitNamespace` writes without
   * metadata.namespace are read in its namespace.
   */
  public static fromChart(chart: Chart, options?: ManifestOptions): Reachability {
    return Reachability.fromManifests(chartObjects(chart), options);
  }

  /** Reads the objects of every chart of a cdk8s app (as `fromChart` reads each). */
  public static fromApp(app: App, options?: ManifestOptions): Reachability {
    return Reachability.fromManifests(app.charts.flatMap(chartObjects), options);
  }

  /**
   * What changes between two states of the manifests: the pairs of endpoints (present on both sides)
   * whose connections differ, each with the connections gained and lost and the rules behind each
   * side, and the workloads and namespaces present on one side only. Policies are compared by what
   * they allow: a change that only renames a policy is an empty diff.
   * @param options the endpoints compared (the same on both sides)
   */
  public static diff(before: Reachability, after: Reachability, options?: ConnectionsOptions): ConnectivityDiff {
    return ConnectivityDiff._create(compareSides(before._diffSide(options), after._diffSide(options)));
  }

  private readonly model: ClusterModel;
  private readonly evaluator: ConnectionEvaluator;
  private serviceCache?: { list: ServiceInfo[]; byWorkload: Map<string, ServiceInfo[]> };
  private readonly tiers: TierEvaluator;
  private readonly tierConnections: TierConnections;

  private constructor(model: ClusterModel) {
    this.model = model;
    this.evaluator = new ConnectionEvaluator(model);
    const order = new TierOrder(model);
    this.tiers = new TierEvaluator(model, order);
    this.tierConnections = new TierConnections(model, order);
  }

  /** The problems found while reading the manifests, in words (one line each). */
  public get warnings(): string[] {
    return this.model.problems.map(formatFinding);
  }

  /** The problems found while reading the manifests, as findings with a code and a fix. */
  public get problems(): LintFinding[] {
    return [...this.model.problems];
  }

  /** The namespaces: declared ones and those only referenced by objects. */
  public get namespaces(): string[] {
    return [...this.model.namespaces.keys()].sort();
  }

  /** The Pods and workloads, in input order (the order of matrix rows). */
  public get workloads(): WorkloadInfo[] {
    return this.model.pods.map((p) => ({ id: p.id, kind: p.kind, namespace: p.namespace, name: p.name, labels: { ...p.labels } }));
  }

  /** The `v1` Services, in input order, with the workloads each selects. */
  public get services(): ServiceInfo[] {
    return [...this.serviceIndex().list];
  }

  /**
   * The Services that select a Pod or workload, to name it by Service (`boutique/emailservice`).
   * @param workloadId its `WorkloadInfo.id`
   */
  public servicesSelecting(workloadId: string): ServiceInfo[] {
    return [...(this.serviceIndex().byWorkload.get(workloadId) ?? [])];
  }

  /** Built once (the model never changes): graph asks for every workload's Services. */
  private serviceIndex(): { list: ServiceInfo[]; byWorkload: Map<string, ServiceInfo[]> } {
    if (this.serviceCache === undefined) {
      const list = serviceInfos(this.model).map((s) => Object.freeze(s));
      const byWorkload = new Map<string, ServiceInfo[]>();
      for (const s of list) for (const id of s.workloads) byWorkload.set(id, [...(byWorkload.get(id) ?? []), s]);
      this.serviceCache = { list, byWorkload };
    }
    return this.serviceCache;
  }

  /** The NetworkPolicies in effect (`namespace/name`); rejected ones are left out and reported. */
  public get policies(): string[] {
    return this.model.policies.map((p) => p.id);
  }

  /**
   * The cluster-scoped policies in effect (`ClusterNetworkPolicy/name`, `AdminNetworkPolicy/name`,
   * `BaselineAdminNetworkPolicy/default`); rejected ones are left out and reported.
   */
  public get clusterPolicies(): string[] {
    return (this.model.clusterPolicies ?? []).map((p) => p.id);
  }

  /**
   * The Pods and workloads left out because the API server would reject them for their metadata, and why.
   * @internal
   */
  public get _leftOut(): ExcludedObject[] {
    return this.model.excluded.filter((o) => o.kind !== 'NetworkPolicy' && o.kind !== 'Service');
  }

  /**
   * Whether `from` can open a connection to `to`.
   * @param options the port (default 80) and protocol (default TCP)
   */
  public canConnect(from: Endpoint, to: Endpoint, options?: ConnectOptions): boolean {
    return this.explain(from, to, options).allowed;
  }

  /**
   * Whether `from` can open a connection to `to`, and why: the policies that isolate each side and
   * the rule that admitted the connection, or why none did.
   * @param options the port (default 80) and protocol (default TCP)
   */
  public explain(from: Endpoint, to: Endpoint, options?: ConnectOptions): Explanation {
    if (to !== null && typeof to === 'object' && to.service !== undefined) {
      const route = resolveServiceRoute(this.model, to, options);
      return explainThroughService(route, (pod, port, protocol) => this.explain(from, this.endpointOf(pod), { port, protocol }));
    }
    const port = options?.port ?? 80;
    const [badPort] = portNumberProblems(port, 'port');
    if (badPort) {
      throw new Error(`invalid port ${JSON.stringify(port)}: ${badPort.message}`);
    }
    const protocol = protocolOf(options?.protocol);
    const { source, destination } = this.resolvePair(from, to);
    if (source.podId !== undefined && source.podId === destination.podId && source.podKind === 'Pod') {
      const self = { applies: false, isolated: false, allowed: true, policies: [], reason: 'a pod can always reach itself (loopback traffic cannot be blocked by NetworkPolicy)' };
      return Explanation._create({
        from: source.text,
        to: destination.text,
        port,
        protocol,
        egress: { direction: Direction.EGRESS, ...self },
        ingress: { direction: Direction.INGRESS, ...self },
      });
    }
    const destinationPorts = destination.pod?.containerPorts;
    // A pod of the model resolves to its PodModel (resolve() hands it over as the PodLike).
    const modelPod = destination.podId !== undefined ? destination.pod as PodModel : undefined;
    return Explanation._create({
      from: source.text,
      to: destination.text,
      port,
      protocol,
      note: modelPod && podDestinationNote(this.model, modelPod, port, protocol),
      egress: this.decide(Direction.EGRESS, source, destination, port, protocol, destinationPorts),
      ingress: this.decide(Direction.INGRESS, destination, source, port, protocol, destinationPorts),
    });
  }

  /** One direction: the cluster-scoped tiers around the NetworkPolicy verdict (tier-evaluator.ts). */
  private decide(direction: Direction, subject: ResolvedEndpoint, other: ResolvedEndpoint, port: number, protocol: Protocol,
    destinationPorts: readonly ContainerPort[] | undefined): DirectionVerdict {
    return this.tiers.evaluate({ direction, subject, other, port, protocol, destinationPorts },
      () => this.evaluator.evaluate(direction, subject, other, port, protocol, destinationPorts));
  }

  /**
   * The whole matrix: every Pod and workload of the manifests (and `internet`) to every other, on each
   * port. Computed on groups of identical pods, so it stays fast for thousands of pods.
   */
  public matrix(options?: MatrixOptions): ReachabilityMatrix {
    const ports = options?.ports ?? [80];
    const [badPort] = Array.isArray(ports) ? ports.flatMap((p, i) => portNumberProblems(p, `MatrixOptions.ports[${i}]`)) : [];
    if (!Array.isArray(ports) || ports.length === 0 || badPort) {
      throw new Error(`invalid MatrixOptions.ports ${JSON.stringify(ports)}: ${badPort ? `${badPort.field} is ${JSON.stringify(badPort.value)}: ${badPort.message}` : 'give one or more ports'}`);
    }
    const protocol = protocolOf(options?.protocol);
    const { pods, internet, refs, ids } = this.endpointsOf(options, 'MatrixOptions');
    const cells = buildMatrix(this.model, pods, internet, ports, protocol);
    return ReachabilityMatrix._create(refs, ids, [...ports], protocol, cells);
  }

  /**
   * The connections `from` may open to `to`: protocol by protocol, every destination port the policies
   * allow (named ports resolved against the destination's container ports), as `TCP 80,8080-8090;UDP 53`,
   * `All Connections` or `No Connections`.
   */
  public connections(from: Endpoint, to: Endpoint): ConnectionSet {
    const { source, destination } = this.resolvePair(from, to);
    return this.pairOf(source, destination).connections;
  }

  /**
   * Every ordered pair of endpoints (Pods and workloads of the manifests, and `internet`) with a
   * non-empty connection set, rows in input order. A Pod to itself (loopback, never blocked) is left out;
   * a workload to itself stands for two replicas and is listed when allowed. Computed on groups of
   * identical pods, like `matrix`, through the cluster-scoped tiers like `connections`.
   */
  public allConnections(options?: ConnectionsOptions): ConnectionPair[] {
    return listConnections(this._connectionTable(options));
  }

  /**
   * The connection table of the endpoints `options` select, for the diff and the CLI.
   * @internal
   */
  public _connectionTable(options?: ConnectionsOptions): EndpointTable {
    const { pods, internet, refs, ids } = this.endpointsOf(options, 'ConnectionsOptions');
    return { ids, refs, table: ConnectionTable.build(this.model, pods, internet) };
  }

  /**
   * This side of a diff.
   * @internal
   */
  public _diffSide(options?: ConnectionsOptions): DiffSide {
    const { pods, internet, refs, ids } = this.endpointsOf(options, 'ConnectionsOptions');
    const table = { ids, refs, table: ConnectionTable.build(this.model, pods, internet) };
    const namespaces = new Map(this.model.pods.map((p) => [p.id, p.namespace]));
    // The rows resolved once: resolving an id by name would scan every pod for each changed pair.
    const resolved: ResolvedEndpoint[] = pods.map((p) => ({ text: p.id, pod: p, podId: p.id, podKind: p.kind }));
    if (internet) resolved.push({ text: refs[refs.length - 1].ip!, ip: internet, ipText: formatAddress(internet) });
    return {
      table,
      namespaces: this.namespaces,
      namespaceOf: (id) => namespaces.get(id),
      explain: (i, j) => this.pairOf(resolved[i], resolved[j]),
    };
  }

  /**
   * The connections of one pair with the rules behind them, on each side.
   * @internal
   */
  public _pairConnections(from: Endpoint, to: Endpoint): PairConnections {
    const { source, destination } = this.resolvePair(from, to);
    return this.pairOf(source, destination);
  }

  /** One pair's connections: the NetworkPolicies', through the cluster-scoped tiers (tier-connections.ts). */
  private pairOf(source: ResolvedEndpoint, destination: ResolvedEndpoint): PairConnections {
    return this.tierConnections.pair(pairConnections(this.evaluator, source, destination), source, destination);
  }

  private resolvePair(from: Endpoint, to: Endpoint): { source: ResolvedEndpoint; destination: ResolvedEndpoint } {
    const source = this.resolve(from, 'from');
    const destination = this.resolve(to, 'to');
    if (!source.pod && !destination.pod) {
      throw new Error(`both endpoints (${source.text} and ${destination.text}) are outside the cluster; NetworkPolicies only govern traffic of pods`);
    }
    return { source, destination };
  }

  /** The endpoints of a matrix or table: the pods of the namespaces asked for, then the internet address. */
  private endpointsOf(options: ConnectionsOptions | undefined, what: string):
  { pods: readonly PodModel[]; internet?: Address; refs: Endpoint[]; ids: string[] } {
    const includeInternet = options?.includeInternet ?? true;
    const internetText = options?.internetAddress ?? DEFAULT_INTERNET;
    const parsed = includeInternet ? parseAddress(internetText) : undefined;
    if (parsed && !parsed.address) {
      throw new Error(`invalid ${what}.internetAddress ${JSON.stringify(internetText)}: ${parsed.problem}; give an IPv4 or IPv6 address`);
    }
    const internet = parsed?.address;
    const pods = this.podsOf(options?.namespaces, what);
    const refs: Endpoint[] = pods.map((p) => this.endpointOf(p));
    const ids = pods.map((p) => p.id);
    if (internet) {
      refs.push({ ip: internetText });
      ids.push(INTERNET_ID);
    }
    return { pods, internet, refs, ids };
  }

  /** The pods of some namespaces (MatrixOptions.namespaces), or every pod. */
  private podsOf(namespaces: string[] | undefined, what: string): readonly PodModel[] {
    if (namespaces === undefined) {
      return this.model.pods;
    }
    if (!Array.isArray(namespaces) || !namespaces.every((n) => typeof n === 'string')) {
      throw new Error(`invalid ${what}.namespaces ${JSON.stringify(namespaces)}: give a list of namespace names`);
    }
    const unknown = namespaces.find((n) => !this.model.namespaces.has(n));
    if (unknown !== undefined) {
      const known = this.namespaces;
      throw new Error(`unknown namespace ${JSON.stringify(unknown)} in ${what}.namespaces: the manifests have ` +
        `${known.slice(0, 20).join(', ')}${known.length > 20 ? ', ...' : ''}`);
    }
    const shown = new Set(namespaces);
    return this.model.pods.filter((p) => shown.has(p.namespace));
  }

  private endpointOf(p: PodModel): Endpoint {
    return idNamesKind(p.id) ? { namespace: p.namespace, pod: p.name, kind: p.kind } : { namespace: p.namespace, pod: p.name };
  }

  /** A pod the analysis left out (its metadata is rejected) gets the reason, not "unknown pod". */
  private refuseLeftOut(e: Endpoint, namespace: string, side: string): void {
    const named = (o: { namespace: string; name: string; kind: string }) =>
      o.namespace === namespace && o.name === e.pod && (e.kind === undefined || o.kind === e.kind);
    if (e.pod === undefined || this.model.pods.some(named)) return;
    const left = this._leftOut.find(named);
    if (left) {
      throw new Error(`${left.kind} ${JSON.stringify(e.pod)} in namespace ${namespace} (${side} endpoint) is not in the analysis: ` +
        `the API server rejects it (${left.reason})`);
    }
  }

  private resolve(e: Endpoint, side: string): ResolvedEndpoint {
    if (e === null || typeof e !== 'object') {
      throw new Error(`invalid ${side} endpoint ${JSON.stringify(e)}: give { namespace, pod }, { namespace, labels } or { ip }`);
    }
    if (e.service !== undefined || e.port !== undefined) {
      throw new Error(`invalid ${side} endpoint ${JSON.stringify(e)}: ` + (side === 'from' && e.service !== undefined
        ? 'a Service receives connections and opens none; name one of its pods as the source'
        : 'port belongs to a Service endpoint { namespace, service, port }; give the port of a pod in the options'));
    }
    const given = ['pod', 'labels', 'ip'].filter((k) => (e as any)[k] !== undefined);
    if (given.length !== 1) {
      throw new Error(`invalid ${side} endpoint ${JSON.stringify(e)}: give exactly one of pod, labels and ip ` +
        '({ namespace, pod } for a pod of the manifests, { namespace, labels } for a hypothetical pod, { ip } for an address outside the cluster)');
    }
    if (e.ip !== undefined) {
      if (e.namespace !== undefined) {
        throw new Error(`invalid ${side} endpoint ${JSON.stringify(e)}: an address outside the cluster has no namespace`);
      }
      const { address: ip, problem } = parseAddress(e.ip);
      if (!ip) {
        throw new Error(`invalid ${side} endpoint ip ${JSON.stringify(e.ip)}: ${problem}; give an IPv4 or IPv6 address such as 203.0.113.10`);
      }
      return { text: e.ip, ip, ipText: formatAddress(ip) };
    }
    const namespace = e.namespace ?? this.model.defaultNamespace ?? KUBECTL_DEFAULT_NAMESPACE;
    this.refuseLeftOut(e, namespace, side);
    if (!this.model.namespaces.has(namespace)) {
      const known = this.namespaces;
      throw new Error(`unknown namespace ${JSON.stringify(namespace)} in ${side} endpoint: the manifests have ` +
        (known.length === 0 ? 'no namespaces' : `${known.slice(0, 20).join(', ')}${known.length > 20 ? ', ...' : ''}`));
    }
    if (e.labels !== undefined) {
      if (e.labels === null || typeof e.labels !== 'object' || Object.values(e.labels).some((v) => typeof v !== 'string')) {
        throw new Error(`invalid labels ${JSON.stringify(e.labels)} in ${side} endpoint: give a map of label keys to string values`);
      }
      const pod: PodLike = { namespace, labels: { ...e.labels }, containerPorts: [], hostNetwork: false };
      return { text: `${namespace} ${labelsText(e.labels)}`, pod };
    }
    const matches = this.model.pods.filter((p) => p.namespace === namespace && p.name === e.pod && (e.kind === undefined || p.kind === e.kind));
    if (matches.length === 0) {
      const here = this.model.pods.filter((p) => p.namespace === namespace).map((p) => `${p.name} (${p.kind})`);
      throw new Error(`unknown pod ${JSON.stringify(e.pod)}${e.kind ? ` of kind ${e.kind}` : ''} in namespace ${namespace} (${side} endpoint): ` +
        (here.length === 0 ? 'the namespace has no Pods or workloads' : `it has ${here.slice(0, 20).join(', ')}${here.length > 20 ? ', ...' : ''}`));
    }
    if (matches.length > 1) {
      throw new Error(`ambiguous pod ${JSON.stringify(e.pod)} in namespace ${namespace} (${side} endpoint): ` +
        `${matches.map((p) => p.kind).join(' and ')} share the name; add kind to the endpoint`);
    }
    const p = matches[0];
    return { text: p.id, pod: p, podId: p.id, podKind: p.kind };
  }
}

/** The protocol of explain and matrix options (any case), or an error with the rule the constructs use. */
function protocolOf(value: unknown): Protocol {
  const protocol = parseProtocol(value);
  if (!protocol) {
    throw new Error(`invalid protocol ${JSON.stringify(value)}: ${PROTOCOL_RULE}`);
  }
  return protocol;
}
