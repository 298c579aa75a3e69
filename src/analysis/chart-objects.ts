import { Chart } from 'cdk8s';
import { isClusterPolicyKind } from './cluster-policy-model';
import { isPlainObject } from './plain-object';
import { chartOmission } from '../model/chart-omissions';

/**
 * The objects a chart synthesizes, for `Reachability.fromChart`/`fromApp` and `Lint.chart`/`app`. A
 * chart whose baseline writes its policies without metadata.namespace (`omitNamespace`) holds objects
 * meant for that namespace: they get it here, so the engine reads them where they are applied, not in
 * `default`, and every chart of an app in its own namespace.
 * @internal
 */
export function chartObjects(chart: Chart): any[] {
  const objects = chart.toJson();
  const namespace = chartOmission(chart)?.namespace;
  if (namespace === undefined) return objects;
  return objects.map((o) => {
    if (!isPlainObject(o) || o.kind === 'Namespace' || typeof o.kind !== 'string' || isClusterPolicyKind(o.kind)) return o;
    const metadata = isPlainObject(o.metadata) ? o.metadata : {};
    if (typeof metadata.namespace === 'string' && metadata.namespace !== '') return o;
    return { ...o, metadata: { ...metadata, namespace } };
  });
}
