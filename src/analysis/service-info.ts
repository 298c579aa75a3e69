import { ClusterModel, PodModel } from './cluster-model';
import { podsSelectedBy, ServiceModel } from './service-model';
import { Protocol } from '../model/protocol';

/**
 * One port of a `v1` Service, with the API server's defaults applied.
 */
export interface ServicePortInfo {
  /**
   * The port's name.
   *
   * @default - an unnamed port
   */
  readonly name?: string;

  /** The port clients connect to on the Service address. */
  readonly port: number;

  /** The protocol (TCP when the Service leaves it out). */
  readonly protocol: Protocol;

  /**
   * The pod port it sends to, when given by number (`targetPort` defaults to `port`). Policies must name this port.
   *
   * @default - the targetPort is a container port name: see `targetPortName`
   */
  readonly targetPort?: number;

  /**
   * The container port name it sends to, resolved on each pod by name and protocol.
   *
   * @default - the targetPort is a number: see `targetPort`
   */
  readonly targetPortName?: string;
}

/**
 * A `v1` Service of the manifests and the Pods and workloads it selects.
 */
export interface ServiceInfo {
  /** `namespace/name`. */
  readonly id: string;
  /** The namespace. */
  readonly namespace: string;
  /** The name. */
  readonly name: string;
  /** Its ports. */
  readonly ports: ServicePortInfo[];
  /** The ids (`WorkloadInfo.id`) of the Pods and workloads it selects; empty without a selector. */
  readonly workloads: string[];
}

/** The public view of a Service. @internal */
export function serviceInfoOf(service: ServiceModel, pods: readonly PodModel[]): ServiceInfo {
  return {
    id: service.id,
    namespace: service.namespace,
    name: service.name,
    ports: service.ports.map((p) => ({
      ...(p.name !== undefined ? { name: p.name } : {}),
      port: p.port,
      protocol: p.protocol,
      ...(typeof p.targetPort === 'number' ? { targetPort: p.targetPort } : { targetPortName: p.targetPort }),
    })),
    workloads: podsSelectedBy(service, pods).map((p) => p.id),
  };
}

/** Every Service, in input order. @internal */
export function serviceInfos(model: ClusterModel): ServiceInfo[] {
  return model.services.map((s) => serviceInfoOf(s, model.pods));
}
