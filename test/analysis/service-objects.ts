/** Deployments and Services as plain objects, for the Service tests. */

const NS = 'boutique';

export function deployment(name: string, ports: { containerPort: number; name?: string; protocol?: string }[], ns = NS) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'server', image: `${name}:v1`, ports }] } },
    },
  };
}

export function service(name: string, selector: { [k: string]: string } | undefined, ports: any[], ns = NS, extra: any = {}) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { ...(selector ? { selector } : {}), ports, ...extra } };
}
