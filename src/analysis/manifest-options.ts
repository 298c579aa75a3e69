import { namespaceNameProblems } from '../model/names';

/** The namespace kubectl puts an object without `metadata.namespace` in when `-n` is not given. */
export const KUBECTL_DEFAULT_NAMESPACE = 'default';

/**
 * How plain Kubernetes objects are read by `Reachability.fromManifests` and `Lint.manifests`.
 */
export interface ManifestOptions {
  /**
   * The namespace of namespaced objects that have no `metadata.namespace`, and of endpoints that name
   * none. Manifests written for kustomize (`namespace:` in kustomization.yaml) or for
   * `kubectl apply -n NAME` leave the namespace out; read them in the namespace they are applied to,
   * or a namespace selector (`kubernetes.io/metadata.name`) that names it is read against the wrong one.
   *
   * @default "default" (what kubectl uses without -n)
   */
  readonly defaultNamespace?: string;
}

/**
 * The namespace for objects without one; throws when `defaultNamespace` is not a namespace name.
 * @internal
 */
export function defaultNamespaceOf(options: ManifestOptions | undefined): string {
  const value = options?.defaultNamespace;
  if (value === undefined) return KUBECTL_DEFAULT_NAMESPACE;
  const [problem] = namespaceNameProblems(value, 'defaultNamespace');
  if (problem) {
    throw new Error(`invalid defaultNamespace ${JSON.stringify(value)}: ${problem.message}; give a namespace name such as "shop"`);
  }
  return value;
}
