import { Protocol } from '../model/protocol';

/**
 * The ports of a NetworkPolicy rule. Named ports are resolved against the DESTINATION pod's container
 * ports (name and protocol), for ingress and egress alike; a destination outside the cluster has no
 * named ports, so a named port never matches it.
 */

/** A container port of a pod template, the targets of named ports. @internal */
export interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** One compiled `NetworkPolicyPort`. @internal */
export interface CompiledPort {
  readonly protocol: Protocol;
  /** undefined: every port of the protocol. */
  readonly port?: number;
  readonly endPort?: number;
  readonly name?: string;
}

/**
 * Whether a port entry admits `port`/`protocol` towards a destination with the given container ports
 * (`undefined` for a destination outside the cluster).
 * @internal
 */
export function portMatches(entry: CompiledPort, port: number, protocol: Protocol, destination: readonly ContainerPort[] | undefined): boolean {
  if (entry.protocol !== protocol) {
    return false;
  }
  if (entry.name !== undefined) {
    if (destination === undefined) {
      return false;
    }
    return destination.some((c) => c.name === entry.name && c.protocol === protocol && c.port === port);
  }
  if (entry.port === undefined) {
    return true;
  }
  if (entry.endPort !== undefined) {
    return port >= entry.port && port <= entry.endPort;
  }
  return port === entry.port;
}

/** `TCP/80`, `TCP/8000-8100`, `TCP/http`, `UDP/*`. @internal */
export function describePort(entry: CompiledPort): string {
  if (entry.name !== undefined) return `${entry.protocol}/${entry.name}`;
  if (entry.port === undefined) return `${entry.protocol}/*`;
  if (entry.endPort !== undefined) return `${entry.protocol}/${entry.port}-${entry.endPort}`;
  return `${entry.protocol}/${entry.port}`;
}

const PROTOCOLS: string[] = [Protocol.TCP, Protocol.UDP, Protocol.SCTP];

/** Parses a protocol field; undefined/null mean TCP. Returns undefined when invalid. @internal */
export function parseProtocol(raw: unknown): Protocol | undefined {
  if (raw === undefined || raw === null) {
    return Protocol.TCP;
  }
  return typeof raw === 'string' && PROTOCOLS.includes(raw) ? raw as Protocol : undefined;
}

