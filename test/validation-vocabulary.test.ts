/**
 * The validation vocabulary (src/model/): each rule returns problems { field, value, message }, and the
 * constructs, the CLI config and the engine map the same problem onto a ValidationError, a config line
 * and an NP011 finding.
 */
import { Chart, Testing } from 'cdk8s';
import { LineCounter, parseDocument } from 'yaml';
import { namespace, pod, policy } from './analysis/e2e-cluster';
import { lintManifests } from '../src/analysis/lint';
import { CONFIG_SCHEMA } from '../src/cli/config';
import { SchemaChecker } from '../src/cli/config-schema';
import { cidrProblems } from '../src/model/cidr';
import { fail, ValidationError } from '../src/model/errors';
import { namePartProblems, namespaceNameProblems, objectNameProblems } from '../src/model/names';
import { endPortProblems, namedEndPortProblems, PortSpec, portNameProblems, portNumberProblems, portSpecProblems } from '../src/model/ports';
import { Problem } from '../src/model/problem';
import { ValidationErrors } from '../src/model/validation-error';
import { AllowConnection } from '../src/policies/allow-connection';
import { DefaultDenyIngress } from '../src/policies/default-deny-ingress';
import { InternetEgress } from '../src/policies/internet-egress';

const PORT_RULE = 'a port must be an integer from 1 to 65535';
const NAMESPACE_RULE = /^it must be a DNS-1123 label \(lower case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters\)$/;

describe('the rules: problems { field, value, message }', () => {
  test.each<[string, Problem[], Problem[]]>([
    ['port 443', portNumberProblems(443, 'port'), []],
    ['port 65535', portNumberProblems(65535, 'port'), []],
    ['port 0', portNumberProblems(0, 'ports[0].port'), [{ field: 'ports[0].port', value: 0, message: PORT_RULE }]],
    ['port 70000', portNumberProblems(70000, 'port'), [{ field: 'port', value: 70000, message: PORT_RULE }]],
    ['port 80.5', portNumberProblems(80.5, 'port'), [{ field: 'port', value: 80.5, message: PORT_RULE }]],
    ['port "80"', portNumberProblems('80', 'port'), [{ field: 'port', value: '80', message: PORT_RULE }]],
    ['port name http', portNameProblems('http', 'name'), []],
    ['port name HTTP', portNameProblems('HTTP', 'name'), [{ field: 'name', value: 'HTTP', message: expect.stringMatching(/^a named port is at most 15/) }]],
    ['port name 8080', portNameProblems('8080', 'name'), [expect.objectContaining({ value: '8080' })]],
    ['port name a--b', portNameProblems('a--b', 'name'), [expect.objectContaining({ value: 'a--b' })]],
    ['endPort 90 after 80', endPortProblems(90, 80, 'endPort'), []],
    ['endPort 70 after 80', endPortProblems(70, 80, 'endPort'), [{ field: 'endPort', value: 70, message: 'endPort 70 is below port 80' }]],
    ['endPort 70000', endPortProblems(70000, 80, 'endPort'), [{ field: 'endPort', value: 70000, message: 'endPort must be an integer from 1 to 65535' }]],
    ['endPort with a name', namedEndPortProblems(90, 'endPort'), [expect.objectContaining({ message: expect.stringMatching(/^endPort cannot be combined with a named port/) })]],
    ['no endPort with a name', namedEndPortProblems(undefined, 'endPort'), []],
    ['namespace shop', namespaceNameProblems('shop'), []],
    ['namespace N2', namespaceNameProblems('N2'), [{ field: 'namespace', value: 'N2', message: expect.stringMatching(NAMESPACE_RULE) }]],
    ['namespace a.b', namespaceNameProblems('a.b', 'toNamespace'), [expect.objectContaining({ field: 'toNamespace', value: 'a.b' })]],
    ['namespace of 64', namespaceNameProblems('a'.repeat(64)), [expect.objectContaining({ value: 'a'.repeat(64) })]],
    ['namespace 5 (not a string)', namespaceNameProblems(5), [expect.objectContaining({ value: 5 })]],
    ['name part db', namePartProblems('db', 'hubName'), []],
    ['name part My DB', namePartProblems('My DB', 'hubName'), [expect.objectContaining({ field: 'hubName', message: expect.stringMatching(/^it becomes part of policy and label names/) })]],
    ['object name web.v1', objectNameProblems('web.v1'), []],
    ['object name Deny_All', objectNameProblems('Deny_All'), [expect.objectContaining({ field: 'name', message: expect.stringMatching(/^it must be a DNS-1123 subdomain/) })]],
    ['object name of 254', objectNameProblems('a'.repeat(254)), [expect.objectContaining({ field: 'name' })]],
  ])('%s', (_name, problems, expected) => {
    expect(problems).toEqual(expected);
  });

  test.each<[string, PortSpec, string[]]>([
    ['a port', { port: 443 }, []],
    ['a named port', { name: 'http' }, []],
    ['a range', { port: 80, endPort: 90 }, []],
    ['both port and name', { port: 80, name: 'http' }, ['ports[0]']],
    ['neither', {}, ['ports[0]']],
    ['port 70000', { port: 70000 }, ['ports[0].port']],
    ['a bad name', { name: 'HTTP' }, ['ports[0].name']],
    ['a range below', { port: 90, endPort: 80 }, ['ports[0].endPort']],
    ['a named range', { name: 'http', endPort: 90 }, ['ports[0].endPort']],
    ['a bad protocol', { port: 80, protocol: 'ICMP' as any }, ['ports[0].protocol']],
  ])('portSpecProblems: %s', (_name, spec, fields) => {
    expect(portSpecProblems(spec, 'ports[0]').map((p) => p.field)).toEqual(fields);
  });

  test.each<[string, boolean[]]>([
    ['10.0.0.0/8', []],
    ['2001:db8::/32', []],
    ['10.0.0.0', [false]],
    ['10.0.0.0/33', [false]],
    ['fe80::1%eth0/64', [false]],
    ['010.0.0.0/8', [true]],
    ['::ffff:0:0/96', [true]],
    ['10.0.0.5/8', [true]],
  ])('cidrProblems %j: refused (false) or accepted by the API server with a reading (true)', (cidr, accepted) => {
    const problems = cidrProblems(cidr, 'cidrs[0]');
    expect(problems.map((p) => p.accepted)).toEqual(accepted);
    expect(problems.every((p) => p.field === 'cidrs[0]' && p.value === cidr)).toBe(true);
  });

  test('cidrProblems names the text to write instead', () => {
    expect(cidrProblems('010.0.0.0/8', 'cidr')).toEqual([expect.objectContaining({ suggestion: '10.0.0.0/8', message: expect.stringMatching(/^it has leading zeros/) })]);
    expect(cidrProblems('10.0.0.5/8', 'cidr')).toEqual([expect.objectContaining({ suggestion: '10.0.0.0/8', oneAddress: '10.0.0.5/32', message: 'host bits are set' })]);
  });
});

describe('ValidationError', () => {
  const caught = (f: () => void): unknown => {
    try {
      f();
    } catch (e) {
      return e;
    }
    throw new Error('expected an error');
  };

  test('a construct error carries the construct path, the field and the value, and the message is "path: message"', () => {
    const chart = new Chart(Testing.app(), 'shop');
    const e = caught(() => new AllowConnection(chart, 'web-to-api', { namespace: 'shop', fromLabels: { app: 'web' }, toLabels: { app: 'api' }, ports: [{ port: 70000 }] }));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ constructPath: 'shop/web-to-api', field: 'ports[0].port', value: 70000 });
    expect((e as Error).message).toBe(`shop/web-to-api: invalid port 70000 in ports[0]: ${PORT_RULE}`);
    expect((e as Error).name).toBe('ValidationError');
  });

  test('the brand recognises it (also from another copy of the library), and nothing else', () => {
    const chart = new Chart(Testing.app(), 'shop');
    const e = caught(() => new DefaultDenyIngress(chart, 'deny', { namespace: 'N2' }));
    expect(ValidationErrors.isValidationError(e)).toBe(true);
    expect(e).toMatchObject({ constructPath: 'shop/deny', field: 'namespace', value: 'N2' });
    // Another copy of the library (a nested node_modules) has another class, but the same Symbol.for brand.
    const other = Object.defineProperty(new Error('x'), Symbol.for('cdk8s-netpol-baseline.ValidationError'), { value: true });
    expect(ValidationErrors.isValidationError(other)).toBe(true);
    for (const x of [new Error('shop/deny: invalid namespace'), { message: 'x' }, 'shop: x', null, undefined, 5]) {
      expect(ValidationErrors.isValidationError(x)).toBe(false);
    }
  });

  test('fail() with a plain message has a path but no field', () => {
    const chart = new Chart(Testing.app(), 'shop');
    const e = caught(() => fail(chart, 'something is wrong'));
    expect(ValidationErrors.isValidationError(e)).toBe(true);
    expect(e).toMatchObject({ constructPath: 'shop', field: undefined, message: 'shop: something is wrong' });
  });
});

describe('the three layers report the same problem for the same bad value', () => {
  const constructError = (make: (chart: Chart) => void): string => {
    try {
      make(new Chart(Testing.app(), 'c'));
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected an error');
  };
  const configLines = (text: string): string[] => {
    const lineCounter = new LineCounter();
    const checker = new SchemaChecker(lineCounter);
    checker.check(parseDocument(text, { lineCounter }).contents as any, CONFIG_SCHEMA, '');
    return checker.problems.map((p) => `${p.path}: ${p.message}`);
  };
  const np011 = (manifests: any[]): string[] => lintManifests(manifests).filter((f) => f.code === 'NP011').map((f) => f.message);

  test('port 70000', () => {
    const [problem] = portNumberProblems(70000, 'port');
    expect(constructError((c) => new AllowConnection(c, 'a', { namespace: 'x', fromLabels: { a: 'b' }, toLabels: { c: 'd' }, ports: [{ port: 70000 }] })))
      .toBe(`c/a: invalid port 70000 in ports[0]: ${problem.message}`);
    expect(configLines('namespaces:\n  - namespace: x\n    connections:\n      - { fromLabels: { a: b }, toLabels: { c: d }, ports: [{ port: 70000 }] }'))
      .toEqual([`namespaces[0].connections[0].ports[0].port: invalid port 70000: ${problem.message}`]);
    expect(np011([namespace('x'), policy('x', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 70000 }] }] })]))
      .toEqual([expect.stringContaining(`spec.ingress[0].ports[0].port 70000 is not a port number: ${problem.message}`)]);
  });

  test('namespace "N2"', () => {
    const [problem] = namespaceNameProblems('N2');
    expect(constructError((c) => new DefaultDenyIngress(c, 'deny', { namespace: 'N2' }))).toBe(`c/deny: invalid namespace "N2": ${problem.message}`);
    expect(configLines('namespaces: [N2]')).toEqual([`namespaces[0]: invalid namespace name "N2": ${problem.message}`]);
    expect(np011([namespace('x'), pod('N2', 'b')])).toEqual([expect.stringContaining(`metadata.namespace "N2" is not a valid namespace name, so no such namespace can exist: ${problem.message}`)]);
    expect(np011([namespace('N2')])).toEqual([expect.stringContaining(`metadata.name "N2" is not a valid Namespace name: ${problem.message}`)]);
  });

  test('port name "HTTP"', () => {
    const [problem] = portNameProblems('HTTP', 'name');
    expect(constructError((c) => new AllowConnection(c, 'a', { namespace: 'x', fromLabels: { a: 'b' }, toLabels: { c: 'd' }, ports: [{ name: 'HTTP' }] })))
      .toBe(`c/a: invalid port name "HTTP" in ports[0]: ${problem.message}`);
    expect(configLines('namespaces:\n  - namespace: x\n    connections:\n      - { fromLabels: { a: b }, toLabels: { c: d }, ports: [{ name: HTTP }] }'))
      .toEqual([`namespaces[0].connections[0].ports[0].name: invalid port name "HTTP": ${problem.message}`]);
    expect(np011([namespace('x'), policy('x', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'HTTP' }] }] })]))
      .toEqual([expect.stringContaining(`spec.ingress[0].ports[0].port "HTTP" is neither a number nor a valid port name: ${problem.message}`)]);
  });

  test('policy name "Deny_All"', () => {
    const [problem] = objectNameProblems('Deny_All');
    expect(constructError((c) => new DefaultDenyIngress(c, 'deny', { namespace: 'x', name: 'Deny_All' }))).toBe(`c/deny: invalid policy name "Deny_All": ${problem.message}`);
    expect(configLines('namespaces:\n  - namespace: x\n    connections:\n      - { fromLabels: { a: b }, toLabels: { c: d }, name: Deny_All }'))
      .toEqual([`namespaces[0].connections[0].name: invalid policy name "Deny_All": ${problem.message}`]);
    expect(np011([namespace('x'), policy('x', 'Deny_All', { podSelector: {}, policyTypes: ['Ingress'] })]))
      .toEqual([expect.stringContaining(`metadata.name "Deny_All" is not a valid NetworkPolicy name: ${problem.message}`)]);
  });

  test('CIDR "010.0.0.0/8" (constructs refuse it, the engine reads it as the API server does and warns)', () => {
    const [problem] = cidrProblems('010.0.0.0/8', 'cidrs[0]');
    expect(constructError((c) => new InternetEgress(c, 'net', { namespace: 'x', cidrs: ['010.0.0.0/8'], except: [] })))
      .toBe(`c/net: invalid CIDR "010.0.0.0/8" in cidrs[0]: ${problem.message}; did you mean "10.0.0.0/8"?`);
    const findings = lintManifests([namespace('x'), policy('x', 'p', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '010.0.0.0/8' } }] }] })])
      .filter((f) => f.code === 'NP011');
    expect(findings.map((f) => [f.message, f.fix])).toEqual([[`spec.egress[0].to[0].ipBlock.cidr "010.0.0.0/8": ${problem.message}`, 'write 10.0.0.0/8, which every reader takes the same way']]);
  });
});
