import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { parseAllDocuments } from 'yaml';
import { namespace, pod, policy } from './e2e-cluster';
import { Lint, lintManifests } from '../../src/analysis/lint';
import { LintSeverity } from '../../src/analysis/lint-finding';
import { Reachability } from '../../src/analysis/reachability';
import * as chartManifests from '../../src/baseline/chart-manifests';
import { ClusterBaseline } from '../../src/baseline/cluster-baseline';
import { NetworkPolicyLintValidation } from '../../src/baseline/lint-validation';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { Ports } from '../../src/model/ports';
import { AllowDnsEgress } from '../../src/policies/allow-dns-egress';
import { DefaultDenyEgress } from '../../src/policies/default-deny-egress';
import { DefaultDenyIngress } from '../../src/policies/default-deny-ingress';
import { InternetEgress } from '../../src/policies/internet-egress';

const denyAll = (ns: string) => policy(ns, 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress'] });
/** A namespace that passes every check: declared, one pod, default-deny. */
const clean = (ns = 'x') => [namespace(ns), pod(ns, 'a'), denyAll(ns)];
const policyNamesOf = (app: App): string[] =>
  app.charts.flatMap((c) => c.toJson()).filter((o: any) => o.kind === 'NetworkPolicy').map((o: any) => o.metadata.name);
const codes = (manifests: any[], code: string) => lintManifests(manifests).filter((f) => f.code === code);

test('a clean namespace has no findings at all', () => {
  expect(lintManifests(clean())).toEqual([]);
});

test('findings come errors first, then warnings, then info, each by code, and in reading order within a code', () => {
  // Several namespaces, each with pods and no policy (NP005, NP006), policies without policyTypes (NP004), a
  // namespaceSelector on a label no namespace carries (NP009), a broken policyTypes (NP001): scrambled in input.
  const manifests = ['c', 'a', 'b'].flatMap((ns) => [
    namespace(ns), pod(ns, 'p'),
    policy(ns, 'no-types', { podSelector: { matchLabels: { app: 'none' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'x' } } }] }] }),
    policy(ns, 'broken', { podSelector: {}, policyTypes: [{ Ingress: null }] }),
  ]);
  const findings = lintManifests(manifests);
  const rank = { [LintSeverity.ERROR]: 0, [LintSeverity.WARNING]: 1, [LintSeverity.INFO]: 2 };
  const keys = findings.map((f) => `${rank[f.severity]} ${f.code}`);
  expect(new Set(findings.map((f) => f.code)).size).toBeGreaterThan(3);
  expect(keys).toEqual([...keys].sort());
  // within one code, in the order the objects were read (namespaces c, a, b)
  const np004 = findings.filter((f) => f.code === 'NP004').map((f) => f.object.namespace);
  expect(np004).toEqual(['c', 'a', 'b']);
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

describe('NP005/NP014/NP015: an allow-all on every pod is no default-deny', () => {
  const allowAll = (ns: string, types: string[], rules: any) => policy(ns, 'allow-all', { podSelector: {}, policyTypes: types, ...rules });

  test.each([
    ['ingress: [{}]', [{}]],
    ['ingress: [null] (a bare `- `)', [null]],
    ['from: [] and ports: []', [{ from: [], ports: [] }]],
    ['from every namespace', [{ from: [{ namespaceSelector: {} }] }]],
    ['from every namespace, with podSelector: {}', [{ from: [{ namespaceSelector: {}, podSelector: {} }] }]],
    ['from 0.0.0.0/0', [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }]],
    ['every port of every protocol', [{ ports: [{ protocol: 'TCP' }, { protocol: 'UDP' }, { protocol: 'SCTP' }] }]],
  ])('%s: NP005 still fires, and NP015 names the rule', (_, ingress) => {
    const manifests = [namespace('x'), pod('x', 'a'), allowAll('x', ['Ingress'], { ingress })];
    const np005 = codes(manifests, 'NP005');
    expect(np005).toHaveLength(1);
    expect(np005[0].message).toMatch(/x\/allow-all selects every pod but spec.ingress\[0\] admits every/);
    const np015 = codes(manifests, 'NP015');
    expect(np015).toEqual([expect.objectContaining({ severity: LintSeverity.WARNING, object: { kind: 'NetworkPolicy', namespace: 'x', name: 'allow-all' } })]);
    expect(np015[0].message).toMatch(/spec.ingress\[0\] admits every .* on every port, and the policy selects every pod of x/);
    expect(np015[0].message).toMatch(/it denies nothing/);
  });

  test('the allow-all audit passed with no finding: the reachability engine agrees that it admits everyone', () => {
    const manifests = [namespace('x'), pod('x', 'a'), allowAll('x', ['Ingress'], { ingress: [{}] })];
    expect(Reachability.fromManifests(manifests).canConnect({ ip: '198.51.100.7' }, { namespace: 'x', pod: 'a' }, { port: 22 })).toBe(true);
    expect(lintManifests(manifests).map((f) => f.code).sort()).toEqual(['NP005', 'NP015']);
  });

  test('a real default-deny beside it still counts, but the allow-all is still reported', () => {
    const manifests = [...clean(), allowAll('x', ['Ingress'], { ingress: [{}] })];
    expect(codes(manifests, 'NP005')).toEqual([]);
    expect(codes(manifests, 'NP015')).toHaveLength(1);
  });

  test.each([
    ['a port', [{ ports: [{ port: 80 }] }]],
    ['one protocol only', [{ ports: [{ protocol: 'TCP' }, { protocol: 'UDP' }] }]],
    ['the namespace\'s own pods', [{ from: [{ podSelector: {} }] }]],
    ['0.0.0.0/0 except a range', [{ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] }]],
    ['labelled namespaces', [{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }] }]],
  ])('a rule limited to %s is a default-deny with exceptions: no NP005, no NP015', (_, ingress) => {
    const manifests = [namespace('x'), pod('x', 'a'), allowAll('x', ['Ingress'], { ingress })];
    expect(codes(manifests, 'NP005')).toEqual([]);
    expect(codes(manifests, 'NP015')).toEqual([]);
  });

  test('an allow-all on some pods is a choice (a public server), not NP015', () => {
    expect(codes([...clean(), policy('x', 'public', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Ingress'], ingress: [{}] })], 'NP015')).toEqual([]);
  });

  test('egress: an allow-all egress on every pod is no default-deny egress, so NP014 fires and says the restriction has no effect', () => {
    const narrow = policy('x', 'a-to-b', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] });
    const manifests = [...clean(), pod('x', 'b'), allowAll('x', ['Egress'], { egress: [{ to: [{ ipBlock: { cidr: '::/0' } }, { namespaceSelector: {} }] }] }), narrow];
    const np014 = codes(manifests, 'NP014');
    expect(np014.map((f) => f.object.name)).toEqual(['a-to-b']);
    expect(np014[0].message).toMatch(/x\/allow-all selects every pod but spec.egress\[0\] admits every .* so this policy restricts nothing/);
    expect(np014[0].fix).toMatch(/^replace the allow-all with a default-deny egress policy/);
    const np015 = codes(manifests, 'NP015');
    expect(np015.map((f) => f.object.name)).toEqual(['allow-all']);
    expect(np015[0].message).toMatch(/spec.egress\[0\] admits every IPv6 address and every pod of every namespace on every port/);
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
  test('an upper-case metadata.namespace (the guide\'s N2) is an error for every object in it, and the object is left out', () => {
    const manifests = [...clean(), pod('N2', 'b'), denyAll('N2')];
    const f = codes(manifests, 'NP011');
    expect(f.map((x) => `${x.severity} ${x.object.kind} ${x.object.namespace}/${x.object.name}`)).toEqual([
      'ERROR Pod N2/b', 'ERROR NetworkPolicy N2/default-deny-all',
    ]);
    expect(f[0].message).toContain('metadata.namespace "N2"');
    expect(f[0].fix).toContain('n2');
    // Left out (neither can exist), so N2 is no namespace of the analysis: no NP005/NP006 about it.
    expect(lintManifests(manifests).filter((x) => x.code !== 'NP011')).toEqual([]);
    expect(Reachability.fromManifests(manifests).namespaces).toEqual(['x']);
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
  test('an object the API server rejects (bad selector operator, CIDR with a zone id, bad port) is an error and ignored', () => {
    const bad = [
      policy('x', 'op', { podSelector: { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] }, policyTypes: ['Ingress'] }),
      policy('x', 'cidr', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: 'fe80::1%eth0/64' } }] }] }),
      policy('x', 'port', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 80, endPort: 70 }] }] }),
      policy('x', 'peer', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{}] }] }),
    ];
    const f = codes([...clean(), ...bad], 'NP011');
    expect(f.map((x) => x.object.name)).toEqual(['op', 'cidr', 'port', 'peer']);
    expect(f.every((x) => x.severity === LintSeverity.ERROR && /ignores this policy/.test(x.message))).toBe(true);
    expect(f[1].message).toMatch(/"fe80::1%eth0\/64" is not a CIDR .*zone id "%eth0"/);
    expect(f[1].message).not.toMatch(/host bits/);
  });
  test.each([
    ['010.0.0.0/8', /"010.0.0.0\/8": it has leading zeros, which the API server reads as decimal \(10.0.0.0\/8\) and C libraries as octal \(8.0.0.0\/8\)/, /write 10.0.0.0\/8/],
    ['10.0.0.0/08', /"10.0.0.0\/08": it has leading zeros, which the API server reads as decimal \(10.0.0.0\/8\), and Go's netip and strict API servers refuse it/, /write 10.0.0.0\/8/],
    ['::ffff:0:0/96', /it is an IPv4-mapped IPv6 CIDR, which the API server reads as 0.0.0.0\/0/, /write 0.0.0.0\/0/],
    ['::ffff:169.254.169.254/128', /which the API server reads as 169.254.169.254\/32/, /write 169.254.169.254\/32/],
    ['10.0.0.5/8', /spec.egress\[0\].to\[0\].ipBlock.cidr "10.0.0.5\/8": host bits are set; the API server reads it as 10.0.0.0\/8/, /write 10.0.0.0\/8, or 10.0.0.5\/32/],
  ])('a CIDR the API server accepts but reads in its own way, %j, is a warning with its reading', (cidr, message, fix) => {
    const f = codes([...clean(), policy('x', 'odd', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr } }] }] })], 'NP011');
    expect(f).toEqual([expect.objectContaining({ severity: LintSeverity.WARNING, object: expect.objectContaining({ name: 'odd' }) })]);
    expect(f[0].message).toMatch(message);
    expect(f[0].fix).toMatch(fix);
  });
  test('an except in an odd form is reported too', () => {
    const f = codes([...clean(), policy('x', 'odd', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['010.0.0.0/8'] } }] }] })], 'NP011');
    expect(f.map((x) => x.message)).toEqual([expect.stringMatching(/ipBlock.except\[0\] "010.0.0.0\/8": it has leading zeros/)]);
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

describe('NP014: egress isolation in a namespace that does not deny egress (the cdk8s-plus allowTo trap)', () => {
  const np014 = (manifests: any[]) => codes(manifests, 'NP014');
  const egressTo = (ns: string, name: string, source: string) =>
    policy(ns, name, { podSelector: { matchLabels: { pod: source } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] });
  const denyEgress = (ns: string) => policy(ns, 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] });

  test('fires for an egress policy on some pods, names the policy and how many pods it isolates', () => {
    const f = np014([...clean(), pod('x', 'b'), egressTo('x', 'a-to-b', 'a')]);
    expect(f).toEqual([expect.objectContaining({ severity: LintSeverity.WARNING, object: { kind: 'NetworkPolicy', namespace: 'x', name: 'a-to-b' } })]);
    expect(f[0].message).toMatch(/NetworkPolicy x\/a-to-b lists Egress .* isolates 1 pod or workload of x for egress/);
    expect(f[0].message).toMatch(/DNS included/);
    expect(f[0].fix).toMatch(/DefaultDenyEgress \+ AllowDnsEgress, or NamespaceBaseline denyEgress/);
  });

  test('fires for Egress defaulted from egress rules (no policyTypes), and counts every selected pod', () => {
    const manifests = [namespace('x'), pod('x', 'a'), pod('x', 'b'), denyAll('x'),
      policy('x', 'implicit', { podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['a', 'b'] }] }, egress: [{}] })];
    const f = np014(manifests);
    expect(f.map((x) => x.object.name)).toEqual(['implicit']);
    expect(f[0].message).toMatch(/has egress rules .* isolates 2 pods or workloads of x/);
  });

  test('without pods in the input it still fires, naming the selector instead of a count', () => {
    const f = np014([namespace('x'), egressTo('x', 'a-to-b', 'a')]);
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/isolates the pods matching .*pod.*a/);
  });

  test('an egress policy in one namespace is not covered by a default-deny egress in another', () => {
    const f = np014([...clean('x'), ...clean('y'), denyEgress('y'), egressTo('x', 'a-to-b', 'a'), egressTo('y', 'a-to-b', 'a')]);
    expect(f.map((x) => `${x.object.namespace}/${x.object.name}`)).toEqual(['x/a-to-b']);
  });

  test('silent when the namespace denies egress to all pods, for policies selecting all pods, and for ingress-only policies', () => {
    expect(np014([...clean(), denyEgress('x'), egressTo('x', 'a-to-b', 'a')])).toEqual([]);
    // a default-deny that isolates both directions counts too
    expect(np014([...clean(), policy('x', 'deny-both', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }), egressTo('x', 'a-to-b', 'a')])).toEqual([]);
    expect(np014([...clean(), policy('x', 'all-to-b', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] })])).toEqual([]);
    expect(np014([...clean(), policy('x', 'only-a', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Ingress'] })])).toEqual([]);
    // egress rules the policy does not isolate for (NP012) isolate nothing
    expect(np014([...clean(), policy('x', 'ingress-only', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Ingress'], egress: [{}] })])).toEqual([]);
  });

  test('cdk8s-plus allowTo puts an egress policy on the initiating workload: NP014; with isolation PEER it does not', () => {
    const build = (isolation?: kplus.PodConnectionsIsolation) => {
      const app = Testing.app();
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      new NamespaceBaseline(chart, 'baseline', { namespace: 'shop' });
      const workload = (name: string) => new kplus.Deployment(chart, name, {
        metadata: { name }, containers: [{ image: `example/${name}`, ports: [{ number: 8080 }], securityContext: { user: 1000 } }],
      });
      const api = workload('api');
      const web = workload('web');
      api.connections.allowTo(web, isolation === undefined ? undefined : { isolation });
      return app;
    };
    const f = Lint.app(build()).filter((x) => x.code === 'NP014');
    expect(f).toHaveLength(1);
    expect(f[0].object.name).toMatch(/^allowegress/);
    expect(f[0].message).toMatch(/isolates 1 pod or workload of shop for egress/);
    expect(Lint.app(build(kplus.PodConnectionsIsolation.PEER)).filter((x) => x.code === 'NP014')).toEqual([]);
  });

  test('a standalone AllowDnsEgress on some pods or InternetEgress without DefaultDenyEgress fires; with it, silent', () => {
    const build = (deny: boolean) => {
      const app = Testing.app();
      const chart = new Chart(app, 'chart');
      new DefaultDenyIngress(chart, 'deny-ingress', { namespace: 'shop' });
      if (deny) new DefaultDenyEgress(chart, 'deny-egress', { namespace: 'shop' });
      new AllowDnsEgress(chart, 'dns', { namespace: 'shop', podLabels: { app: 'api' } });
      new InternetEgress(chart, 'internet', { namespace: 'shop' });
      return app;
    };
    expect(Lint.app(build(false)).filter((x) => x.code === 'NP014').map((x) => x.object.name).sort())
      .toEqual([...new Set(policyNamesOf(build(false)))].filter((n) => n !== 'default-deny-ingress').sort());
    expect(Lint.app(build(true)).filter((x) => x.code === 'NP014')).toEqual([]);
  });

  test('baselines with denyEgress never trip it, whatever they declare', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'chart');
    const cluster = new ClusterBaseline(chart, 'cluster', { namespaces: ['shop', 'monitoring'], denyEgress: true });
    const shop = cluster.baseline('shop');
    shop.addAllowFrom({ fromNamespace: 'monitoring', fromLabels: { app: 'prometheus' }, toLabels: { app: 'api' }, ports: [Ports.tcp(9090)] });
    cluster.addAllowFrom('monitoring', { fromNamespace: 'shop', fromLabels: { app: 'api' }, toLabels: { app: 'grafana' } });
    new NamespaceBaseline(chart, 'orders', {
      namespace: 'orders',
      denyEgress: true,
      allowSameNamespace: true,
      newDeployments: true,
      internetEgress: true,
      hubs: [{ hubName: 'db', hubLabels: { app: 'db' }, ports: [Ports.tcp(5432)] }],
      servers: [{ serverName: 'backup', serverLabels: { app: 'backup' }, ports: [Ports.tcp(22)] }],
      connections: [{ fromLabels: { app: 'web' }, toLabels: { app: 'api' }, ports: [Ports.tcp(8080)] }],
      allowFrom: [{ fromNamespace: 'shop', fromLabels: { app: 'api' } }],
    });
    const findings = Lint.app(app);
    // the egress policies are there (on selected pods), and none of them is reported
    expect(app.charts.flatMap((c) => c.toJson()).some((o: any) => o.kind === 'NetworkPolicy' &&
      o.spec.policyTypes.includes('Egress') && Object.keys(o.spec.podSelector).length > 0)).toBe(true);
    expect(findings.filter((x) => x.code === 'NP014')).toEqual([]);
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
  test('the chart is read once per validation pass, shared with the baselines; each pass reads it anew, wherever the validation is attached, ' +
    'and lints it when its objects changed', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'chart');
    new ClusterBaseline(chart, 'cluster', { namespaces: ['x', 'y'] });
    const deny = new ApiObject(chart, 'deny', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'z' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
    chart.node.addValidation(new NetworkPolicyLintValidation(chart, { namespaces: ['z'] }));
    chart.node.addValidation(new NetworkPolicyLintValidation(chart, { namespaces: ['z'], ignore: ['NP005'] }));
    app.node.addValidation(new NetworkPolicyLintValidation(chart, { namespaces: ['z'] }));
    // app.synth() validates the whole tree, then once more for each chart's toJson(): one read per pass.
    let passes = 0;
    app.node.addValidation({ validate: () => { passes += 1; return []; } });
    const read = jest.spyOn(chartManifests, 'chartManifestsWithoutValidation');
    const lint = jest.spyOn(Lint, 'manifests');
    try {
      app.synth();
      expect(passes).toBeGreaterThan(1);
      expect(read).toHaveBeenCalledTimes(passes);
      // the passes read the same objects: the findings of the first are kept
      expect(lint).toHaveBeenCalledTimes(1);
      deny.addJsonPatch(JsonPatch.replace('/spec/policyTypes', [{ Ingress: null }]));
      expect(() => app.synth()).toThrow(/\[\][^]*NP001 NetworkPolicy z\/deny[^]*\[chart\][^]*NP001 NetworkPolicy z\/deny/);
      expect(read).toHaveBeenCalledTimes(passes);
      expect(lint).toHaveBeenCalledTimes(2);
    } finally {
      read.mockRestore();
      lint.mockRestore();
    }
  });
});
