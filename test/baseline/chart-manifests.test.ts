import { ApiObject, JsonPatch, Lazy, Testing } from 'cdk8s';
import { chartManifestsWithoutValidation } from '../../src/baseline/chart-manifests';
import { ClusterBaseline } from '../../src/baseline/cluster-baseline';
import { Ports } from '../../src/model/ports';
import { createNetworkPolicy } from '../../src/policies/network-policy';

/** The lint reads our own policies from their definitions; it must see exactly what toJson() writes. */
function everyToJson(chart: any): any[] {
  return chart.node.findAll().filter((c: any) => ApiObject.isApiObject(c)).map((o: ApiObject) => o.toJson());
}

describe('chartManifestsWithoutValidation', () => {
  test('equals toJson() for every object of a ClusterBaseline, with and without egress isolation', () => {
    for (const denyEgress of [false, true]) {
      const chart = Testing.chart();
      const names = ['a', 'b', 'c'];
      const cluster = new ClusterBaseline(chart, 'cluster', { namespaces: names, denyEgress });
      for (const [i, ns] of names.entries()) {
        const b = cluster.baseline(ns);
        b.addHub({ hubName: 'db', hubLabels: { zz: 'db', app: 'db' }, ports: [Ports.tcp(5432), Ports.tcpRange(9000, 9010)] });
        b.addConnection({ fromLabels: { app: 'web' }, toLabels: { app: 'api' }, ports: [Ports.tcp(8080)] });
        b.addAllowFrom({ fromNamespace: names[(i + 1) % 3], fromLabels: { app: 'web' }, toLabels: { app: 'api' }, ports: [Ports.udp(53)] });
      }
      expect(chartManifestsWithoutValidation(chart)).toStrictEqual(everyToJson(chart));
    }
  });

  test('follows later changes: JSON patches, added labels, tokens', () => {
    const chart = Testing.chart();
    const patched = createNetworkPolicy(chart, 'patched', { name: 'p', namespace: 'x', podSelector: {}, ingress: [] });
    patched.addJsonPatch(JsonPatch.add('/spec/podSelector/matchLabels', { app: 'db' }));
    const labelled = createNetworkPolicy(chart, 'labelled', { name: 'l', namespace: 'x', podSelector: {}, ingress: [] });
    labelled.metadata.addLabel('team', 'a');
    createNetworkPolicy(chart, 'lazy', {
      name: 'z', namespace: 'x', podSelector: { matchLabels: { app: Lazy.any({ produce: () => 'api' }) as any } }, egress: [],
    });
    const manifests = chartManifestsWithoutValidation(chart);
    expect(manifests).toStrictEqual(everyToJson(chart));
    expect(manifests[0].spec.podSelector).toEqual({ matchLabels: { app: 'db' } });
    expect(manifests[1].metadata.labels).toEqual({ team: 'a' });
    expect(manifests[2].spec.podSelector).toEqual({ matchLabels: { app: 'api' } });
  });
});
