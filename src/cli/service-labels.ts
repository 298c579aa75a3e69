/**
 * Workloads named by the Services that select them, for `list`, `diff` and `summary`: people think in
 * Services (`email:5000`), policies in pod ports (`TCP 8080`). A connection set stays in pod ports; the
 * label says which Service port sends to which pod port, and which Service ports the set reaches.
 */
import { ConnectionSet } from '../analysis/connection-set';
import { Reachability } from '../analysis/reachability';
import { ServicePortOnPod } from '../analysis/service-connections';
import { Protocol } from '../model/protocol';

/** One Service port that sends to a workload (the json `services` field). */
export interface ServicePortLabel {
  /** `namespace/name` of the Service. */
  readonly service: string;
  readonly port: number;
  readonly protocol: Protocol;
  /** The workload's port it arrives on (the port policies see). */
  readonly targetPort: number;
  /** Whether the connection set holds `targetPort`: the source reaches this workload through that Service port. */
  readonly reachable?: boolean;
}

/** The Service labels of the workloads of one analysis, computed once per workload. */
export class ServiceLabels {
  private readonly cache = new Map<string, readonly ServicePortOnPod[]>();

  public constructor(private readonly reach: Reachability) {}

  /** `svc email:5000→8080`, `svc web:80,443→8443; web-headless:80`, or undefined when no Service selects it. */
  public of(workloadId: string): string | undefined {
    const ports = this.portsOf(workloadId);
    if (ports.length === 0) return undefined;
    const byService = new Map<string, string[]>();
    for (const p of ports) {
      const text = `${p.servicePort.port}${p.podPort === p.servicePort.port ? '' : `→${p.podPort}`}`;
      byService.set(p.service.name, [...(byService.get(p.service.name) ?? []), text]);
    }
    return `svc ${[...byService].map(([name, texts]) => `${name}:${texts.join(',')}`).join('; ')}`;
  }

  /** `boutique/email (svc email:5000→8080)`, or the id alone. */
  public label(workloadId: string): string {
    const of = this.of(workloadId);
    return of === undefined ? workloadId : `${workloadId} (${of})`;
  }

  /** The Service ports through which `set` (to the workload, in pod ports) is reachable: `email:5000`. */
  public through(workloadId: string, set: ConnectionSet): string[] {
    return this.portsOf(workloadId).filter((p) => set.contains(p.servicePort.protocol, p.podPort))
      .map((p) => `${p.service.name}:${p.servicePort.protocol === Protocol.TCP ? '' : `${p.servicePort.protocol.toLowerCase()}/`}${p.servicePort.port}`);
  }

  /** `TCP 8080 (svc email:5000)`: the set in pod ports, then the Service ports it reaches, if any. */
  public setText(workloadId: string, set: ConnectionSet): string {
    const through = this.through(workloadId, set);
    return through.length === 0 ? set.toString() : `${set} (svc ${through.join(', ')})`;
  }

  /** Every Service port that sends to the workload, with whether `set` reaches it (without a set: the ports alone). */
  public json(workloadId: string, set?: ConnectionSet): ServicePortLabel[] {
    return this.portsOf(workloadId).map((p) => ({
      service: p.service.id,
      port: p.servicePort.port,
      protocol: p.servicePort.protocol,
      targetPort: p.podPort,
      ...(set === undefined ? {} : { reachable: set.contains(p.servicePort.protocol, p.podPort) }),
    }));
  }

  private portsOf(workloadId: string): readonly ServicePortOnPod[] {
    let ports = this.cache.get(workloadId);
    if (ports === undefined) {
      ports = this.reach._servicePortsOf(workloadId);
      this.cache.set(workloadId, ports);
    }
    return ports;
  }
}
