/**
 * What the API server would reject is reported (NP011, naming the field) and left out of the model;
 * what it accepts is compiled, including the shapes people rarely write by hand.
 */
import { cluster, policy } from './e2e-cluster';
import { Lint } from '../../src/analysis/lint';
import { LintSeverity } from '../../src/analysis/lint-finding';
import { Reachability } from '../../src/analysis/reachability';

const read = (spec: any) => Reachability.fromManifests([...cluster(), policy('x', 'p', spec)]);
const xa = { namespace: 'x', pod: 'a' };
const ya = { namespace: 'y', pod: 'a' };

describe('rejected policies are reported with the field and ignored', () => {
  test.each([
    ['no spec', undefined, /spec is missing/],
    ['a selector that is not an object', { podSelector: 'app=web' }, /spec.podSelector must be a label selector object/],
    ['a non-string matchLabels value', { podSelector: { matchLabels: { on: true } } }, /matchLabels\["on"\] must be a string/],
    ['an unknown operator', { podSelector: { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] } }, /operator "Equals" is not one of/],
    ['In without values', { podSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] } }, /operator In needs at least one value/],
    ['Exists with values', { podSelector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['b'] }] } }, /operator Exists takes no values/],
    ['rules that are not a list', { podSelector: {}, ingress: { from: [] } }, /spec.ingress must be a list of rules/],
    ['a peer with nothing in it', { podSelector: {}, ingress: [{ from: [{}] }] }, /spec.ingress\[0\].from\[0\] names no peer/],
    ['ipBlock combined with a selector', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] }, /combines ipBlock with a selector/],
    ['a CIDR that is not one', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0' } }] }] }, /is not a CIDR/],
    ['an except outside the CIDR', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['11.0.0.0/16'] } }] }] }, /11.0.0.0\/16 is not strictly inside 10.0.0.0\/8/],
    ['a numeric string port', { podSelector: {}, ingress: [{ ports: [{ port: '80' }] }] }, /port "80" is neither a number nor a valid port name/],
    ['port 0', { podSelector: {}, ingress: [{ ports: [{ port: 0 }] }] }, /port 0 is not a port number/],
    ['endPort without port', { podSelector: {}, ingress: [{ ports: [{ endPort: 90 }] }] }, /endPort needs a numeric port/],
    ['endPort with a named port', { podSelector: {}, ingress: [{ ports: [{ port: 'http', endPort: 90 }] }] }, /endPort cannot be combined with a named port/],
    ['an unknown protocol', { podSelector: {}, ingress: [{ ports: [{ port: 80, protocol: 'ICMP' }] }] }, /protocol "ICMP" is not TCP, UDP or SCTP/],
    // apimachinery's ValidateLabelSelector: keys are qualified names, values label values, in matchLabels and matchExpressions
    ['a matchLabels key with a space', { podSelector: { matchLabels: { 'front end': 'x' } } }, /spec.podSelector.matchLabels\["front end"\]: the name part "front end" must start and end/],
    ['a matchLabels value with a space', { podSelector: { matchLabels: { app: 'front end' } } }, /spec.podSelector.matchLabels\["app"\] "front end": a label value must be empty or start and end/],
    ['a matchLabels key with an upper-case prefix', { podSelector: { matchLabels: { 'Example.com/app': 'x' } } }, /the prefix "Example.com" must be a DNS-1123 subdomain/],
    ['a value longer than 63 characters', { podSelector: { matchLabels: { app: 'a'.repeat(64) } } }, /a label value is at most 63 characters/],
    ['an expression value with a space', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'front end'] }] } }] }] },
      /spec.ingress\[0\].from\[0\].podSelector.matchExpressions\[0\].values\[1\] "front end": a label value must be empty/],
    ['an expression key with two slashes', { podSelector: {}, egress: [{ to: [{ namespaceSelector: { matchExpressions: [{ key: 'a/b/c', operator: 'Exists' }] } }] }] },
      /spec.egress\[0\].to\[0\].namespaceSelector.matchExpressions\[0\].key "a\/b\/c": the name part "b\/c"/],
    ['an empty expression key', { podSelector: { matchExpressions: [{ key: '', operator: 'Exists' }] } }, /matchExpressions\[0\].key "": a label key cannot be empty/],
    ['NotIn without values', { podSelector: { matchExpressions: [{ key: 'a', operator: 'NotIn' }] } }, /operator NotIn needs at least one value/],
    ['DoesNotExist with values', { podSelector: { matchExpressions: [{ key: 'a', operator: 'DoesNotExist', values: ['b'] }] } }, /operator DoesNotExist takes no values/],
  ])('%s', (_, spec, message) => {
    const reach = read(spec);
    const warning = reach.warnings.find((w) => w.includes('NetworkPolicy x/p'))!;
    expect(warning).toMatch(/^ERROR NP011 /);
    expect(warning).toMatch(message);
    expect(warning).toMatch(/the analysis ignores this policy/);
    expect(reach.policies).toEqual([]);
    expect(reach.canConnect(ya, xa)).toBe(true); // as if the policy did not exist: x/a stays open
  });
});

describe('accepted shapes', () => {
  test('a null rule (`- ` in YAML) is an empty rule that admits everything', () => {
    const reach = read({ podSelector: {}, policyTypes: ['Ingress'], ingress: [null] });
    expect(reach.warnings).toEqual([]);
    expect(reach.canConnect(ya, xa, { port: 1234 })).toBe(true);
  });

  test('from: [] and ports: [] mean every peer and every port', () => {
    const reach = read({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [], ports: [] }] });
    expect(reach.canConnect({ ip: '198.51.100.1' }, xa, { port: 9 })).toBe(true);
  });

  test('a missing podSelector selects every pod, with a warning', () => {
    const reach = read({ policyTypes: ['Ingress'] });
    expect(reach.warnings).toEqual([expect.stringMatching(/^WARNING NP011 NetworkPolicy x\/p: spec.podSelector is missing/)]);
    expect(reach.canConnect(ya, xa)).toBe(false);
    expect(reach.canConnect(ya, { namespace: 'x', pod: 'c' })).toBe(false);
  });

  test('null selectors in a peer are absent selectors', () => {
    const reach = read({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } }, podSelector: null }] }] });
    expect(reach.canConnect({ namespace: 'y', pod: 'c' }, xa)).toBe(true);
    expect(reach.canConnect({ namespace: 'z', pod: 'c' }, xa)).toBe(false);
  });
});

describe('a policy with an invalid label in a selector does not exist in the cluster', () => {
  // The API server refuses it, so x/a keeps the connections the policy seems to deny.
  const manifests = [...cluster(), policy('x', 'deny-front', {
    podSelector: { matchLabels: { pod: 'a' } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front end'] }] } }] }],
  })];

  test('explain shows the connection ALLOWED and the NP011 error names the field and value', () => {
    const reach = Reachability.fromManifests(manifests);
    const e = reach.explain(ya, xa, { port: 80 });
    expect(e.allowed).toBe(true);
    expect(e.ingress).toMatchObject({ isolated: false, policies: [] });
    expect(reach.warnings).toEqual([expect.stringMatching(
      /^ERROR NP011 NetworkPolicy x\/deny-front: the API server would reject this policy: spec.ingress\[0\].from\[0\].podSelector.matchExpressions\[0\].values\[0\] "front end"/)]);
  });

  test('lint reports it as an error, not as a clean namespace', () => {
    const findings = Lint.manifests(manifests);
    expect(findings.filter((f) => f.code === 'NP011')).toEqual([expect.objectContaining({ severity: LintSeverity.ERROR, object: { kind: 'NetworkPolicy', namespace: 'x', name: 'deny-front' } })]);
  });
});
