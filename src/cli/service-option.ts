import { ResolvedEndpoint } from './endpoints';
import { UserError } from './errors';
import { portNumberProblems } from '../model/ports';

/** `namespace/svc/name` or `namespace/svc/name:port`: the `svc` segment is not a workload kind, so it cannot be mistaken for one. */
const SERVICE = /^([^/]+)\/svc\/([^/:]+)(?::(.*))?$/i;

/**
 * `--to shop/svc/email:5000`: a v1 Service of the manifests on its port 5000 (the engine follows it to
 * the pods and their targetPort). Without `:port`, the Service port is --port. Undefined for other text.
 */
export function serviceEndpoint(value: string, option: string): ResolvedEndpoint | undefined {
  const match = SERVICE.exec(value);
  if (!match) return undefined;
  const [, namespace, service, portText] = match;
  if (option !== '--to') {
    throw new UserError(`${option} ${JSON.stringify(value)} is a Service: a Service receives connections and opens none`,
      'name one of its pods (namespace/workload) as the source');
  }
  if (portText === undefined) return { endpoint: { namespace, service }, internet: false };
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  const [problem] = portNumberProblems(port, 'port');
  if (problem) {
    throw new UserError(`${option} ${JSON.stringify(value)}: the Service port ${JSON.stringify(portText)} is not a port number`,
      `${problem.message}; write namespace/svc/name:port, for example ${option} ${namespace}/svc/${service}:80`);
  }
  return { endpoint: { namespace, service, port }, internet: false };
}
