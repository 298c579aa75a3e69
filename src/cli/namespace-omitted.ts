import { BaselineConfig } from './config';
import { UserError } from './errors';

/*
 * `omitNamespace` in the synth config (shared or per namespace) and `synth --omit-namespace`: the
 * policies of those namespaces are written without metadata.namespace, for kustomize or
 * `kubectl apply -n`. The baseline is built with the namespaces (the lint at synth reads them where
 * they belong) and the field is dropped as the objects are written, file by file.
 */

/** The namespaces of the config written without metadata.namespace (`all`: `--omit-namespace`). */
export function namespacelessNamespaces(config: BaselineConfig, all: boolean): ReadonlySet<string> {
  return new Set(config.namespaces
    .filter((ns) => all || (ns.omitNamespace ?? config.shared.omitNamespace ?? false))
    .map((ns) => ns.namespace));
}

/**
 * One YAML stream is one file, applied to one namespace: namespace-less objects beside the objects of
 * another namespace (another namespace of the config, or the egress side of an allow in its source
 * namespace) would land in the wrong one (kustomize moves them all, `kubectl apply -n` refuses the
 * others) or collide (`default-deny-ingress` twice).
 */
export function refuseNamespacelessStream(objects: readonly any[], omitted: ReadonlySet<string>): void {
  const present = [...new Set(objects.filter((o) => o?.kind !== 'Namespace' && typeof o?.metadata?.namespace === 'string')
    .map((o) => o.metadata.namespace as string))];
  const namespaceless = present.filter((namespace) => omitted.has(namespace));
  if (namespaceless.length === 0 || present.length === 1) return;
  throw new UserError(`omitNamespace is set for ${namespaceless.join(', ')}, but the policies are of ${present.length} namespaces ` +
    `(${present.join(', ')}): one YAML stream without metadata.namespace is applied to one namespace, so the others would land in it`,
  'add --out DIR to write one <namespace>.k8s.yaml per namespace, or give a config of one namespace');
}

/** The objects, those of the `omitted` namespaces without metadata.namespace (copies; the input is kept). */
export function withoutNamespaces(objects: readonly any[], omitted: ReadonlySet<string>): any[] {
  return objects.map((o) => {
    const namespace = o?.metadata?.namespace;
    if (typeof namespace !== 'string' || !omitted.has(namespace)) return o;
    const { namespace: _dropped, ...metadata } = o.metadata;
    return { ...o, metadata };
  });
}
