import { UserError } from './errors';
import { KUBECTL_DEFAULT_NAMESPACE, ManifestOptions } from '../analysis/manifest-options';
import { namespaceNameProblems } from '../model/names';

/*
 * `--default-namespace NAME` of the commands that read manifests: the namespace of the objects that have
 * none. kubectl puts them in `default` without `-n`, but kustomize (`namespace:` in kustomization.yaml)
 * and `kubectl apply -n NAME` put them elsewhere, and a policy read in the wrong namespace answers for
 * the wrong pods. Set once per command (as the input limit is), read by every reading of the manifests.
 */

/** The namespaced kinds the engine reads: those an object without metadata.namespace is placed for. */
const NAMESPACED_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job',
  'CronJob', 'NetworkPolicy', 'Service']);

let given: string | undefined;

/** Sets the namespace of `--default-namespace` (undefined: kubectl's `default`); refuses a bad name. */
export function setDefaultNamespace(name: string | undefined): void {
  const [problem] = name === undefined ? [] : namespaceNameProblems(name, '--default-namespace');
  if (problem) {
    throw new UserError(`invalid --default-namespace ${JSON.stringify(name)}: ${problem.message}`,
      'give the namespace the manifests are applied to, such as --default-namespace shop');
  }
  given = name;
}

/** The namespace of objects without metadata.namespace. */
export function defaultNamespace(): string {
  return given ?? KUBECTL_DEFAULT_NAMESPACE;
}

/** How the engine reads the manifests. */
export function manifestOptions(): ManifestOptions {
  return { defaultNamespace: defaultNamespace() };
}

/** Whether the engine reads `o` in the default namespace: a namespaced kind without metadata.namespace. */
export function lacksNamespace(o: any): boolean {
  const namespace = o?.metadata?.namespace;
  return NAMESPACED_KINDS.has(o?.kind) && (typeof namespace !== 'string' || namespace === '');
}

/** The note that says which namespace the objects without one are read in; undefined when none lacks it. */
export function namespacelessNote(objects: readonly unknown[]): string | undefined {
  const count = objects.filter(lacksNamespace).length;
  if (count === 0) return undefined;
  const what = `${count} object${count === 1 ? ' has' : 's have'} no metadata.namespace`;
  return given === undefined
    ? `${what}; read as namespace "${KUBECTL_DEFAULT_NAMESPACE}" (kubectl's default without -n); ` +
      'set --default-namespace to read them elsewhere (the namespace kustomize or kubectl apply -n puts them in)'
    : `${what}; read as namespace ${JSON.stringify(given)} (--default-namespace)`;
}
