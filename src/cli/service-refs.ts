import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { BaselineConfig } from './config';
import { didYouMean, UserError } from './errors';
import { loadManifests } from './load-manifests';
import { WORKLOAD_KINDS } from './summary-roles';

/**
 * `synth --services PATH...`: a config can name a `v1` Service (`service: email`) only when synth sees
 * it. The manifests' Services and workloads become API objects of a scratch app, never synthesized,
 * so the baseline reads a named Service exactly as it reads one given in code: its selector, its
 * targetPorts resolved against the workloads' container ports.
 */

/** The Services of the manifests by `namespace/name`; each is an `ApiObject` construct. */
export function loadServiceRefs(paths: readonly string[]): Map<string, IConstruct> {
  const chart = new Chart(new App(), 'services');
  const services = new Map<string, IConstruct>();
  loadManifests(paths).objects.forEach(({ object: o }, i) => {
    const service = o?.kind === 'Service' && o.apiVersion === 'v1';
    if (!service && !WORKLOAD_KINDS.includes(o?.kind)) return;
    const namespace = o.metadata?.namespace ?? 'default';
    const object = new ApiObject(chart, `o${i}`, { ...o, metadata: { ...o.metadata, namespace } });
    if (service) services.set(`${namespace}/${o.metadata?.name}`, object);
  });
  return services;
}

/**
 * The config with each `service: NAME` replaced by that Service of the namespace; an unknown name is
 * refused with the Services of the namespace (and a "did you mean").
 */
export function resolveServiceNames(config: BaselineConfig, file: string, paths: readonly string[] | undefined): BaselineConfig {
  const named = config.namespaces.some((ns) => SERVICE_FIELDS.some(([list, field]) => listOf(ns, list).some((spec) => spec[field] !== undefined)));
  if (!named) return config;
  if (paths === undefined || paths.length === 0) {
    throw new UserError(`${file}: the config names Services (service: NAME), but synth has no manifests to find them in`,
      'give the manifests that hold them: cdk8s-netpol synth -c CONFIG --services k8s/ (files or folders)');
  }
  const services = loadServiceRefs(paths);
  return {
    ...config,
    namespaces: config.namespaces.map((ns) => {
      const resolved: { [list: string]: unknown[] | undefined } = {};
      for (const [list, field] of SERVICE_FIELDS) {
        resolved[list] = (ns[list] as ServiceSpec[] | undefined)?.map((spec, i) => (spec[field] === undefined ? spec : {
          ...spec,
          [field]: serviceNamed(services, ns.namespace, String(spec[field]), `${file}: namespaces[${ns.namespace}].${list}[${i}].${field}`),
        }));
      }
      return { ...ns, ...resolved };
    }),
  };
}

/** The spec lists of a namespace whose field may name a Service, and that field. */
const SERVICE_FIELDS = [
  ['internetFacing', 'service'],
  ['allowFrom', 'toService'],
  ['hubs', 'hubService'],
  ['connections', 'toService'],
] as const;

type ServiceSpec = { readonly [field: string]: unknown };

function listOf(ns: BaselineConfig['namespaces'][number], list: (typeof SERVICE_FIELDS)[number][0]): ServiceSpec[] {
  return (ns[list] as ServiceSpec[] | undefined) ?? [];
}

function serviceNamed(services: Map<string, IConstruct>, namespace: string, name: string, field: string): IConstruct {
  const found = services.get(`${namespace}/${name}`);
  if (found !== undefined) return found;
  const here = [...services.keys()].filter((k) => k.startsWith(`${namespace}/`)).map((k) => k.slice(namespace.length + 1));
  const hint = didYouMean(name, here);
  throw new UserError(`${field} ${JSON.stringify(name)}: no v1 Service of that name in namespace ${namespace} in the --services manifests` +
    (hint ? `; did you mean "${hint}"?` : here.length > 0 ? `; it has ${here.slice(0, 20).join(', ')}` : ' (they hold no Service of that namespace)'),
  'name a Service of the namespace, or add the manifests that hold it to --services');
}
