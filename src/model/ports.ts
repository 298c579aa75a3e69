import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { fail, show } from './errors';
import { Protocol } from './protocol';

/**
 * One port (or port range) that a rule admits.
 *
 * Give exactly one of `port` and `name`. `endPort` turns a numeric `port` into the range `port..endPort`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-range-of-ports
 */
export interface PortSpec {
  /**
   * A numeric port, 1-65535.
   *
   * @default - no numeric port: `name` must be given
   */
  readonly port?: number;

  /**
   * A named container port (an IANA_SVC_NAME such as `http`), resolved against the destination pod's
   * container ports.
   *
   * @default - no named port: `port` must be given
   */
  readonly name?: string;

  /**
   * The last port of a range that starts at `port` (inclusive). Needs a numeric `port` and must be >= it.
   *
   * @default - a single port
   */
  readonly endPort?: number;

  /**
   * The protocol.
   *
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/**
 * Factories for the common `PortSpec`s.
 */
export class Ports {
  /** A single TCP port. */
  public static tcp(port: number): PortSpec {
    return { port, protocol: Protocol.TCP };
  }

  /** A single UDP port. */
  public static udp(port: number): PortSpec {
    return { port, protocol: Protocol.UDP };
  }

  /** A single SCTP port. */
  public static sctp(port: number): PortSpec {
    return { port, protocol: Protocol.SCTP };
  }

  /** The TCP ports `from..to`, both included. */
  public static tcpRange(from: number, to: number): PortSpec {
    return { port: from, endPort: to, protocol: Protocol.TCP };
  }

  /** The UDP ports `from..to`, both included. */
  public static udpRange(from: number, to: number): PortSpec {
    return { port: from, endPort: to, protocol: Protocol.UDP };
  }

  /** A named container port of the destination pod, TCP unless `protocol` says otherwise. */
  public static named(name: string, protocol?: Protocol): PortSpec {
    return { name, protocol: protocol ?? Protocol.TCP };
  }

  private constructor() {}
}

const IANA_SVC_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A port number: an integer from 1 to 65535.
 * @internal
 */
export function isPortNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}

/**
 * A named port (IANA_SVC_NAME): at most 15 lower case letters, digits and '-', at least one letter, no '--'.
 * @internal
 */
export function isPortName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 15 && IANA_SVC_NAME.test(value) && /[a-z]/.test(value) && !value.includes('--');
}

/**
 * Validates one port spec; `field` says where it came from (for example `ports[2]`).
 * @internal
 */
export function validatePort(scope: IConstruct, spec: PortSpec, field: string): void {
  if (spec === null || typeof spec !== 'object') {
    fail(scope, `invalid ${field} ${show(spec)}: expected a PortSpec such as { port: 443 }`);
  }
  const { port, name, endPort, protocol } = spec;
  if (port !== undefined && name !== undefined) {
    fail(scope, `invalid ${field} ${show(spec)}: give either port or name, not both`);
  }
  if (port === undefined && name === undefined) {
    fail(scope, `invalid ${field} ${show(spec)}: give a port number or a named port (an empty rule would admit every port)`);
  }
  if (port !== undefined && !isPortNumber(port)) {
    fail(scope, `invalid port ${show(port)} in ${field}: a port must be an integer from 1 to 65535`);
  }
  if (name !== undefined) {
    if (!isPortName(name)) {
      fail(scope, `invalid port name ${show(name)} in ${field}: a named port is at most 15 lower case letters, digits and single "-", with at least one letter`);
    }
    if (endPort !== undefined) {
      fail(scope, `invalid ${field} ${show(spec)}: endPort cannot be combined with a named port; use a numeric port`);
    }
  }
  if (endPort !== undefined) {
    if (!isPortNumber(endPort)) {
      fail(scope, `invalid endPort ${show(endPort)} in ${field}: endPort must be an integer from 1 to 65535`);
    }
    if (port !== undefined && endPort < port) {
      fail(scope, `invalid ${field} ${show(spec)}: endPort ${endPort} is below port ${port}`);
    }
  }
  if (protocol !== undefined && !Object.values(Protocol).includes(protocol)) {
    fail(scope, `invalid protocol ${show(protocol)} in ${field}: use Protocol.TCP, Protocol.UDP or Protocol.SCTP`);
  }
}

/**
 * Validates a list of ports. An empty list is refused: in Kubernetes it would mean every port.
 * @internal
 */
export function validatePorts(scope: IConstruct, ports: PortSpec[] | undefined, field = 'ports'): void {
  if (ports === undefined) {
    return;
  }
  if (!Array.isArray(ports)) {
    fail(scope, `invalid ${field} ${show(ports)}: expected a list of PortSpec`);
  }
  if (ports.length === 0) {
    fail(scope, `${field} is empty: leave it out to admit every port, or list the ports to admit`);
  }
  ports.forEach((p, i) => validatePort(scope, p, `${field}[${i}]`));
}

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
