import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { namespace, pod, policy } from './e2e-cluster';
import { Lint, lintManifests } from '../../src/analysis/lint';
import { LintSeverity } from '../../src/analysis/lint-finding';
import { NetworkPolicyLintValidation } from '../../src/analysis/lint-validation';

const denyAll = (ns: string) => policy(ns, 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress'] });
/** A namespace that passes every check: declared, one pod, default-deny. */
const clean = (ns = 'x') => [namespace(ns), pod(ns, 'a'), denyAll(ns)];
const codes = (manifests: any[], code: string) => lintManifests(manifests).filter((f) => f.code === code);

test('a clean namespace has no findings at all', () => {
  expect(lintManifests(clean())).toEqual([]);
});

describe('NP001/NP002: the guide\'s broken policyTypes shapes', () => {
  // Exactly the guide's sample, as YAML, so the test covers what a YAML parser makes of it.
  const guideYaml = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-db-access
  namespace: x
spec:
  podSelector:
    matchLabels:
      app: "db"
  policyTypes:
    - Ingress:
      ingress:
        - from:
            - podSelector:
                matchLabels:
                  networking/allow-db-access: "true"
`;
  test('`- Ingress:` with ingress nested under it: NP001 and NP002 errors', () => {
    const objects = parseAllDocuments(guideYaml).map((d) => d.toJS());
    const findings = lintManifests([...clean(), ...objects]);
    const np001 = findings.find((f) => f.code === 'NP001')!;
    expect(np001).toMatchObject({ severity: LintSeverity.ERROR, object: { kind: 'NetworkPolicy', namespace: 'x', name: 'allow-db-access' } });
    expect(np001.message).toMatch(/trailing colon/);
    expect(np001.fix).toMatch(/policyTypes: \[Ingress\]/);
    expect(findings.find((f) => f.code === 'NP002')).toMatchObject({ severity: LintSeverity.ERROR });
  });

  test('a map entry without nested rules is NP001 only; a misspelt type is NP001', () => {
    expect(codes([...clean(), policy('x', 'p', { podSelector: {}, policyTypes: [{ Ingress: null }] })], 'NP002')).toEqual([]);
    expect(codes([...clean(), policy('x', 'p', { podSelector: {}, policyTypes: [{ Ingress: null }] })], 'NP001')).toHaveLength(1);
    expect(codes([...clean(), policy('x', 'p', { podSelector: {}, policyTypes: ['ingress'] })], 'NP001')[0].message).toMatch(/"ingress"/);
    expect(codes([...clean(), policy('x', 'p', { podSelector: {}, policyTypes: 'Ingress' })], 'NP001')).toHaveLength(1);
  });

  test('silent on plain strings', () => {
    expect(codes([...clean(), policy('x', 'p', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })], 'NP001')).toEqual([]);
  });
});

describe('NP003: duplicate names', () => {
  test('the same kind, namespace and name twice is an error', () => {
    const twice = [...clean(), policy('x', 'allow-db-access', { podSelector: {}, policyTypes: ['Ingress'] }),
      policy('x', 'allow-db-access', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Ingress'] })];
    expect(codes(twice, 'NP003')).toEqual([expect.objectContaining({ severity: LintSeverity.ERROR, object: { kind: 'NetworkPolicy', namespace: 'x', name: 'allow-db-access' } })]);
  });
  test('silent for the same name in two namespaces or two kinds', () => {
    const ok = [...clean('x'), ...clean('y'), { kind: 'Deployment', metadata: { name: 'a', namespace: 'x' }, spec: { template: { metadata: { labels: { pod: 'a' } }, spec: {} } } }];
    expect(codes(ok, 'NP003')).toEqual([]);
  });
});

describe('NP004: policyTypes left to the default', () => {
  test('fires, and names the default the API server will apply', () => {
    const f = codes([...clean(), policy('x', 'p', { podSelector: {}, egress: [{}] })], 'NP004');
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/\[Ingress, Egress\]/);
    expect(codes([...clean(), policy('x', 'p', { podSelector: {}, policyTypes: [] })], 'NP004')).toHaveLength(1);
  });
  test('silent when explicit', () => {
    expect(codes(clean(), 'NP004')).toEqual([]);
  });
});

describe('NP005/NP006: isolation gaps', () => {
  test('a namespace with pods and no default-deny; pods nobody isolates', () => {
    const manifests = [namespace('x'), pod('x', 'a'), pod('x', 'b'), policy('x', 'only-a', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Ingress'] })];
    expect(codes(manifests, 'NP005')).toEqual([expect.objectContaining({ object: { kind: 'Namespace', name: 'x' } })]);
    expect(codes(manifests, 'NP006')).toEqual([expect.objectContaining({ object: { kind: 'Pod', namespace: 'x', name: 'b' } })]);
  });
  test('an egress-only default-deny does not count as ingress isolation', () => {
    const manifests = [namespace('x'), pod('x', 'a'), policy('x', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] })];
    expect(codes(manifests, 'NP005')).toHaveLength(1);
    expect(codes(manifests, 'NP006')).toHaveLength(1);
  });
  test('silent with a default-deny, for namespaces without pods, and for hostNetwork pods', () => {
    expect(codes(clean(), 'NP005')).toEqual([]);
    expect(codes(clean(), 'NP006')).toEqual([]);
    expect(codes([namespace('empty')], 'NP005')).toEqual([]);
    expect(codes([namespace('x'), pod('x', 'h', { hostNetwork: true })], 'NP006')).toEqual([]);
  });
});

describe('NP007/NP008: selectors that select nothing', () => {
  test('a policy whose podSelector matches no pod of its namespace', () => {
    const f = codes([...clean(), policy('x', 'typo', { podSelector: { matchLabels: { app: 'dbb' } }, policyTypes: ['Ingress'] })], 'NP007');
    expect(f).toEqual([expect.objectContaining({ object: { kind: 'NetworkPolicy', namespace: 'x', name: 'typo' } })]);
    expect(f[0].message).toMatch(/app=dbb/);
  });
  test('silent when it selects a pod, or when the input has no pods in that namespace', () => {
    expect(codes([...clean(), policy('x', 'a', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Ingress'] })], 'NP007')).toEqual([]);
    expect(codes([namespace('x'), policy('x', 'typo', { podSelector: { matchLabels: { app: 'dbb' } }, policyTypes: ['Ingress'] })], 'NP007')).toEqual([]);
  });
  test('a peer that matches no pod', () => {
    const p = policy('x', 'from-typo', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'a' } } }, { podSelector: { matchLabels: { pod: 'zz' } } }] }] });
    const f = codes([...clean(), p], 'NP008');
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/spec\.ingress\[0\]\.from\[1\]/);
  });
  test('a cross-namespace peer is checked only when its namespaces have pods in the input', () => {
    const p = policy('x', 'from-y', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'y' } }, podSelector: { matchLabels: { pod: 'zz' } } }] }] });
    expect(codes([...clean(), namespace('y'), p], 'NP008')).toEqual([]);
    expect(codes([...clean(), ...clean('y'), p], 'NP008')).toHaveLength(1);
  });
});

describe('NP009: namespaceSelector on a label no namespace carries', () => {
  const fromNs = (labels: any) => policy('y', 'from-n1', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: labels } }] }] });
  test('error when the input declares the namespace it meant (the guide\'s networking/namespace label)', () => {
    const f = codes([...clean('y'), namespace('n1'), fromNs({ 'networking/namespace': 'n1' })], 'NP009');
    expect(f).toEqual([expect.objectContaining({ severity: LintSeverity.ERROR })]);
    expect(f[0].fix).toMatch(/Namespace n1/);
  });
  test('warning when the namespace is not managed here', () => {
    expect(codes([...clean('y'), fromNs({ 'networking/namespace': 'n1' })], 'NP009')).toEqual([expect.objectContaining({ severity: LintSeverity.WARNING })]);
  });
  test('info only for kubernetes.io/metadata.name of a namespace outside the input (kube-system)', () => {
    expect(codes([...clean('y'), fromNs({ 'kubernetes.io/metadata.name': 'kube-system' })], 'NP009')).toEqual([expect.objectContaining({ severity: LintSeverity.INFO })]);
  });
  test('silent when a namespace carries the label, including the automatic one', () => {
    expect(codes([...clean('y'), namespace('n1', { 'networking/namespace': 'n1' }), fromNs({ 'networking/namespace': 'n1' })], 'NP009')).toEqual([]);
    expect(codes([...clean('y'), namespace('n1'), fromNs({ 'kubernetes.io/metadata.name': 'n1' })], 'NP009')).toEqual([]);
    expect(codes([...clean('y'), pod('n1', 'a'), fromNs({ 'kubernetes.io/metadata.name': 'n1' })], 'NP009')).toEqual([]);
  });
});

describe('NP010: spoofable namespace labels', () => {
  test('warns once per key other than kubernetes.io/metadata.name', () => {
    const p = policy('x', 'p', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{
        from: [
          { namespaceSelector: { matchLabels: { team: 'a' } } },
          { namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['b'] }] } },
        ],
      }],
    });
    expect(codes([...clean(), namespace('t', { team: 'a' }), p], 'NP010')).toEqual([expect.objectContaining({ severity: LintSeverity.WARNING })]);
  });
  test('silent for kubernetes.io/metadata.name and for an empty namespaceSelector', () => {
    const p = policy('x', 'p', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{
        from: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'x' } } }, { namespaceSelector: {} },
        ],
      }],
    });
    expect(codes([...clean(), p], 'NP010')).toEqual([]);
  });
});

describe('NP010 on policies the API server rejects, where the rules can still be read', () => {
  // The guide's cross-namespace sample: rules nested under `- Ingress:`, a spoofable namespace label.
  const nested = (ns: string, key: string) => policy(ns, 'p', {
    podSelector: {},
    policyTypes: [{ Ingress: null, ingress: [{ from: [{ namespaceSelector: { matchLabels: { [key]: 'n1' } }, podSelector: {} }] }] }],
  });
  test('rules nested under policyTypes: NP001 and NP002 errors, and the spoofable label is still reported', () => {
    const findings = lintManifests([...clean(), nested('x', 'networking/namespace')]);
    expect(findings.filter((f) => f.object.name === 'p').map((f) => `${f.severity} ${f.code}`)).toEqual(['ERROR NP001', 'ERROR NP002', 'WARNING NP010']);
    expect(findings.find((f) => f.code === 'NP010')!.message).toContain('"networking/namespace"');
  });
  test('a rejected policy under spec (bad port) with a spoofable label in an egress rule', () => {
    const p = policy('x', 'p', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'a' } } }], ports: [{ port: 0 }] }],
    });
    expect(codes([...clean(), p], 'NP011')).toHaveLength(1);
    expect(codes([...clean(), p], 'NP010')).toEqual([expect.objectContaining({ severity: LintSeverity.WARNING, object: { kind: 'NetworkPolicy', namespace: 'x', name: 'p' } })]);
  });
  test('silent when the nested rules select namespaces by kubernetes.io/metadata.name', () => {
    expect(codes([...clean(), nested('x', 'kubernetes.io/metadata.name')], 'NP010')).toEqual([]);
  });
});

describe('NP011: names the API server rejects', () => {
  test('an upper-case metadata.namespace (the guide\'s N2) is an error for every object in it, and the object is still read', () => {
    const manifests = [...clean(), pod('N2', 'b'), denyAll('N2')];
    const f = codes(manifests, 'NP011');
    expect(f.map((x) => `${x.severity} ${x.object.kind} ${x.object.namespace}/${x.object.name}`)).toEqual([
      'ERROR Pod N2/b', 'ERROR NetworkPolicy N2/default-deny-all',
    ]);
    expect(f[0].message).toContain('metadata.namespace "N2"');
    expect(f[0].fix).toContain('n2');
    // Read as written: the pod is isolated by the policy of its (invalid) namespace, so no NP005/NP006.
    expect(lintManifests(manifests).filter((x) => x.code !== 'NP011')).toEqual([]);
  });
  test('invalid metadata.name: a Namespace must be a DNS-1123 label, other objects a DNS-1123 subdomain', () => {
    const f = codes([...clean(), namespace('Team_A'), pod('x', 'Web'), pod('x', 'web.v1'), policy('x', 'allow_all', { podSelector: {}, policyTypes: ['Ingress'] }),
      namespace('a.b')], 'NP011');
    expect(f.map((x) => `${x.object.kind} ${x.object.name}`)).toEqual(['Namespace Team_A', 'Pod Web', 'NetworkPolicy allow_all', 'Namespace a.b']);
    expect(f.every((x) => x.severity === LintSeverity.ERROR && /metadata\.name/.test(x.message))).toBe(true);
  });
  test('valid names are silent', () => {
    expect(codes([...clean('team-a'), pod('team-a', 'web.v1')], 'NP011')).toEqual([]);
  });
  test('a namespaceSelector on kubernetes.io/metadata.name naming an invalid namespace matches nothing, ever: NP009 error', () => {
    const p = policy('x', 'p', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'N1' } } }] }],
    });
    const f = codes([...clean(), p], 'NP009');
    expect(f).toEqual([expect.objectContaining({ severity: LintSeverity.ERROR })]);
    expect(f[0].message).toContain('"N1"');
    const valid = policy('x', 'p', { ...p.spec, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'n1' } } }] }] });
    expect(codes([...clean(), valid], 'NP009')).toEqual([expect.objectContaining({ severity: LintSeverity.INFO })]);
  });
});

describe('NP011/NP012/NP013: reading problems', () => {
  test('an object the API server rejects (bad selector operator, CIDR with host bits, bad port) is an error and ignored', () => {
    const bad = [
      policy('x', 'op', { podSelector: { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] }, policyTypes: ['Ingress'] }),
      policy('x', 'cidr', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.5/8' } }] }] }),
      policy('x', 'port', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 80, endPort: 70 }] }] }),
      policy('x', 'peer', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{}] }] }),
    ];
    const f = codes([...clean(), ...bad], 'NP011');
    expect(f.map((x) => x.object.name)).toEqual(['op', 'cidr', 'port', 'peer']);
    expect(f.every((x) => x.severity === LintSeverity.ERROR && /ignores this policy/.test(x.message))).toBe(true);
    expect(f[1].message).toMatch(/did you mean 10\.0\.0\.0\/8/);
  });
  test('rules for a direction the policy does not isolate', () => {
    expect(codes([...clean(), policy('x', 'p', { podSelector: {}, policyTypes: ['Egress'], ingress: [{}] })], 'NP012')).toHaveLength(1);
    expect(codes([...clean(), policy('x', 'p', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}] })], 'NP012')).toEqual([]);
  });
  test('hostNetwork pods are reported as outside NetworkPolicy', () => {
    expect(codes([...clean(), pod('x', 'h', { hostNetwork: true })], 'NP013')).toEqual([expect.objectContaining({ severity: LintSeverity.INFO })]);
    expect(codes(clean(), 'NP013')).toEqual([]);
  });
});

describe('options', () => {
  test('namespaces limits findings to those namespaces; ignore drops codes; errors come first', () => {
    const manifests = [namespace('x'), pod('x', 'a'), namespace('y'), pod('y', 'a'), policy('y', 'p', { podSelector: {}, policyTypes: ['ingress'] })];
    const onlyX = Lint.manifests(manifests, { namespaces: ['x'] });
    expect(new Set(onlyX.map((f) => f.object.namespace ?? f.object.name))).toEqual(new Set(['x']));
    expect(Lint.manifests(manifests, { ignore: ['NP006'] }).some((f) => f.code === 'NP006')).toBe(false);
    expect(Lint.manifests(manifests)[0].severity).toBe(LintSeverity.ERROR);
    expect(Lint.format(Lint.manifests(manifests))[0]).toMatch(/^ERROR NP001 NetworkPolicy y\/p: /);
  });
});

describe('NetworkPolicyLintValidation (cdk8s validation)', () => {
  function chartWith(policyTypes: any, namespaces?: string[]): App {
    const app = Testing.app();
    const chart = new Chart(app, 'chart');
    new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } });
    new ApiObject(chart, 'deny', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'x' }, spec: { podSelector: {}, policyTypes } });
    chart.node.addValidation(new NetworkPolicyLintValidation(chart, { namespaces }));
    return app;
  }
  test('app.synth() fails on an ERROR finding, with its message', () => {
    expect(() => chartWith([{ Ingress: null }]).synth()).toThrow(/NP001 NetworkPolicy x\/deny/);
  });
  test('app.synth() passes when there are only warnings, or when the error is outside the namespaces', () => {
    expect(() => chartWith(['Ingress']).synth()).not.toThrow();
    expect(() => chartWith([{ Ingress: null }], ['other']).synth()).not.toThrow();
  });
  test('failOnWarnings turns warnings into failures', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'chart');
    new ApiObject(chart, 'pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'x' }, spec: { containers: [] } });
    chart.node.addValidation(new NetworkPolicyLintValidation(chart, { failOnWarnings: true }));
    expect(() => app.synth()).toThrow(/NP005/);
  });
});
