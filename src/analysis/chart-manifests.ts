import { ApiObject, Chart } from 'cdk8s';

/**
 * The objects of a chart without going through `chart.toJson()`: that call validates the whole app,
 * so a validation that used it would call itself forever.
 * @internal
 */
export function chartManifestsWithoutValidation(chart: Chart): any[] {
  return chart.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
    .map((o) => o.toJson());
}
