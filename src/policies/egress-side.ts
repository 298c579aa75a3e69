/**
 * Whether an allow also gets its egress side. Every allow admits a connection on the ingress side of
 * the pods that accept it; under default-deny egress the pods that open it need an egress policy too.
 */
export interface EgressSideOptions {
  /**
   * Also emit the egress side: for each ingress policy `<name>`, a policy `<name>-egress` on the pods
   * that open the connection, in their namespace, admitting the same connection.
   *
   * Turn it on only when the namespace of those pods denies egress: an egress policy isolates the pods
   * it selects for egress and cuts every other connection they make that no policy admits.
   *
   * @default false
   */
  readonly egress?: boolean;
}
