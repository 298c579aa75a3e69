import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { k8s } from '../k8s';
import { discoverAccessLabels } from './access-label-discovery';
import { BaselineGrants } from './baseline-grants';
import { lintAtSynthFailures, registerLintAtSynth } from './lint-at-synth';
import { BaselineOptions } from './options';
import { requiredSpecSelection, specSelection } from './spec-service';
import { BaselineConnectionSpec, BaselineHubSpec, InternetFacingSpec, NamespaceIngressSpec } from './specs';
import { detach } from '../model/detach';
import { fail, show } from '../model/errors';
import { validateLabelKey } from '../model/labels';
import { labelsPolicyName, validateNamePart, validateNamespaceName } from '../model/names';
import { AccessLabelAdmission } from '../policies/access-label-admission';
import { AllowConnection } from '../policies/allow-connection';
import { AllowDnsEgress } from '../policies/allow-dns-egress';
import { AllowSameNamespace } from '../policies/allow-same-namespace';
import { CrossNamespaceAllow } from '../policies/cross-namespace-allow';
import { DefaultDenyEgress } from '../policies/default-deny-egress';
import { DefaultDenyIngress } from '../policies/default-deny-ingress';
import { HubAccess } from '../policies/hub-access';
import { InternetAccess } from '../policies/internet-access';
import { InternetEgress } from '../policies/internet-egress';
import { intendedNamespaceOf, omitNamespaceUnder } from '../policies/namespace-omission';
import { NewDeploymentAccess, NewDeploymentOptions } from '../policies/new-deployment-access';
import { IPolicySet } from '../policies/policy-set';
import { NAMESPACE_NAME_LABEL, requireLabels } from '../policies/rules';
import { ServerAccess, ServerSpec } from '../policies/server-access';
import { HubClientOptions, InternetExposureOptions, ServerTargetOptions, WorkloadConnectionOptions } from '../workloads/grant-options';

/**
 * Props for `NamespaceBaseline`.
 */
export interface NamespaceBaselineProps extends BaselineOptions {
  /**
   * The namespace the baseline protects.
   */
  readonly namespace: string;

  /**
   * Hubs that pods of the namespace reach when labelled for it (`HubAccess` each).
   *
   * @default - none; add them later with `addHub`
   */
  readonly hubs?: BaselineHubSpec[];

  /**
   * Servers that initiate connections to the pods labelled for them (`ServerAccess` each).
   *
   * @default - none; add them later with `addServer`
   */
  readonly servers?: ServerSpec[];

  /**
   * Pods of the namespace that accept ingress from everywhere, selected by their own labels
   * (`InternetAccess` each, named `internet-access-<labels>`): the config form of `exposeToInternet`.
   *
   * @default - none; add them later with `addInternetFacing`
   */
  readonly internetFacing?: InternetFacingSpec[];

  /**
   * Explicit connections between pods of the namespace (`AllowConnection` each).
   *
   * @default - none; add them later with `addConnection`
   */
  readonly connections?: BaselineConnectionSpec[];

  /**
   * Ingress into this namespace from pods of other namespaces (`CrossNamespaceAllow` each).
   *
   * @default - none; add them later with `addAllowFrom`
   */
  readonly allowFrom?: NamespaceIngressSpec[];
}

/**
 * Everything the guide recommends for one namespace, in one construct: `DefaultDenyIngress` always,
 * `InternetAccess` (on by default), `AllowSameNamespace` and `NewDeploymentAccess` when asked, then the
 * hubs, servers, connections and cross-namespace allows you declare, now or later with the `add*` methods.
 *
 * With `denyEgress`, the namespace also denies egress (`DefaultDenyEgress`), keeps DNS (`AllowDnsEgress`)
 * and every allow it creates gets its egress side, so what you declared still works. Without it, no
 * pod's egress is ever touched.
 */
export class NamespaceBaseline extends Construct {
  /** The namespace. */
  public readonly namespace: string;

  /** Whether the namespace denies egress (and every allow gets its egress side). */
  public readonly denyEgress: boolean;

  /** The namespace label whose value is the namespace name. */
  public readonly namespaceLabelKey: string;

  /** Whether the policies are written without `metadata.namespace` (`omitNamespace`). */
  public readonly omitNamespace: boolean;

  /** The `v1 Namespace` object, when `createNamespace` is on. */
  public readonly namespaceObject?: ApiObject;

  private accessLabelAdmission?: AccessLabelAdmission;
  private readonly hubNames = new Set<string>();
  private readonly serverNames = new Set<string>();
  private connectionCount = 0;
  private internetFacingCount = 0;
  private allowFromCount = 0;
  /** Tells whether another namespace denies egress, when a ClusterBaseline knows it. */
  private sourceDeniesEgressOf?: (namespace: string) => boolean | undefined;
  /** Whether this baseline lints at synth (a ClusterBaseline lints for all of its baselines at once). */
  private lintAtSynth: boolean;

  public constructor(scope: Construct, id: string, props: NamespaceBaselineProps) {
    super(scope, id);
    // A caught error must not leave half a baseline in the app (its policies would still be synthesized).
    try {
      validateNamespaceName(this, props.namespace);
      this.namespace = props.namespace;
      this.lintAtSynth = props.lint ?? true;
      this.namespaceLabelKey = props.namespaceLabelKey ?? NAMESPACE_NAME_LABEL;
      validateLabelKey(this, this.namespaceLabelKey, 'namespaceLabelKey');
      this.denyEgress = props.denyEgress ?? false;
      this.omitNamespace = booleanOption(this, props.omitNamespace, 'omitNamespace');
      // before any policy exists: each one created under this scope is written namespace-less
      if (this.omitNamespace) omitNamespaceUnder(this, this.namespace);
      if (props.internetEgress && !this.denyEgress) {
        fail(this, 'internetEgress needs denyEgress: an egress policy on pods of a namespace that does not deny egress ' +
          'would cut all their other egress; turn denyEgress on or leave internetEgress out');
      }

      if (props.createNamespace) {
        // The automatic label is set by the API server; a custom key must be carried by the object itself.
        const labels = this.namespaceLabelKey === NAMESPACE_NAME_LABEL ? undefined : { [this.namespaceLabelKey]: this.namespace };
        this.namespaceObject = new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: this.namespace, labels } });
      }

      new DefaultDenyIngress(this, 'DefaultDenyIngress', { namespace: this.namespace });
      if (this.denyEgress) {
        new DefaultDenyEgress(this, 'DefaultDenyEgress', { namespace: this.namespace });
        if (props.allowDns ?? true) {
          new AllowDnsEgress(this, 'AllowDnsEgress', { namespace: this.namespace });
        }
        if (props.internetEgress) {
          new InternetEgress(this, 'InternetEgress', { namespace: this.namespace });
        }
      }
      if (props.internetAccess ?? true) {
        new InternetAccess(this, 'InternetAccess', { namespace: this.namespace });
      }
      if (props.allowSameNamespace) {
        new AllowSameNamespace(this, 'AllowSameNamespace', { namespace: this.namespace, egress: this.denyEgress });
      }
      if (props.newDeployments) {
        new NewDeploymentAccess(this, 'NewDeployments', { namespace: this.namespace, egress: this.denyEgress });
      }

      this.listOf(props.hubs, 'hubs').forEach((h) => this.addHub(h));
      this.listOf(props.servers, 'servers').forEach((s) => this.addServer(s));
      this.listOf(props.internetFacing, 'internetFacing').forEach((i) => this.addInternetFacing(i));
      this.listOf(props.connections, 'connections').forEach((c) => this.addConnection(c));
      this.listOf(props.allowFrom, 'allowFrom').forEach((a) => this.addAllowFrom(a));
      // Registered last: a baseline whose construction failed is detached and must not lint anything.
      const warningFails = () => props.failOnWarnings === true;
      this.node.addValidation({
        validate: () => (this.lintAtSynth ? lintAtSynthFailures(this, { namespaces: this._managedNamespaces(), warningFails }) : []),
      });
      registerLintAtSynth(this);
    } catch (err) {
      detach(this);
      throw err;
    }
  }

  /**
   * Adds a hub: pods labelled `<accessLabel>: "true"` may connect to the hub pods (those of
   * `hubLabels`, or those `hubService` selects, on its targetPorts).
   * @returns the `HubAccess` construct (its `accessLabel` is the label to put on the spokes)
   */
  public addHub(hub: BaselineHubSpec): HubAccess {
    specObject(this, hub, 'hub');
    validateNamePart(this, hub.hubName, 'hubName');
    if (this.hubNames.has(hub.hubName)) {
      fail(this, `duplicate hub ${show(hub.hubName)} in namespace ${show(this.namespace)}: each hub needs its own hubName`);
    }
    const selection = requiredSpecSelection(this, this.namespace,
      { field: 'hub', labelsField: 'hubLabels', serviceField: 'hubService', subject: `hub ${show(hub.hubName)}`, pods: 'hub pods' },
      { service: hub.hubService, ports: hub.ports }, hub.hubLabels);
    // Fields are mapped one by one: a spec loaded from JSON may carry other keys, such as `namespace`.
    const access = this.addChild(`Hub-${hub.hubName}`, (id) => new HubAccess(this, id, {
      namespace: this.namespace,
      hubName: hub.hubName,
      hubLabels: selection.labels, // HubAccess refuses empty labels, naming hubLabels
      accessLabel: hub.accessLabel,
      ports: selection.ports,
      name: hub.name,
      egress: this.denyEgress,
    }));
    this.hubNames.add(hub.hubName); // only once the hub exists: a failed addHub can be retried with the same name
    return access;
  }

  /**
   * Adds a server that initiates connections to the pods labelled `<accessLabel>: "true"`.
   * @returns the `ServerAccess` construct (its `accessLabel` is the label to put on the reached pods)
   */
  public addServer(server: ServerSpec): ServerAccess {
    specObject(this, server, 'server');
    validateNamePart(this, server.serverName, 'serverName');
    if (this.serverNames.has(server.serverName)) {
      fail(this, `duplicate server ${show(server.serverName)} in namespace ${show(this.namespace)}: each server needs its own serverName`);
    }
    const access = this.addChild(`Server-${server.serverName}`, (id) => new ServerAccess(this, id, {
      namespace: this.namespace,
      serverName: server.serverName,
      serverLabels: server.serverLabels,
      accessLabel: server.accessLabel,
      ports: server.ports,
      name: server.name,
      egress: this.denyEgress,
    }));
    this.serverNames.add(server.serverName);
    return access;
  }

  /**
   * Lets pods of the namespace, selected by their own labels, accept ingress from everywhere (or from
   * `sources`), on `ports`: an `InternetAccess` named `internet-access-<labels>` unless `name` says otherwise.
   */
  public addInternetFacing(spec: InternetFacingSpec): InternetAccess {
    specObject(this, spec, 'internetFacing');
    const selection = specSelection(this, this.namespace,
      { field: 'internetFacing', labelsField: 'podLabels', serviceField: 'service' }, spec, spec.podLabels);
    // required: without labels, InternetAccess would select the gate label instead of the pods meant
    requireLabels(this, selection.labels, 'internetFacing.podLabels');
    const { ports, serviceName } = selection;
    const labels = selection.labels!;
    const access = this.addChild(`InternetFacing${this.internetFacingCount + 1}`, (id) => new InternetAccess(this, id, {
      namespace: this.namespace,
      podLabels: labels,
      ports,
      sources: spec.sources,
      name: spec.name ?? labelsPolicyName([InternetAccess.DEFAULT_NAME, serviceName ?? { labels }]),
    }));
    this.internetFacingCount += 1;
    return access;
  }

  /**
   * Adds an explicit connection between pods of the namespace: the pods of `fromLabels` may connect to
   * those of `toLabels`, or to those `toService` selects, on its targetPorts.
   */
  public addConnection(connection: BaselineConnectionSpec): AllowConnection {
    specObject(this, connection, 'connection');
    const to = requiredSpecSelection(this, this.namespace, {
      field: 'connection',
      labelsField: 'toLabels',
      serviceField: 'toService',
      subject: `connection from ${show(connection.fromLabels)}`,
      pods: 'accepting pods',
    }, { service: connection.toService, ports: connection.ports }, connection.toLabels);
    const allow = this.addChild(`Connection${this.connectionCount + 1}`, (id) => new AllowConnection(this, id, {
      namespace: this.namespace,
      fromLabels: connection.fromLabels,
      toLabels: to.labels, // AllowConnection refuses empty labels, naming toLabels
      ports: to.ports,
      name: connection.name,
      egress: this.denyEgress,
    }));
    this.connectionCount += 1;
    return allow;
  }

  /**
   * Adds ingress into this namespace from pods of another namespace. The egress side in the source
   * namespace is created only when that namespace denies egress (`sourceDeniesEgress`, or what the
   * enclosing `ClusterBaseline` knows).
   */
  public addAllowFrom(allow: NamespaceIngressSpec): CrossNamespaceAllow {
    specObject(this, allow, 'allowFrom');
    validateNamespaceName(this, allow.fromNamespace, 'fromNamespace');
    const known = this.sourceDeniesEgressOf?.(allow.fromNamespace);
    if (allow.sourceDeniesEgress === true && known === false) {
      fail(this, `sourceDeniesEgress is true, but namespace ${show(allow.fromNamespace)} does not deny egress in this ` +
        'ClusterBaseline: an egress policy there would cut the source pods\' other egress');
    }
    const to = specSelection(this, this.namespace, { field: 'allowFrom', labelsField: 'toLabels', serviceField: 'toService' },
      { service: allow.toService, ports: allow.ports }, allow.toLabels);
    const cross = this.addChild(`AllowFrom${this.allowFromCount + 1}-${allow.fromNamespace}`, (id) => new CrossNamespaceAllow(this, id, {
      fromNamespace: allow.fromNamespace,
      fromLabels: allow.fromLabels,
      toNamespace: this.namespace,
      toLabels: to.labels,
      ports: to.ports,
      namespaceLabelKey: this.namespaceLabelKey,
      sourceEgress: allow.sourceDeniesEgress ?? known ?? false,
      name: allow.name,
    }));
    this.allowFromCount += 1;
    return cross;
  }

  /**
   * Lets the internet reach a workload of this namespace (cdk8s-plus of any major, or L1): on its declared ports (or `ports`)
   * through its own policy, or, when it declares none (or with `useGateLabel`), through the guide's gate
   * label on its pod template and this namespace's `internet-access` policy. See `Workloads.exposeToInternet`.
   */
  public exposeToInternet(workload: IConstruct, options?: InternetExposureOptions): InternetAccess {
    return this.workloadGrants().exposeToInternet(workload, options);
  }

  /**
   * Hub and spoke with workloads of this namespace: the hub accepts the client on the hub's
   * declared ports (or `ports`), and the client's pod template gets the access label. The egress side
   * follows `denyEgress` (`options.egress` is ignored). See `Workloads.addHubClient`.
   */
  public addHubClient(hub: IConstruct, client: IConstruct, options?: HubClientOptions): HubAccess {
    return this.workloadGrants().addHubClient(hub, client, options);
  }

  /**
   * A server of this namespace that initiates connections to the target (of this namespace too): the
   * target's pod template gets the access label. The egress side follows `denyEgress` (`options.egress`
   * is ignored). See `Workloads.addServerTarget`.
   */
  public addServerTarget(server: IConstruct, target: IConstruct, options?: ServerTargetOptions): ServerAccess {
    return this.workloadGrants().addServerTarget(server, target, options);
  }

  /**
   * Lets the workload `from` (of any namespace) connect to `to` (of this namespace) on `to`'s declared
   * ports (or `ports`). Within the namespace the egress side follows `denyEgress`; from another namespace
   * it is added when the enclosing `ClusterBaseline` knows that namespace denies egress, else when
   * `options.egress` says so. See `Workloads.allowConnection`.
   * @returns the AllowConnection or CrossNamespaceAllow
   */
  public allowConnection(from: IConstruct, to: IConstruct, options?: WorkloadConnectionOptions): IPolicySet {
    return this.workloadGrants().allowConnection(from, to, options);
  }

  /**
   * Lets every pod of another namespace connect to `to` (of this namespace) on its declared ports (or
   * `ports`), with the source's egress side as for `allowConnection`. See `Workloads.allowFromNamespace`.
   */
  public allowFromNamespace(from: IConstruct, to: IConstruct, options?: WorkloadConnectionOptions): CrossNamespaceAllow {
    return this.workloadGrants().allowFromNamespace(from, to, options);
  }

  /**
   * The guide's "What About New Deployments?" for a workload of this namespace: its pod template gets
   * `networking/allow-all-connections: "true"` and the namespace the `NewDeploymentAccess` pair (re-used
   * when `newDeployments` already made it). The egress sides follow `denyEgress`.
   */
  public markNewDeployment(workload: IConstruct, options?: NewDeploymentOptions): NewDeploymentAccess {
    return this.workloadGrants().markNewDeployment(workload, options);
  }

  /**
   * Opt-in: emits an `AccessLabelAdmission` (a ValidatingAdmissionPolicy and its binding, Kubernetes
   * 1.30 or later) that keeps this namespace's access labels on the pods they were granted to. The label
   * of every gate in the namespace (hubs, servers, the internet gate, new deployments, internet egress)
   * may only be carried by the workloads of the namespace whose pod templates carry it in
   * this app, as the workload grants put it, selected by their match labels. Both are read at synthesis,
   * so grants made later count. A gate no workload carries may be carried by no pod: entitle pods
   * labelled outside this app with `addEntitlement` on the result. Calling it again returns the same one.
   *
   * @returns the AccessLabelAdmission
   */
  public guardAccessLabels(): AccessLabelAdmission {
    if (this.accessLabelAdmission === undefined) {
      this.accessLabelAdmission = new AccessLabelAdmission(this, 'AccessLabelAdmission', { namespace: this.namespace });
      this.accessLabelAdmission._discoverWith(() => discoverAccessLabels(this.node.root, this.namespace));
    }
    return this.accessLabelAdmission;
  }

  /**
   * Lets a `ClusterBaseline` tell this baseline which of its namespaces deny egress.
   * @internal
   */
  public _useSourceEgressResolver(resolver: (namespace: string) => boolean | undefined): void {
    this.sourceDeniesEgressOf = resolver;
  }

  /**
   * The namespaces this baseline writes objects to: its own, and the source namespaces of egress sides.
   * @internal
   */
  public _managedNamespaces(): string[] {
    const namespaces = new Set([this.namespace]);
    for (const c of this.node.findAll()) {
      const namespace = ApiObject.isApiObject(c) ? intendedNamespaceOf(c) : undefined;
      if (namespace !== undefined) namespaces.add(namespace);
    }
    return [...namespaces];
  }

  /**
   * Stops this baseline from linting at synth, because an enclosing `ClusterBaseline` lints for it.
   * @internal
   */
  public _lintedByCluster(): void {
    this.lintAtSynth = false;
  }

  /** The workload grants, restricted to this namespace, with the egress sides this baseline needs. */
  private workloadGrants(): BaselineGrants {
    return new BaselineGrants({
      scope: this,
      namespace: this.namespace,
      denyEgress: this.denyEgress,
      namespaceLabelKey: this.namespaceLabelKey,
      sourceDeniesEgress: (namespace) => this.sourceDeniesEgressOf?.(namespace),
    });
  }

  /** Builds the child `id`; when that throws, removes what was attached, so a corrected call can use the id again. */
  private addChild<T>(id: string, build: (id: string) => T): T {
    try {
      return build(id);
    } catch (err) {
      this.node.tryRemoveChild(id);
      throw err;
    }
  }

  private listOf<T>(list: T[] | undefined, field: string): T[] {
    if (list === undefined) {
      return [];
    }
    if (!Array.isArray(list)) {
      fail(this, `invalid ${field} ${show(list)}: expected a list`);
    }
    return list;
  }
}

/** A boolean option given from plain JavaScript or JSON may be anything: refused unless a boolean. */
function booleanOption(scope: Construct, value: unknown, field: string): boolean {
  if (value !== undefined && typeof value !== 'boolean') {
    fail(scope, { field, value, message: 'expected true or false' });
  }
  return value === true;
}

/** A spec must be an object (plain JavaScript and JSON can pass anything). */
function specObject(scope: Construct, spec: unknown, field: string): void {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    fail(scope, `invalid ${field} ${show(spec)}: expected an object`);
  }
}
