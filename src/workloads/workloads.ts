import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { HubClientOptions, InternetExposureOptions, ServerTargetOptions, WorkloadConnectionOptions } from './grant-options';
import { findSamePolicies, freeId, guardPolicyNames, keepInSync } from './reuse';
import { namespaceNameOf, podsSelectionOf } from './selections';
import { WorkloadRef, WorkloadRefOptions, WorkloadSelector } from './workload-ref';
import { fail, show } from '../model/errors';
import { labelsPolicyName, labelsSlug, NamePart, policyName, validateNamespaceName } from '../model/names';
import { PortSpec, validatePorts } from '../model/ports';
import { AllowConnection, AllowConnectionProps } from '../policies/allow-connection';
import { CrossNamespaceAllow, CrossNamespaceAllowProps } from '../policies/cross-namespace-allow';
import { HubAccess, HubAccessProps } from '../policies/hub-access';
import { InternetAccess, InternetAccessProps } from '../policies/internet-access';
import { NewDeploymentAccess, NewDeploymentAccessProps, NewDeploymentOptions } from '../policies/new-deployment-access';
import { IPolicySet } from '../policies/policy-set';
import { GATE_ON } from '../policies/rules';
import { ServerAccess, ServerAccessProps } from '../policies/server-access';

/**
 * Grants network access to workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod):
 * cdk8s-plus ones of any major (28 to 34 are tested), L1 objects (`KubeDeployment`, ...) or `ApiObject`s,
 * with the guide's constructs: selectors come from the workloads' own match labels, ports from their
 * containers, and label-granted access puts the access label on the pod template (never on the selector).
 *
 * Every policy is created in `scope`. A policy that the app already has (made here, by a
 * `NamespaceBaseline` or by you) is re-used when the same one is needed again, so one namespace never
 * gets two policies with one name.
 */
export class Workloads {
  /**
   * Refers to a workload: its namespace, selector labels, declared ports and pod template labels.
   *
   * @deprecated use `WorkloadRef.of`, which this calls
   */
  public static of(workload: IConstruct, options?: WorkloadRefOptions): WorkloadRef {
    return WorkloadRef.of(workload, options);
  }

  /**
   * Lets the internet reach the workload (the guide's "Explicitly allow internet access for pods that
   * need it").
   *
   * When its containers declare no ports (or `useGateLabel` is on), the workload gets the guide's gate
   * label `networking/allow-internet-access: "true"` on its pod template, and the namespace gets the
   * `internet-access` policy unless it already has it: every port, every source.
   *
   * Otherwise the grant is scoped: a policy `internet-access-<workload>` admits every source (or
   * `sources`) on the declared ports (or `ports`) of the workload's pods, selected by its match labels.
   * The gate label is then left off on purpose: with the namespace's `internet-access` policy it would
   * open every port.
   *
   * @returns the InternetAccess that admits the traffic
   */
  public static exposeToInternet(scope: Construct, workload: IConstruct, options?: InternetExposureOptions): InternetAccess {
    const opts = options ?? {};
    const ref = WorkloadRef._destination(workload, { namedPorts: opts.namedPorts });
    const namespace = ref.requireNamespace('exposing it to the internet');
    const selector = ref._selector;
    validatePorts(workload, opts.ports);
    if (opts.useGateLabel && (opts.ports !== undefined || opts.sources !== undefined)) {
      fail(workload, 'useGateLabel admits every port from every source; it cannot be combined with ports or sources');
    }
    const ports = opts.ports ?? ref.ports;
    if (opts.useGateLabel || (ports === undefined && opts.sources === undefined)) {
      return reuseOrCreate(scope, InternetAccess, (c) => [c.policy], `InternetAccess-${namespace}`,
        (s, id) => new InternetAccess(s, id, { namespace }), (shared) => {
          for (const [key, value] of Object.entries(shared.podLabels)) {
            ref.addPodLabel(key, value);
          }
        });
    }
    const props: InternetAccessProps = {
      namespace,
      podLabels: selector.labels,
      _podExpressions: selector.expressions,
      ports,
      sources: opts.sources,
      name: opts.name ?? policyName('internet-access', ref.name),
    };
    const access = reuseOrCreate(scope, InternetAccess, (c) => [c.policy], `InternetAccess-${namespace}-${ref.name}`,
      (s, id) => new InternetAccess(s, id, props));
    keepInSync(access, ref, selector, namespace);
    return access;
  }

  /**
   * Hub and spoke (the guide's "If You Know the Sources and Sinks for Communication"): the hub accepts
   * the client, on the hub's declared ports unless `ports` says otherwise. Creates (or re-uses) the
   * hub's `HubAccess` and puts its access label on the client's pod template.
   *
   * @returns the hub's HubAccess (one per hub, shared by all its clients)
   */
  public static addHubClient(scope: Construct, hub: IConstruct, client: IConstruct, options?: HubClientOptions): HubAccess {
    const opts = options ?? {};
    const hubRef = WorkloadRef._destination(hub, { name: opts.hubName, namedPorts: opts.namedPorts });
    const clientRef = WorkloadRef.of(client);
    const namespace = sameNamespace(hubRef, clientRef, 'hub access', 'hub', 'client');
    validatePorts(hub, opts.ports);
    const hubSelector = hubRef._selector;
    const props: HubAccessProps = {
      namespace,
      hubName: hubRef.name,
      hubLabels: hubSelector.labels,
      _hubExpressions: hubSelector.expressions,
      accessLabel: opts.accessLabel,
      ports: opts.ports ?? hubRef.ports,
      egress: opts.egress,
    };
    const access = reuseOrCreate(scope, HubAccess, (c) => c.policies, `Hub-${namespace}-${hubRef.name}`,
      (s, id) => new HubAccess(s, id, props), (hubAccess) => clientRef.addPodLabel(hubAccess.accessLabel, GATE_ON));
    keepInSync(access, hubRef, hubSelector, namespace);
    return access;
  }

  /**
   * The reverse of hub and spoke: the server may initiate connections to the target. Creates (or
   * re-uses) the server's `ServerAccess` and puts its access label on the target's pod template.
   *
   * @returns the server's ServerAccess (one per server, shared by all its targets)
   */
  public static addServerTarget(scope: Construct, server: IConstruct, target: IConstruct, options?: ServerTargetOptions): ServerAccess {
    const opts = options ?? {};
    const serverRef = WorkloadRef.of(server, { name: opts.serverName });
    const targetRef = WorkloadRef.of(target);
    const namespace = sameNamespace(serverRef, targetRef, 'server access', 'server', 'target');
    const serverSelector = serverRef._selector;
    const props: ServerAccessProps = {
      namespace,
      serverName: serverRef.name,
      serverLabels: serverSelector.labels,
      _serverExpressions: serverSelector.expressions,
      accessLabel: opts.accessLabel,
      ports: opts.ports,
      egress: opts.egress,
    };
    const access = reuseOrCreate(scope, ServerAccess, (c) => c.policies, `Server-${namespace}-${serverRef.name}`,
      (s, id) => new ServerAccess(s, id, props), (serverAccess) => targetRef.addPodLabel(serverAccess.accessLabel, GATE_ON));
    keepInSync(access, serverRef, serverSelector, namespace);
    return access;
  }

  /**
   * Lets `from` connect to `to` on `to`'s declared ports (or `ports`): an `AllowConnection` when both
   * are in one namespace (the guide's "Within the same namespace"), a `CrossNamespaceAllow` in `to`'s
   * namespace otherwise (the guide's "Across Namespaces"). No label is added to either workload.
   *
   * @returns the AllowConnection or CrossNamespaceAllow
   */
  public static allowConnection(scope: Construct, from: IConstruct, to: IConstruct, options?: WorkloadConnectionOptions): IPolicySet {
    const opts = options ?? {};
    const fromRef = WorkloadRef.of(from);
    const toRef = WorkloadRef._destination(to, { namedPorts: opts.namedPorts });
    const fromNamespace = fromRef.requireNamespace('a connection from it');
    const toNamespace = toRef.requireNamespace('a connection to it');
    validatePorts(to, opts.ports);
    const fromSelector = fromRef._selector;
    const toSelector = toRef._selector;
    const ports = opts.ports ?? toRef.ports;
    let allow: AllowConnection | CrossNamespaceAllow;
    if (fromNamespace === toNamespace) {
      if (opts.namespaceLabelKey !== undefined) {
        fail(from, 'namespaceLabelKey only applies across namespaces, and both workloads are in ' + show(toNamespace));
      }
      const props: AllowConnectionProps = {
        namespace: toNamespace,
        fromLabels: fromSelector.labels,
        toLabels: toSelector.labels,
        _fromExpressions: fromSelector.expressions,
        _toExpressions: toSelector.expressions,
        ports,
        egress: opts.egress,
        name: opts.name ?? policyName('allow', fromRef.name, 'to', toRef.name),
      };
      allow = reuseOrCreate(scope, AllowConnection, (c) => c.policies, `Connection-${toNamespace}-${fromRef.name}-to-${toRef.name}`,
        (s, id) => new AllowConnection(s, id, props));
    } else {
      allow = crossNamespace(scope, fromNamespace, fromSelector, fromRef.name, toRef, toNamespace, toSelector, ports, opts);
    }
    keepInSync(allow, fromRef, fromSelector, fromNamespace);
    keepInSync(allow, toRef, toSelector, toNamespace);
    return allow;
  }

  /**
   * Lets every pod of another namespace connect to the workload, on its declared ports (or `ports`):
   * a `CrossNamespaceAllow` in the workload's namespace, for example for a monitoring namespace.
   */
  public static allowFromNamespace(scope: Construct, from: IConstruct, to: IConstruct,
    options?: WorkloadConnectionOptions): CrossNamespaceAllow {
    const opts = options ?? {};
    const fromName = namespaceNameOf(from);
    validateNamespaceName(from, fromName);
    const toRef = WorkloadRef._destination(to, { namedPorts: opts.namedPorts });
    const toNamespace = toRef.requireNamespace('a connection to it');
    validatePorts(to, opts.ports);
    const toSelector = toRef._selector;
    const allow = crossNamespace(scope, fromName, undefined, undefined, toRef, toNamespace, toSelector, opts.ports ?? toRef.ports, opts);
    keepInSync(allow, toRef, toSelector, toNamespace);
    return allow;
  }

  /**
   * Lets the pods a cdk8s-plus `Pods` selection (any major) selects connect to the workload, on its declared ports (or `ports`):
   * for `Pods.select(scope, id, { labels, namespaces: Namespaces.select(scope, id, { names }) })`, one
   * allow per named namespace (an `AllowConnection` in the workload's own namespace, a
   * `CrossNamespaceAllow` from the others); without namespaces, the pods of the workload's namespace.
   * Selections by `matchExpressions` or by namespace labels are refused: the guide's policies name
   * pods by label maps and namespaces by name.
   *
   * @returns the allows, one per namespace
   */
  public static allowFromPods(scope: Construct, from: IConstruct, to: IConstruct, options?: WorkloadConnectionOptions): IPolicySet[] {
    const opts = options ?? {};
    const selection = podsSelectionOf(from);
    const fromLabels = selection.matchLabels;
    const toRef = WorkloadRef._destination(to, { namedPorts: opts.namedPorts });
    const toNamespace = toRef.requireNamespace('a connection to it');
    validatePorts(to, opts.ports);
    const toSelector = toRef._selector;
    const ports = opts.ports ?? toRef.ports;
    const fromSlug = Object.keys(fromLabels).length > 0 ? labelsSlug(fromLabels) : undefined;
    const fromPart: NamePart | undefined = fromSlug === undefined ? undefined : { labels: fromLabels };
    const namespaces = selection.namespaces ?? [toNamespace];
    if (namespaces.length === 0) {
      fail(from, 'the pods select no namespace names');
    }
    if (opts.name !== undefined && namespaces.length > 1) {
      fail(from, `name ${show(opts.name)} cannot name ${namespaces.length} policies, one per namespace; leave it out`);
    }
    return namespaces.map((fromNamespace) => {
      validateNamespaceName(from, fromNamespace, 'namespaces');
      let allow: AllowConnection | CrossNamespaceAllow;
      if (fromNamespace === toNamespace && fromSlug !== undefined) {
        const props: AllowConnectionProps = {
          namespace: toNamespace,
          fromLabels,
          toLabels: toSelector.labels,
          _toExpressions: toSelector.expressions,
          ports,
          egress: opts.egress,
          name: opts.name ?? labelsPolicyName(['allow', fromPart!, 'to', toRef.name]),
        };
        allow = reuseOrCreate(scope, AllowConnection, (c) => c.policies, `Connection-${toNamespace}-${fromSlug}-to-${toRef.name}`,
          (s, id) => new AllowConnection(s, id, props));
      } else {
        allow = crossNamespace(scope, fromNamespace, fromSlug === undefined ? undefined : { labels: fromLabels, expressions: [] }, fromPart,
          toRef, toNamespace, toSelector, ports, opts);
      }
      keepInSync(allow, toRef, toSelector, toNamespace);
      return allow;
    });
  }

  /**
   * The guide's "What About New Deployments?": the workload may talk both ways with every pod of its
   * namespace until it gets its own policies. Puts `networking/allow-all-connections: "true"` on its pod
   * template and creates the namespace's `NewDeploymentAccess` pair unless it already has it.
   *
   * @returns the namespace's NewDeploymentAccess
   */
  public static markNewDeployment(scope: Construct, workload: IConstruct, options?: NewDeploymentOptions): NewDeploymentAccess {
    const opts = options ?? {};
    const ref = WorkloadRef.of(workload);
    const namespace = ref.requireNamespace('marking it as a new deployment');
    const props: NewDeploymentAccessProps = { namespace, label: opts.label, egress: opts.egress };
    return reuseOrCreate(scope, NewDeploymentAccess, (c) => c.policies, `NewDeployments-${namespace}`,
      (s, id) => new NewDeploymentAccess(s, id, props), (access) => ref.addPodLabel(access.label, GATE_ON));
  }

  private constructor() {}
}

/**
 * The construct that already emits the same policies, or a new one made by `build`; then `label` puts
 * the grant's labels on the pod templates. When building or labelling fails, a construct made here is
 * removed again: a caught error leaves no policy of a grant that did not happen.
 */
function reuseOrCreate<T extends Construct>(scope: Construct, type: abstract new (...args: any[]) => T,
  policiesOf: (c: T) => ApiObject[], id: string, build: (s: Construct, id: string) => T, label: (c: T) => void = () => {}): T {
  guardPolicyNames(scope);
  const found = findSamePolicies(scope, type, policiesOf, (probe) => build(probe, 'Probe'));
  if (found !== undefined) {
    label(found);
    return found;
  }
  const freshId = freeId(scope, id);
  try {
    const made = build(scope, freshId);
    label(made);
    return made;
  } catch (err) {
    scope.node.tryRemoveChild(freshId);
    throw err;
  }
}

/** The namespace of two workloads that must share one (label-granted access works within a namespace). */
function sameNamespace(a: WorkloadRef, b: WorkloadRef, purpose: string, aRole: string, bRole: string): string {
  const namespace = a.requireNamespace(purpose);
  const other = b.requireNamespace(purpose);
  if (other !== namespace) {
    fail(b.workload, `the ${bRole} is in namespace ${show(other)} but the ${aRole} ${a.workload.node.path} is in ${show(namespace)}: ` +
      `${purpose} is granted by a pod label, which only works within one namespace; use Workloads.allowConnection across namespaces`);
  }
  return namespace;
}

function crossNamespace(scope: Construct, fromNamespace: string, from: WorkloadSelector | undefined,
  fromName: NamePart | undefined, toRef: WorkloadRef, toNamespace: string, to: WorkloadSelector,
  ports: PortSpec[] | undefined, opts: WorkloadConnectionOptions): CrossNamespaceAllow {
  const props: CrossNamespaceAllowProps = {
    fromNamespace,
    fromLabels: from?.labels,
    _fromExpressions: from?.expressions,
    toNamespace,
    toLabels: to.labels,
    _toExpressions: to.expressions,
    ports,
    namespaceLabelKey: opts.namespaceLabelKey,
    sourceEgress: opts.egress,
    name: opts.name ?? (typeof fromName === 'object'
      ? labelsPolicyName(['allow', fromNamespace, fromName, 'to', toRef.name], [1])
      : policyName('allow', fromNamespace, fromName ?? '', 'to', toRef.name)),
  };
  const idPart = typeof fromName === 'object' ? labelsSlug(fromName.labels) : fromName;
  const id = `AllowFrom-${fromNamespace}${idPart ? `-${idPart}` : ''}-to-${toNamespace}-${toRef.name}`;
  return reuseOrCreate(scope, CrossNamespaceAllow, (c) => c.policies, id, (s, i) => new CrossNamespaceAllow(s, i, props));
}
