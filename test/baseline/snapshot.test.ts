import { ClusterBaseline } from '../../src/baseline/cluster-baseline';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { Ports } from '../../src/model/ports';
import { synth } from '../support/kube';

// Snapshots pin the exact manifests (names, order, field layout); behaviour is asserted in the other tests.
describe('manifest snapshots', () => {
  test('a NamespaceBaseline with every option', () => {
    expect(synth((s) => new NamespaceBaseline(s, 'shop', {
      namespace: 'shop',
      createNamespace: true,
      allowSameNamespace: true,
      newDeployments: true,
      hubs: [{ hubName: 'db', hubLabels: { app: 'db' }, ports: [Ports.tcp(5432)] }],
      servers: [{ serverName: 'backup', serverLabels: { app: 'backup' } }],
      connections: [{ fromLabels: { app: 'web' }, toLabels: { app: 'api' }, ports: [Ports.tcp(8080)] }],
      allowFrom: [{ fromNamespace: 'monitoring', fromLabels: { app: 'prometheus' }, ports: [Ports.named('metrics')] }],
    }))).toMatchSnapshot();
  });

  test('a ClusterBaseline with denyEgress and a cross-namespace allow', () => {
    expect(synth((s) => {
      const cluster = new ClusterBaseline(s, 'cluster', { namespaces: ['shop', 'monitoring'], denyEgress: true, internetAccess: false });
      cluster.addAllowFrom('shop', { fromNamespace: 'monitoring', fromLabels: { app: 'prometheus' }, ports: [Ports.tcp(9090)] });
    })).toMatchSnapshot();
  });
});
