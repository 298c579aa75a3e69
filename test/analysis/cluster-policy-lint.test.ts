/**
 * Lint of cluster-scoped policies: NP022 (shadowed rule), NP023 (Baseline rules NetworkPolicies make
 * unreachable), NP024 (v1alpha1 beside v1alpha2), NP025 (CRD limits), NP026 (same-priority overlap).
 */
import { cluster, policy } from './e2e-cluster';
import { Lint } from '../../src/analysis/lint';
import { LintCode } from '../../src/analysis/lint-code';

const all = { namespaces: {} };
const ns = (n: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } });
const cnp = (name: string, tier: string, priority: number, spec: any) =>
  ({ apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name }, spec: { tier, priority, ...spec } });
const codes = (manifests: any[]) => Lint.manifests(manifests).filter((f) => f.code >= 'NP022').map((f) => `${f.code} ${f.object.name}`);

describe('cluster-scoped policy lint', () => {
  test('NP022: a rule matched in full by an earlier rule, in an earlier policy or earlier in its own', () => {
    const first = cnp('first', 'Admin', 1, { subject: all, egress: [{ action: 'Deny', to: [{ networks: ['169.254.0.0/16'] }] }] });
    const later = cnp('later', 'Admin', 2, {
      subject: { namespaces: ns('x') },
      egress: [{ action: 'Accept', to: [{ networks: ['169.254.169.254/32'] }], protocols: [{ tcp: { destinationPort: { number: 80 } } }] },
        { action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }] }],
      ingress: [{ action: 'Accept', from: [{ namespaces: {} }] }, { action: 'Deny', from: [{ namespaces: ns('y') }] }],
    });
    const findings = Lint.manifests([...cluster(), first, later]).filter((f) => f.code === LintCode.NP022);
    expect(findings.map((f) => f.message)).toEqual([
      'ingress rule 1 of ClusterNetworkPolicy/later (Deny) never applies: rule 0 of ClusterNetworkPolicy/later (Accept) comes first in the Admin tier and matches all of its traffic',
      'egress rule 0 of ClusterNetworkPolicy/later (Accept) never applies: rule 0 of ClusterNetworkPolicy/first (Deny) comes first in the Admin tier and matches all of its traffic',
    ]);
    // A narrower earlier subject does not shadow, nor does an equal priority (that is NP026's business).
    const narrow = cnp('first', 'Admin', 1, { subject: { namespaces: ns('y') }, egress: first.spec.egress });
    const tie = cnp('first', 'Admin', 2, { subject: all, egress: first.spec.egress });
    expect(codes([...cluster(), tie, later])).toEqual(['NP022 later', 'NP026 later']);
    expect(codes([...cluster(), narrow, later])).toEqual(['NP022 later']);
  });

  test('NP023: Baseline rules for pods that NetworkPolicies all select', () => {
    const baseline = cnp('baseline', 'Baseline', 1, { subject: { namespaces: ns('x') }, ingress: [{ action: 'Deny', from: [all] }] });
    const denyX = policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
    expect(codes([...cluster(), baseline, denyX])).toEqual(['NP023 baseline']);
    expect(codes([...cluster(), baseline])).toEqual([]);
  });

  test('NP024: v1alpha1 objects beside v1alpha2 ones', () => {
    const anp = {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'old' },
      spec: { priority: 5, subject: all, ingress: [{ action: 'Allow', from: [all] }] },
    };
    const c = cnp('new', 'Admin', 1, { subject: all, ingress: [{ action: 'Deny', from: [{ namespaces: ns('z') }] }] });
    expect(codes([...cluster(), anp])).toEqual([]);
    expect(codes([...cluster(), anp, c])).toEqual(['NP024 old']);
  });

  test('NP025: the CRD limits (priority, counts, rule names, the BANP name)', () => {
    const rules = Array.from({ length: 26 }, () => ({ action: 'Deny', from: [all] }));
    const tooMany = cnp('many', 'Admin', 1, { subject: all, ingress: rules });
    const peers = cnp('peers', 'Admin', 1, { subject: all, ingress: [{ action: 'Deny', from: Array.from({ length: 26 }, () => all) }] });
    const named = cnp('named', 'Admin', -1, { subject: all, ingress: [{ name: 'n'.repeat(101), action: 'Deny', from: [all] }] });
    const findings = Lint.manifests([...cluster(), tooMany, peers, named]).filter((f) => f.code === LintCode.NP025);
    expect(findings.map((f) => f.message.split('; the API server')[0])).toEqual([
      'spec.ingress has 26 items: at most 25 are allowed',
      'spec.ingress[0].from has 26 items: at most 25 are allowed',
      'spec.priority is -1: it must be from 0 to 1000; spec.ingress[0].name must be a string of at most 100 characters, got "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn',
    ]);
  });

  test('NP026: same tier and priority, overlapping subjects, different actions', () => {
    const a = cnp('a', 'Admin', 3, { subject: all, ingress: [{ action: 'Accept', from: [{ namespaces: ns('y') }] }] });
    const denyX = { subject: { namespaces: ns('x') }, ingress: [{ action: 'Deny', from: [all] }] };
    expect(codes([...cluster(), a, cnp('b', 'Admin', 3, denyX)])).toEqual(['NP026 b']);
    expect(codes([...cluster(), a, cnp('b', 'Admin', 4, denyX)])).toEqual([]);
  });
});
