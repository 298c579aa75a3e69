import { IConstruct } from 'constructs';
import { fail, failOnFirst, invalid, show } from './errors';
import { Problem, problemUnless } from './problem';
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

/** The rule texts, also for readers that frame them their own way. */
const PORT_RULE = 'a port must be an integer from 1 to 65535';
const PORT_NAME_RULE = 'a named port is at most 15 lower case letters, digits and single "-", with at least one letter';

/**
 * A port number: an integer from 1 to 65535.
 * @internal
 */
export function portNumberProblems(value: unknown, field: string): Problem[] {
  return problemUnless(isPortNumber(value), field, value, PORT_RULE);
}

/**
 * A named port (IANA_SVC_NAME).
 * @internal
 */
export function portNameProblems(value: unknown, field: string): Problem[] {
  return problemUnless(isPortName(value), field, value, PORT_NAME_RULE);
}

/**
 * The end of a port range `port..endPort`: a port number, not below `port`. `field` is the endPort's.
 * @internal
 */
export function endPortProblems(endPort: unknown, port: number, field: string): Problem[] {
  if (!isPortNumber(endPort)) {
    return [{ field, value: endPort, message: 'endPort must be an integer from 1 to 65535' }];
  }
  return problemUnless(endPort >= port, field, endPort, `endPort ${endPort} is below port ${port}`);
}

/** endPort with a named port: Kubernetes refuses it. `field` is the endPort's. @internal */
export function namedEndPortProblems(endPort: unknown, field: string): Problem[] {
  return problemUnless(endPort === undefined || endPort === null, field, endPort, 'endPort cannot be combined with a named port; use a numeric port');
}

/**
 * What is wrong with a PortSpec (given at `field`, such as `ports[2]`): problems of the whole spec are
 * at `field`, problems of one member at `field.port`, `field.name`, `field.endPort`, `field.protocol`.
 * @internal
 */
export function portSpecProblems(spec: PortSpec, field: string): Problem[] {
  if (spec === null || typeof spec !== 'object') {
    return [{ field, value: spec, message: 'expected a PortSpec such as { port: 443 }' }];
  }
  const { port, name, endPort, protocol } = spec;
  if (port !== undefined && name !== undefined) {
    return [{ field, value: spec, message: 'give either port or name, not both' }];
  }
  if (port === undefined && name === undefined) {
    return [{ field, value: spec, message: 'give a port number or a named port (an empty rule would admit every port)' }];
  }
  const problems = port !== undefined ? portNumberProblems(port, `${field}.port`) : portNameProblems(name, `${field}.name`);
  if (name !== undefined) {
    problems.push(...namedEndPortProblems(endPort, `${field}.endPort`));
  } else if (endPort !== undefined && isPortNumber(port)) {
    problems.push(...endPortProblems(endPort, port, `${field}.endPort`));
  }
  if (protocol !== undefined && !Object.values(Protocol).includes(protocol)) {
    problems.push({ field: `${field}.protocol`, value: protocol, message: PROTOCOL_RULE });
  }
  return problems;
}

/** The protocol rule, for the constructs and the engine's options alike. @internal */
export const PROTOCOL_RULE = 'use Protocol.TCP, Protocol.UDP or Protocol.SCTP';

/** What a construct calls each member of a PortSpec in `invalid <what> <value> in ports[0]`. */
const MEMBER_NOUNS: { [member: string]: string } = { port: 'port', name: 'port name', endPort: 'endPort', protocol: 'protocol' };

/**
 * A port problem as a construct says it: `invalid port 0 in ports[0]: ...` for a member,
 * `invalid ports[1] {...}: endPort 80 is below port 90` for the spec or a range.
 */
function describePortProblem(p: Problem, specField: string, spec: PortSpec): string {
  const member = p.field.slice(specField.length + 1);
  if (member === 'endPort' && isPortNumber(p.value)) {
    return invalid({ ...p, field: specField, value: spec });
  }
  return p.field === specField ? invalid(p) : `invalid ${MEMBER_NOUNS[member]} ${show(p.value)} in ${specField}: ${p.message}`;
}

/**
 * Validates one port spec; `field` says where it came from (for example `ports[2]`).
 * @internal
 */
export function validatePort(scope: IConstruct, spec: PortSpec, field: string): void {
  failOnFirst(scope, portSpecProblems(spec, field), (p) => describePortProblem(p, field, spec));
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
