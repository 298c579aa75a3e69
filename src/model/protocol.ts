/**
 * Transport protocols a NetworkPolicy port can name.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicyport-v1-networking-k8s-io
 */
export enum Protocol {
  /** Transmission Control Protocol (the Kubernetes default). */
  TCP = 'TCP',
  /** User Datagram Protocol. */
  UDP = 'UDP',
  /** Stream Control Transmission Protocol. */
  SCTP = 'SCTP',
}
