/**
 * AccessLabelAdmission: the synthesized ValidatingAdmissionPolicy and binding have the v1 schema, and
 * their CEL, run by a real CEL evaluator, admits exactly the pods an entitlement covers.
 */
import { Chart, Testing } from 'cdk8s';
import { admissionObjects, KubeObject, pod, review } from './cel';
import { AccessLabelAdmission, AccessLabelAdmissionProps } from '../../src/policies/access-label-admission';

const DB = 'networking/allow-db-access';

function synth(props: AccessLabelAdmissionProps, chartNamespace?: string) {
  const chart = new Chart(Testing.app(), 'test', { namespace: chartNamespace });
  const admission = new AccessLabelAdmission(chart, 'guard', props);
  const objects = Testing.synth(chart) as KubeObject[];
  return { admission, objects, ...admissionObjects(objects) };
}

const dbForApi = { namespace: 'shop', entitlements: [{ labelKey: DB, podLabels: { app: 'api' } }] };

describe('AccessLabelAdmission: the objects', () => {
  test('a v1 policy on pod CREATE and UPDATE in its namespace only, failing closed, and a Deny binding; both cluster-scoped', () => {
    const { policy, binding } = synth(dbForApi, 'shop');
    expect(policy.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(policy.metadata).toEqual({ name: 'netpol-access-labels-shop' });
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.matchConstraints).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
      resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'], scope: 'Namespaced' }],
    });
    expect(policy.spec.validations).toHaveLength(1);
    expect(binding).toEqual({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: 'netpol-access-labels-shop' },
      spec: { policyName: 'netpol-access-labels-shop', validationActions: ['Deny'] },
    });
  });

  test('name overrides both names', () => {
    const { policy, binding } = synth({ ...dbForApi, name: 'shop.access-labels' });
    expect(policy.metadata.name).toBe('shop.access-labels');
    expect(binding.spec.policyName).toBe('shop.access-labels');
  });
});

describe('AccessLabelAdmission: the CEL, evaluated', () => {
  const { policy } = synth(dbForApi);

  test.each([
    ['a pod without labels', undefined],
    ['a pod with other labels', { app: 'web' }],
    ['the entitled pod with the access label', { app: 'api', [DB]: 'true' }],
    ['the entitled pod without it', { app: 'api' }],
  ])('admits %s', (_, labels) => {
    expect(review(policy, pod('shop', labels))).toEqual({ allowed: true, messages: [] });
  });

  test.each([
    ['a pod of another app', { app: 'web', [DB]: 'true' }],
    ['a pod without app', { [DB]: 'true' }],
    ['the entitled pod with another value', { app: 'api', [DB]: 'yes' }],
    ['a pod whose app only resembles it', { app: 'api2', [DB]: 'true' }],
  ])('rejects %s carrying the access label', (_, labels) => {
    const verdict = review(policy, pod('shop', labels));
    expect(verdict.allowed).toBe(false);
    expect(verdict.messages).toEqual([`the label ${DB}=${labels[DB]} grants network access, and namespace shop grants only ` +
      `${DB}=true on pods with app=api; remove the label, or grant it to this workload where the NetworkPolicy baseline is defined`]);
  });

  test('kubectl label (an UPDATE adding the label) is checked; removing it, or an update that keeps the labels, is not', () => {
    const before = pod('shop', { app: 'web' });
    expect(review(policy, pod('shop', { app: 'web', [DB]: 'true' }), before).allowed).toBe(false);
    // relabelling an entitled pod away from its selector while it keeps the access label
    expect(review(policy, pod('shop', { app: 'web', [DB]: 'true' }), pod('shop', { app: 'api', [DB]: 'true' })).allowed).toBe(false);
    expect(review(policy, pod('shop', { app: 'api', [DB]: 'true' }), before).allowed).toBe(true);
    expect(review(policy, pod('shop', { app: 'web' }), pod('shop', { app: 'web', [DB]: 'true' })).allowed).toBe(true);
    // a pod admitted before the policy existed must stay updatable (finalizers, image...): labels unchanged
    const old = pod('shop', { app: 'web', [DB]: 'true' });
    expect(review(policy, { ...old, spec: { containers: [{ name: 'c', image: 'y' }] } }, old).allowed).toBe(true);
    expect(review(policy, pod('shop'), pod('shop')).allowed).toBe(true);
    expect(review(policy, pod('shop', { [DB]: 'true' }), pod('shop')).allowed).toBe(false);
  });

  test('several entitlements of one key: any of them; several keys: each checked, each message', () => {
    const { policy: p } = synth({
      namespace: 'shop',
      entitlements: [
        { labelKey: DB, podLabels: { app: 'api' } },
        { labelKey: DB, podLabels: { app: 'worker', tier: 'batch' } },
        { labelKey: 'networking/allow-internet-access', podLabels: { app: 'web' } },
      ],
      guardedLabels: ['networking/allow-all-connections'],
    });
    expect(p.spec.validations).toHaveLength(3);
    expect(review(p, pod('shop', { app: 'worker', tier: 'batch', [DB]: 'true' })).allowed).toBe(true);
    expect(review(p, pod('shop', { app: 'worker', [DB]: 'true' })).allowed).toBe(false);
    expect(review(p, pod('shop', { 'app': 'web', 'networking/allow-internet-access': 'true' })).allowed).toBe(true);
    const both = review(p, pod('shop', { 'app': 'api', [DB]: 'true', 'networking/allow-internet-access': 'true', 'networking/allow-all-connections': 'true' }));
    expect(both.allowed).toBe(false);
    expect(both.messages).toHaveLength(2);
    expect(both.messages[0]).toContain('networking/allow-all-connections=true grants network access, and no pod of namespace shop may carry it');
    expect(both.messages[1]).toContain('networking/allow-internet-access=true grants network access, and namespace shop grants only ' +
      'networking/allow-internet-access=true on pods with app=web;');
  });

  test('podMatchExpressions: In, NotIn, Exists, DoesNotExist', () => {
    const { policy: p } = synth({
      namespace: 'shop',
      entitlements: [{
        labelKey: DB,
        podMatchExpressions: [
          { key: 'app', operator: 'In', values: ['api', 'worker'] },
          { key: 'tier', operator: 'NotIn', values: ['debug'] },
          { key: 'team', operator: 'Exists' },
          { key: 'sandbox', operator: 'DoesNotExist' },
        ],
      }],
    });
    const ok = { app: 'worker', team: 'orders', [DB]: 'true' };
    expect(review(p, pod('shop', ok)).allowed).toBe(true);
    expect(review(p, pod('shop', { ...ok, tier: 'prod' })).allowed).toBe(true);
    expect(review(p, pod('shop', { ...ok, app: 'web' })).allowed).toBe(false);
    expect(review(p, pod('shop', { ...ok, tier: 'debug' })).allowed).toBe(false);
    expect(review(p, pod('shop', { app: 'api', [DB]: 'true' })).allowed).toBe(false);
    expect(review(p, pod('shop', { ...ok, sandbox: '' })).allowed).toBe(false);
    expect(review(p, pod('shop', { ...ok, [DB]: 'true' })).messages).toEqual([]);
    expect(review(p, pod('shop', { app: 'web', [DB]: 'true' })).messages[0]).toContain(
      'on pods with app in (api, worker), tier notin (debug), team, !sandbox');
  });

  test('a guarded key without entitlements: no pod may carry it, whatever its labels', () => {
    const { policy: p } = synth({ namespace: 'shop', guardedLabels: [DB] });
    expect(review(p, pod('shop', { app: 'api', [DB]: 'true' })).allowed).toBe(false);
    expect(review(p, pod('shop', { app: 'api', [DB]: 'false' })).allowed).toBe(false);
    expect(review(p, pod('shop', { app: 'api' })).allowed).toBe(true);
  });

  test('addEntitlement after construction is in the policy', () => {
    const chart = new Chart(Testing.app(), 'test');
    const admission = new AccessLabelAdmission(chart, 'guard', { namespace: 'shop', guardedLabels: [DB] });
    admission.addEntitlement({ labelKey: DB, podLabels: { app: 'api' } });
    const { policy: p } = admissionObjects(Testing.synth(chart) as KubeObject[]);
    expect(review(p, pod('shop', { app: 'api', [DB]: 'true' })).allowed).toBe(true);
  });
});

describe('AccessLabelAdmission: bad input is refused at construction, naming the path and the value', () => {
  const build = (props: Partial<AccessLabelAdmissionProps>) => () =>
    new AccessLabelAdmission(new Chart(Testing.app(), 'test'), 'guard', { namespace: 'shop', ...props } as AccessLabelAdmissionProps);

  test.each([
    ['an empty selector', { entitlements: [{ labelKey: DB }] }, 'test/guard: the entitlement for "networking/allow-db-access" selects every pod'],
    ['a selector on the key itself', { entitlements: [{ labelKey: DB, podLabels: { [DB]: 'true' } }] }, 'selects pods by that same label'],
    ['a bad key', { entitlements: [{ labelKey: 'Bad Key', podLabels: { app: 'api' } }] }, 'invalid label key "Bad Key" in labelKey'],
    ['a bad value', { entitlements: [{ labelKey: DB, labelValue: 'not ok', podLabels: { app: 'api' } }] }, 'invalid label value "not ok"'],
    ['a bad pod label', { entitlements: [{ labelKey: DB, podLabels: { app: 'a b' } }] }, 'invalid label value "a b" for key "app" in podLabels'],
    ['a bad operator', { entitlements: [{ labelKey: DB, podMatchExpressions: [{ key: 'app', operator: 'Equals', values: ['x'] }] }] },
      'invalid operator "Equals" in podMatchExpressions[0]'],
    ['In without values', { entitlements: [{ labelKey: DB, podMatchExpressions: [{ key: 'app', operator: 'In' }] }] }, 'In takes at least one value'],
    ['Exists with values', { entitlements: [{ labelKey: DB, podMatchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] }] },
      'Exists takes no values'],
    ['a bad guarded key', { guardedLabels: ['-x'] }, 'invalid label key "-x" in guardedLabels'],
    ['a bad name', { guardedLabels: [DB], name: 'Shop_Labels' }, 'invalid name "Shop_Labels"'],
    ['a bad namespace', { namespace: 'Shop', guardedLabels: [DB] }, 'invalid namespace "Shop"'],
    ['entitlements that are no list', { entitlements: 'x' as any }, 'invalid entitlements "x": expected a list'],
  ])('%s', (_, props, message) => {
    expect(build(props as any)).toThrow(message);
  });

  test('nothing to guard fails the synthesis (the API server rejects a policy without validations)', () => {
    const app = Testing.app();
    new AccessLabelAdmission(new Chart(app, 'test'), 'guard', { namespace: 'shop' });
    expect(() => app.synth()).toThrow('test/guard: no access label to guard');
  });
});
