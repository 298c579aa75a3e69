/**
 * The shared synthesis helpers check everything the copies they replace checked, for every test:
 * the schema of every kind (kubernetes-models 4.5.1), the policyTypes shape, unique policy names, and
 * the app's own validations.
 */
import { Chart, Testing } from 'cdk8s';
import { synth, synthApp, validateAll } from './kube';

const policy = (name: string, spec: any) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'shop' }, spec });

describe('validateAll', () => {
  test('accepts valid policies, namespaces, workloads and admission policies', () => {
    expect(() => validateAll([
      policy('a', { podSelector: {}, policyTypes: ['Ingress'] }),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'c', image: 'x' }] } } } },
    ])).not.toThrow();
  });

  test.each([
    ['the guide\'s `- Ingress:` map', policy('a', { podSelector: {}, policyTypes: [{ Ingress: null }] }), /policyTypes/],
    ['policyTypes left out', policy('a', { podSelector: {} }), /policyTypes undefined is not a list/],
    ['ingress rules without Ingress', policy('a', { podSelector: {}, policyTypes: ['Egress'], ingress: [] }), /ingress rules without Ingress/],
    ['egress rules without Egress', policy('a', { podSelector: {}, policyTypes: ['Ingress'], egress: [] }), /egress rules without Egress/],
    ['a workload that breaks its schema', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: {} } }, /selector/],
    ['a kind without a schema', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, /unexpected kind ConfigMap/],
  ])('refuses %s', (_what, object, message) => {
    expect(() => validateAll([object as any])).toThrow(message);
  });

  test('refuses two NetworkPolicies with one name in one namespace', () => {
    const p = policy('a', { podSelector: {}, policyTypes: ['Ingress'] });
    expect(() => validateAll([p, p])).toThrow(/duplicate NetworkPolicy shop\/a/);
  });
});

describe('synth and synthApp run the validations, as cdk8s synth does', () => {
  const failing = (chart: Chart) => chart.node.addValidation({ validate: () => ['the chart is wrong'] });

  test('synth', () => {
    expect(() => synth((scope) => failing(scope as Chart))).toThrow(/the chart is wrong/);
  });

  test('synthApp', () => {
    const app = Testing.app();
    failing(new Chart(app, 'c'));
    expect(() => synthApp(app)).toThrow(/the chart is wrong/);
  });
});
