/**
 * How serious a lint finding is.
 */
export enum LintSeverity {
  /** The object is rejected by the API server or does not do what it says; fails `cdk8s synth`. */
  ERROR = 'ERROR',
  /** Legal, but probably not what was meant, or weaker than the guide recommends. */
  WARNING = 'WARNING',
  /** Worth knowing; no action needed. */
  INFO = 'INFO',
}

/**
 * The Kubernetes object a finding is about.
 */
export interface ObjectReference {
  /**
   * The kind, for example `NetworkPolicy`, `Namespace` or `Deployment`.
   */
  readonly kind: string;

  /**
   * The namespace of the object.
   *
   * @default - a cluster-scoped object (a Namespace) or an object that could not be read
   */
  readonly namespace?: string;

  /**
   * The name of the object.
   *
   * @default - the object has no name
   */
  readonly name?: string;
}

/**
 * One problem found in the manifests.
 */
export interface LintFinding {
  /**
   * How serious it is.
   */
  readonly severity: LintSeverity;

  /**
   * A stable code such as `NP001` (a `LintCode` value), for filtering and documentation.
   */
  readonly code: string;

  /**
   * The object it is about.
   */
  readonly object: ObjectReference;

  /**
   * What is wrong, in words.
   */
  readonly message: string;

  /**
   * What to do about it.
   */
  readonly fix: string;
}

/** `NetworkPolicy y/allow-db`, `Namespace y`. @internal */
export function describeObject(o: ObjectReference): string {
  if (o.namespace !== undefined && o.name !== undefined) return `${o.kind} ${o.namespace}/${o.name}`;
  if (o.name !== undefined) return `${o.kind} ${o.name}`;
  return o.namespace !== undefined ? `${o.kind} in ${o.namespace}` : o.kind;
}

/** `ERROR NP001 NetworkPolicy y/db: message (fix: ...)`. @internal */
export function formatFinding(f: LintFinding): string {
  return `${f.severity} ${f.code} ${describeObject(f.object)}: ${f.message} (fix: ${f.fix})`;
}
