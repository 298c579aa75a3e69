/**
 * Label keys that are names of Object.prototype members (`constructor`, `toString`, `__proto__`...) are
 * valid Kubernetes label keys: they are validated, synthesized and enforced like any other.
 */
import { Chart, Testing } from 'cdk8s';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { net } from '../engine/support';
import { validateAll } from '../support/kube';

function synthBaseline(build: (b: NamespaceBaseline) => void): any[] {
  const chart = new Chart(Testing.app(), 'test');
  build(new NamespaceBaseline(chart, 'shop', { namespace: 'shop', denyEgress: true }));
  const objects = Testing.synth(chart);
  validateAll(objects);
  return objects;
}

describe('label keys named like Object.prototype members', () => {
  test.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])('the label key %s synthesizes and selects exactly its pods', (key) => {
    const objects = synthBaseline((b) => {
      b.addHub({ hubName: 'db', hubLabels: { [key]: 'db' } });
      b.addConnection({ fromLabels: { [key]: 'web' }, toLabels: { app: 'api' } });
    });
    const hub = objects.find((o) => o.metadata.name === 'allow-db-access');
    expect(hub.spec.podSelector.matchLabels).toEqual({ [key]: 'db' });
    expect(Object.prototype.hasOwnProperty.call(hub.spec.podSelector.matchLabels, key)).toBe(true);
    const n = net(objects);
    const client = { namespace: 'shop', labels: { 'networking/allow-db-access': 'true' } };
    expect(n.canConnect(client, { namespace: 'shop', labels: { [key]: 'db' } })).toBe(true);
    expect(n.canConnect(client, { namespace: 'shop', labels: { app: 'db' } })).toBe(false);
    expect(n.canConnect({ namespace: 'shop', labels: { [key]: 'web' } }, { namespace: 'shop', labels: { app: 'api' } })).toBe(true);
  });
});
