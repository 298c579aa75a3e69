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
  const named = config.namespaces.some((ns) => ns.internetFacing?.some((i) => i.service !== undefined) ||
    ns.allowFrom?.some((a) => a.toService !== undefined) || ns.hubs?.some((h) => h.hubService !== undefined) ||
    ns.connections?.some((c) => c.toService !== undefined));
  if (!named) return config;
  if (paths === undefined || paths.length === 0) {
    throw new UserError(`${file}: the config names Services (service: NAME), but synth has no manifests to find them in`,
      'give the manifests that hold them: cdk8s-netpol synth -c CONFIG --services k8s/ (files or folders)');
  }
  const services = loadServiceRefs(paths);
  return {
    ...config,
    namespaces: config.namespaces.map((ns) => {
      const find = (name: unknown, field: string) => serviceNamed(services, ns.namespace, String(name), `${file}: namespaces[${ns.namespace}].${field}`);
      return {
        ...ns,
        internetFacing: ns.internetFacing?.map((spec, i) => (spec.service === undefined ? spec
          : { ...spec, service: find(spec.service, `internetFacing[${i}].service`) })),
        allowFrom: ns.allowFrom?.map((spec, i) => (spec.toService === undefined ? spec
          : { ...spec, toService: find(spec.toService, `allowFrom[${i}].toService`) })),
        hubs: ns.hubs?.map((spec, i) => (spec.hubService === undefined ? spec
          : { ...spec, hubService: find(spec.hubService, `hubs[${i}].hubService`) })),
        connections: ns.connections?.map((spec, i) => (spec.toService === undefined ? spec
          : { ...spec, toService: find(spec.toService, `connections[${i}].toService`) })),
      };
    }),
  };
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
