import { IConstruct } from 'constructs';
import { isAttached } from './detach';

/*
 * The namespace-less namespace of each chart (a baseline's omitNamespace): its objects without
 * metadata.namespace are meant for that namespace. Kept in the model, so that both the constructs that
 * write such charts and the engine that reads them (`Reachability.fromChart`, `Lint.chart`) know it.
 */

/** Per chart: the namespace, and the baseline that asked for it. */
const omissions = new WeakMap<IConstruct, { readonly namespace: string; readonly scope: IConstruct }>();

/** Records that `scope` writes objects of `namespace` without metadata.namespace into `chart`. @internal */
export function recordChartOmission(chart: IConstruct, namespace: string, scope: IConstruct): void {
  omissions.set(chart, { namespace, scope });
}

/**
 * The namespace-less namespace of `chart` and who asked for it, while that baseline is part of the app
 * (one detached after a caught construction error writes nothing). @internal
 */
export function chartOmission(chart: IConstruct): { readonly namespace: string; readonly scope: IConstruct } | undefined {
  const omission = omissions.get(chart);
  return omission !== undefined && isAttached(omission.scope) ? omission : undefined;
}
