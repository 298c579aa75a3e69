import * as fc from 'fast-check';
import { Ports } from '../../src/model/ports';
import { AllowConnection } from '../../src/policies/allow-connection';
import { CrossNamespaceAllow } from '../../src/policies/cross-namespace-allow';
import { HubAccess } from '../../src/policies/hub-access';
import { net } from '../engine/support';
import { synth } from '../support/kube';

const name = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
const labels = fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.stringMatching(/^[a-z0-9]{1,6}$/), { minKeys: 1, maxKeys: 3 });

describe('properties', () => {
  test('an AllowConnection admits exactly its source, to exactly its target, and is valid', () => {
    fc.assert(fc.property(name, labels, labels, fc.integer({ min: 1, max: 65535 }), (ns, from, to, port) => {
      const objects = synth((s) => new AllowConnection(s, 'c', { namespace: ns, fromLabels: from, toLabels: to, ports: [Ports.tcp(port)], egress: true }));
      const deny = [
        { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'di', namespace: ns }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
      ];
      const all = [...objects, ...deny];
      const src = { namespace: ns, labels: from };
      const dst = { namespace: ns, labels: to };
      expect(net(all).canConnect(src, dst, port)).toBe(true);
      expect(net(all).canConnect(src, dst, port === 65535 ? 1 : port + 1)).toBe(false);
      expect(net(all).canConnect(src, { namespace: `${ns}x`, labels: to }, port)).toBe(false);
    }), { numRuns: 60 });
  });

  test('a CrossNamespaceAllow admits only its source pods of its source namespace, whatever the labels', () => {
    fc.assert(fc.property(name, name, labels, labels, (n1, n2, from, to) => {
      fc.pre(n1 !== n2);
      const objects = synth((s) => new CrossNamespaceAllow(s, 'x', { fromNamespace: n1, fromLabels: from, toNamespace: n2, toLabels: to }));
      const target = { namespace: n2, labels: to };
      expect(net(objects).accepts(target, { namespace: n1, labels: from })).toBe(true);
      // same labels in the target namespace: not admitted (AND, not OR)
      expect(net(objects).accepts(target, { namespace: n2, labels: from })).toBe(false);
      expect(objects[0].spec.ingress[0].from).toHaveLength(1);
    }), { numRuns: 60 });
  });

  test('hub names give distinct, valid policy names', () => {
    fc.assert(fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 5 }), (hubs) => {
      const objects = synth((s) => hubs.forEach((h) => new HubAccess(s, h, { namespace: 'n', hubName: h, hubLabels: { app: h } })));
      expect(new Set(objects.map((o) => o.metadata.name)).size).toBe(hubs.length);
    }), { numRuns: 40 });
  });
});
