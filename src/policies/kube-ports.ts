import { k8s } from '../k8s';
import { PortSpec } from '../model/ports';
import { Protocol } from '../model/protocol';

/*
 * The Kubernetes shape of ports lives here, with the other writers of policy objects, and not in model/:
 * the L1 classes load cdk8s-plus-28 and cdk8s, which the engine and the CLI's reading commands never need.
 */

/**
 * Converts validated ports to the Kubernetes shape; undefined means "every port".
 * The protocol is always written, so the output does not depend on the API server's default.
 * @internal
 */
export function toKubePorts(ports: PortSpec[] | undefined): k8s.NetworkPolicyPort[] | undefined {
  if (ports === undefined) {
    return undefined;
  }
  return ports.map((p) => ({
    protocol: p.protocol ?? Protocol.TCP,
    port: p.name !== undefined ? k8s.IntOrString.fromString(p.name) : k8s.IntOrString.fromNumber(p.port!),
    endPort: p.endPort,
  }));
}
