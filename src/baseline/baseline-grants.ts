import { Construct, IConstruct } from 'constructs';
import { fail, show } from '../model/errors';
import { CrossNamespaceAllow } from '../policies/cross-namespace-allow';
import { HubAccess } from '../policies/hub-access';
import { InternetAccess } from '../policies/internet-access';
import { NewDeploymentAccess, NewDeploymentOptions } from '../policies/new-deployment-access';
import { IPolicySet } from '../policies/policy-set';
import { ServerAccess } from '../policies/server-access';
import { HubClientOptions, InternetExposureOptions, ServerTargetOptions, WorkloadConnectionOptions } from '../workloads/grant-options';
import { namespaceNameOf } from '../workloads/selections';
import { WorkloadRef } from '../workloads/workload-ref';
import { Workloads } from '../workloads/workloads';

/**
 * What a namespace baseline tells the workload grants: where to create the policies, which namespace it
 * protects, and whether the egress sides are needed.
 * @internal
 */
export interface BaselineContext {
  /** The baseline construct: the scope of the policies and the path in error messages. */
  readonly scope: Construct;
  /** The namespace the baseline protects. */
  readonly namespace: string;
  /** Whether the namespace denies egress (every grant then gets its egress side). */
  readonly denyEgress: boolean;
  /** The namespace label whose value is the namespace name, for cross-namespace allows. */
  readonly namespaceLabelKey: string;
  /** Whether another namespace denies egress, when known (from a ClusterBaseline). */
  readonly sourceDeniesEgress: (namespace: string) => boolean | undefined;
}

/**
 * The workload grants of a `NamespaceBaseline`: the `Workloads` operations, restricted to workloads of
 * the baseline's namespace, with the egress sides decided by the baseline.
 * @internal
 */
export class BaselineGrants {
  public constructor(private readonly ctx: BaselineContext) {}

  public exposeToInternet(workload: IConstruct, options?: InternetExposureOptions): InternetAccess {
    this.inNamespace(workload, 'exposing it to the internet');
    return Workloads.exposeToInternet(this.ctx.scope, workload, options);
  }

  public addHubClient(hub: IConstruct, client: IConstruct, options?: HubClientOptions): HubAccess {
    this.inNamespace(hub, 'hub access');
    this.inNamespace(client, 'hub access');
    // Options are passed field by field (a plain-JavaScript caller may add keys such as `namespace`).
    return Workloads.addHubClient(this.ctx.scope, hub, client, {
      hubName: options?.hubName,
      accessLabel: options?.accessLabel,
      ports: options?.ports,
      namedPorts: options?.namedPorts,
      egress: this.ctx.denyEgress,
    });
  }

  public addServerTarget(server: IConstruct, target: IConstruct, options?: ServerTargetOptions): ServerAccess {
    this.inNamespace(server, 'server access');
    this.inNamespace(target, 'server access');
    return Workloads.addServerTarget(this.ctx.scope, server, target, {
      serverName: options?.serverName, accessLabel: options?.accessLabel, ports: options?.ports, egress: this.ctx.denyEgress,
    });
  }

  public allowConnection(from: IConstruct, to: IConstruct, options?: WorkloadConnectionOptions): IPolicySet {
    this.inNamespace(to, 'a connection into the namespace');
    const fromNamespace = WorkloadRef.of(from).requireNamespace('a connection from it');
    // Across namespaces the baseline's namespace label applies; within one, there is no namespace selector.
    const namespaceLabelKey = fromNamespace === this.ctx.namespace ? options?.namespaceLabelKey
      : options?.namespaceLabelKey ?? this.ctx.namespaceLabelKey;
    return Workloads.allowConnection(this.ctx.scope, from, to, {
      ...connectionOptions(options), namespaceLabelKey, egress: this.sourceEgress(fromNamespace, options),
    });
  }

  public allowFromNamespace(from: IConstruct, to: IConstruct, options?: WorkloadConnectionOptions): CrossNamespaceAllow {
    this.inNamespace(to, 'a connection into the namespace');
    const fromNamespace = namespaceNameOf(from);
    return Workloads.allowFromNamespace(this.ctx.scope, from, to, {
      ...connectionOptions(options),
      namespaceLabelKey: options?.namespaceLabelKey ?? this.ctx.namespaceLabelKey,
      egress: this.sourceEgress(fromNamespace, options),
    });
  }

  public markNewDeployment(workload: IConstruct, options?: NewDeploymentOptions): NewDeploymentAccess {
    this.inNamespace(workload, 'marking it as a new deployment');
    return Workloads.markNewDeployment(this.ctx.scope, workload, { label: options?.label, egress: this.ctx.denyEgress });
  }

  /**
   * The egress side in the source namespace: this namespace's own setting inside it; across namespaces
   * what the ClusterBaseline knows, else the caller's `egress`, else none.
   */
  private sourceEgress(fromNamespace: string, options?: WorkloadConnectionOptions): boolean {
    if (fromNamespace === this.ctx.namespace) {
      return this.ctx.denyEgress;
    }
    const known = this.ctx.sourceDeniesEgress(fromNamespace);
    if (options?.egress === true && known === false) {
      fail(this.ctx.scope, `egress is true, but namespace ${show(fromNamespace)} does not deny egress in this ClusterBaseline: ` +
        'an egress policy there would cut the source pods\' other egress');
    }
    return known ?? options?.egress ?? false;
  }

  private inNamespace(workload: IConstruct, purpose: string): void {
    const namespace = WorkloadRef._destination(workload).requireNamespace(purpose);
    if (namespace !== this.ctx.namespace) {
      fail(workload, `the workload is in namespace ${show(namespace)}, but ${this.ctx.scope.node.path} protects ` +
        `${show(this.ctx.namespace)}: use the baseline of ${show(namespace)}, or Workloads.* with a scope of your choice`);
    }
  }
}

/** The fields of WorkloadConnectionOptions that the caller decides (the egress sides are the baseline's). */
function connectionOptions(options: WorkloadConnectionOptions | undefined): WorkloadConnectionOptions {
  return { ports: options?.ports, namedPorts: options?.namedPorts, name: options?.name };
}
