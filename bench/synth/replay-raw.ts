import { ApiObject, App, Chart } from 'cdk8s';

/**
 * The floor of cdk8s itself: the same manifests as plain `ApiObject`s, no validation and no typed
 * props. What is left is construct-tree and synthesis cost that any cdk8s library pays.
 */
export function buildRawApp(manifests: any[]): App {
  const app = new App();
  const chart = new Chart(app, 'bench');
  manifests.forEach((m, i) => {
    const { apiVersion, kind, metadata, ...rest } = m;
    new ApiObject(chart, `o${i}`, { apiVersion, kind, metadata, ...rest });
  });
  return app;
}
