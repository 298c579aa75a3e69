/**
 * The public API as jsii exports it to Python, Java, Go and C#: shapes that are awkward there are
 * fixed in TypeScript. Reads the assembly `npx projen compile` writes (.jsii), as the bindings do.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { Chart, Testing } from 'cdk8s';
import {
  AccessLabelAdmission, AllowConnection, AllowDnsEgress, AllowSameNamespace, CrossNamespaceAllow, DefaultDenyEgress, DefaultDenyIngress,
  Direction, Endpoints, HubAccess, InternetAccess, InternetEgress, IPolicySet, Lint, LintCode, LintSeverity, NewDeploymentAccess, Protocol,
  Reachability, ServerAccess,
} from '../src';

interface TypeRef { fqn?: string; collection?: { elementtype: TypeRef }; union?: unknown }
interface Method { name: string; static?: boolean; returns?: { type: TypeRef } }
interface JsiiType { fqn: string; kind: string; methods?: Method[]; interfaces?: string[] }

const assembly = JSON.parse(readFileSync(join(__dirname, '..', '.jsii'), 'utf8')) as { types: Record<string, JsiiType> };
const types = Object.values(assembly.types);
const elementOf = (t: TypeRef): TypeRef => (t.collection ? elementOf(t.collection.elementtype) : t);

describe('the jsii assembly', () => {
  test('no method returns a bare Construct: a union of constructs is returned as IPolicySet', () => {
    const bare = types.flatMap((t) => (t.methods ?? [])
      .filter((m) => m.returns && elementOf(m.returns.type).fqn === 'constructs.Construct')
      .map((m) => `${t.fqn}.${m.name}`));
    expect(bare).toEqual([]);
    const returningSet = types.flatMap((t) => (t.methods ?? [])
      .filter((m) => m.returns && elementOf(m.returns.type).fqn === 'cdk8s-netpol-baseline.IPolicySet')
      .map((m) => `${t.fqn.split('.').pop()}.${m.name}`)).sort();
    expect(returningSet).toEqual([
      'NamespaceBaseline.allowConnection', 'Workloads.allowConnection', 'Workloads.allowFromPods',
    ]);
  });

  test('AllowConnection and CrossNamespaceAllow implement IPolicySet', () => {
    for (const name of ['AllowConnection', 'CrossNamespaceAllow']) {
      expect(assembly.types[`cdk8s-netpol-baseline.${name}`].interfaces).toContain('cdk8s-netpol-baseline.IPolicySet');
    }
  });

  test('Endpoint, a struct of exactly-one-of fields, has static factories beside it', () => {
    const factories = (assembly.types['cdk8s-netpol-baseline.Endpoints'].methods ?? [])
      .filter((m) => m.static && m.returns?.type.fqn === 'cdk8s-netpol-baseline.Endpoint').map((m) => m.name).sort();
    expect(factories).toEqual(['ip', 'labels', 'pod', 'service']);
  });
});

describe('Endpoints', () => {
  const objects = [
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web-to-api', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] },
    },
  ];

  test('each factory builds the struct the engine reads', () => {
    expect(Endpoints.pod('shop', 'api')).toEqual({ namespace: 'shop', pod: 'api' });
    expect(Endpoints.pod('shop', 'api', 'Deployment')).toEqual({ namespace: 'shop', pod: 'api', kind: 'Deployment' });
    expect(Endpoints.labels('shop', { app: 'web' })).toEqual({ namespace: 'shop', labels: { app: 'web' } });
    expect(Endpoints.ip('203.0.113.10')).toEqual({ ip: '203.0.113.10' });
    const reach = Reachability.fromManifests(objects);
    expect(reach.canConnect(Endpoints.labels('shop', { app: 'web' }), Endpoints.pod('shop', 'api'))).toBe(true);
    expect(reach.canConnect(Endpoints.labels('shop', { app: 'db' }), Endpoints.pod('shop', 'api'))).toBe(false);
    expect(reach.canConnect(Endpoints.ip('203.0.113.10'), Endpoints.pod('shop', 'api'))).toBe(false);
  });

  test('the labels are copied: changing the map afterwards does not change the endpoint', () => {
    const labels: { [key: string]: string } = { app: 'web' };
    const endpoint = Endpoints.labels('shop', labels);
    labels.app = 'db';
    expect(endpoint.labels).toEqual({ app: 'web' });
  });
});

describe('one result shape: every construct that emits NetworkPolicies is an IPolicySet', () => {
  const POLICY_SETS = ['AllowConnection', 'AllowDnsEgress', 'AllowSameNamespace', 'CrossNamespaceAllow', 'DefaultDenyEgress',
    'DefaultDenyIngress', 'HubAccess', 'InternetAccess', 'InternetEgress', 'NewDeploymentAccess', 'ServerAccess'];

  test.each(POLICY_SETS)('%s implements IPolicySet in the assembly', (name) => {
    expect(assembly.types[`cdk8s-netpol-baseline.${name}`].interfaces).toContain('cdk8s-netpol-baseline.IPolicySet');
  });

  test('the policies of each are exactly the NetworkPolicies it adds, the first named `name`', () => {
    const chart = new Chart(Testing.app(), 'test');
    const sets: IPolicySet[] = [
      new DefaultDenyIngress(chart, 'ddi', { namespace: 'shop' }),
      new DefaultDenyEgress(chart, 'dde', { namespace: 'shop' }),
      new AllowDnsEgress(chart, 'dns', { namespace: 'shop' }),
      new InternetAccess(chart, 'ia', { namespace: 'shop' }),
      new InternetEgress(chart, 'ie', { namespace: 'shop' }),
      new AllowSameNamespace(chart, 'same', { namespace: 'shop', egress: true }),
      new NewDeploymentAccess(chart, 'new', { namespace: 'shop', egress: true }),
      new HubAccess(chart, 'hub', { namespace: 'shop', hubName: 'db', hubLabels: { app: 'db' }, egress: true }),
      new ServerAccess(chart, 'server', { namespace: 'shop', serverName: 'backup', serverLabels: { app: 'backup' } }),
      new AllowConnection(chart, 'conn', { namespace: 'shop', fromLabels: { app: 'web' }, toLabels: { app: 'api' } }),
      new CrossNamespaceAllow(chart, 'cross', { fromNamespace: 'ops', toNamespace: 'shop', sourceEgress: true }),
    ];
    const synthesized = Testing.synth(chart).map((o: any) => `${o.metadata.namespace}/${o.metadata.name}`);
    const fromSets = sets.flatMap((s) => s.policies.map((p) => `${p.metadata.namespace}/${p.name}`));
    expect(fromSets.sort()).toEqual(synthesized.sort());
    for (const s of sets) {
      expect(s.policies.length).toBeGreaterThan(0);
      expect(s.policies[0].name).toBe(s.name);
    }
  });

  test('the single-policy constructs keep `policy`, the first of `policies`', () => {
    const chart = new Chart(Testing.app(), 'test');
    for (const c of [new DefaultDenyIngress(chart, 'a', { namespace: 'x' }), new DefaultDenyEgress(chart, 'b', { namespace: 'x' }),
      new AllowDnsEgress(chart, 'c', { namespace: 'x' }), new InternetAccess(chart, 'd', { namespace: 'x' }),
      new InternetEgress(chart, 'e', { namespace: 'x' })]) {
      expect(c.policies).toEqual([c.policy]);
    }
  });
});

describe('defaults as statics', () => {
  test('each fixed default name is a static and is what the construct writes by default', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(DefaultDenyIngress.DEFAULT_NAME).toBe('default-deny-ingress');
    expect(new DefaultDenyIngress(chart, 'a', { namespace: 'x' }).name).toBe(DefaultDenyIngress.DEFAULT_NAME);
    expect(new DefaultDenyEgress(chart, 'b', { namespace: 'x' }).name).toBe(DefaultDenyEgress.DEFAULT_NAME);
    expect(new AllowDnsEgress(chart, 'c', { namespace: 'x' }).name).toBe(AllowDnsEgress.DEFAULT_NAME);
    expect(InternetAccess.DEFAULT_NAME).toBe('internet-access');
    expect(new InternetAccess(chart, 'd', { namespace: 'x' }).name).toBe(InternetAccess.DEFAULT_NAME);
    expect(new InternetEgress(chart, 'e', { namespace: 'x' }).name).toBe(InternetEgress.DEFAULT_NAME);
    expect(AllowSameNamespace.DEFAULT_NAME).toBe('allow-same-namespace');
    expect(new AllowSameNamespace(chart, 'f', { namespace: 'x' }).name).toBe(AllowSameNamespace.DEFAULT_NAME);
    expect(NewDeploymentAccess.DEFAULT_NAME).toBe('allow-ingress-from-new');
    expect(new NewDeploymentAccess(chart, 'g', { namespace: 'x' }).name).toBe(NewDeploymentAccess.DEFAULT_NAME);
  });

  test('each default label is a static and is what the construct selects by default', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(InternetAccess.DEFAULT_LABEL).toBe('networking/allow-internet-access');
    expect(InternetAccess.DEFAULT_POD_LABELS).toEqual({ [InternetAccess.DEFAULT_LABEL]: 'true' });
    expect(new InternetAccess(chart, 'a', { namespace: 'x' }).podLabels).toEqual(InternetAccess.DEFAULT_POD_LABELS);
    expect(InternetEgress.DEFAULT_LABEL).toBe('networking/allow-internet-egress');
    expect(InternetEgress.DEFAULT_POD_LABELS).toEqual({ [InternetEgress.DEFAULT_LABEL]: 'true' });
    expect(NewDeploymentAccess.DEFAULT_LABEL).toBe('networking/allow-all-connections');
    expect(new NewDeploymentAccess(chart, 'b', { namespace: 'x' }).label).toBe(NewDeploymentAccess.DEFAULT_LABEL);
  });

  test('hub and server defaults are statics of the name they derive from', () => {
    const chart = new Chart(Testing.app(), 'test');
    const hub = new HubAccess(chart, 'hub', { namespace: 'x', hubName: 'db', hubLabels: { app: 'db' } });
    expect([HubAccess.defaultName('db'), HubAccess.defaultAccessLabel('db')]).toEqual(['allow-db-access', 'networking/allow-db-access']);
    expect([hub.name, hub.accessLabel]).toEqual([HubAccess.defaultName('db'), HubAccess.defaultAccessLabel('db')]);
    expect(HubAccess.defaultName('cache-to')).toBe(new HubAccess(chart, 'hub2', { namespace: 'x', hubName: 'cache-to', hubLabels: { app: 'c' } }).name);
    const server = new ServerAccess(chart, 'server', { namespace: 'x', serverName: 'backup', serverLabels: { app: 'backup' } });
    expect([ServerAccess.defaultName('backup'), ServerAccess.defaultAccessLabel('backup')])
      .toEqual(['allow-backup-to-access', 'networking/allow-backup-to-access']);
    expect([server.name, server.accessLabel]).toEqual([ServerAccess.defaultName('backup'), ServerAccess.defaultAccessLabel('backup')]);
  });

  test('the admission policy\'s default name is a static of its namespace', () => {
    const admission = new AccessLabelAdmission(new Chart(Testing.app(), 'test'), 'guard', { namespace: 'shop' });
    expect(AccessLabelAdmission.defaultName('shop')).toBe('netpol-access-labels-shop');
    expect(admission.name).toBe(AccessLabelAdmission.defaultName('shop'));
  });
});

describe('enums instead of strings', () => {
  test('DirectionVerdict.direction is a Direction', () => {
    const verdict = assembly.types['cdk8s-netpol-baseline.DirectionVerdict'] as any;
    expect(verdict.properties.find((p: any) => p.name === 'direction').type.fqn).toBe('cdk8s-netpol-baseline.Direction');
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', namespace: 'shop' } };
    const explanation = Reachability.fromManifests([pod]).explain(Endpoints.ip('203.0.113.1'), Endpoints.pod('shop', 'api'));
    expect([explanation.egress.direction, explanation.ingress.direction]).toEqual([Direction.EGRESS, Direction.INGRESS]);
    expect([Direction.EGRESS, Direction.INGRESS]).toEqual(['egress', 'ingress']);
  });

  test('LintCode names every code the README documents, each as its own value', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const documented = [...new Set([...readme.matchAll(/^\| (NP\d{3}) \|/gm)].map((m) => m[1]))].sort();
    expect(documented.length).toBeGreaterThan(10);
    expect(Object.values(LintCode).sort()).toEqual(documented);
    expect(Object.entries(LintCode).every(([key, value]) => key === value)).toBe(true);
    const findings = Lint.manifests([{
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p', namespace: 'y' },
      spec: { podSelector: {}, policyTypes: [{ Ingress: null }] },
    }]);
    expect(findings.map((f) => f.code)).toContain(LintCode.NP001);
  });
});

describe('a public surface that is only public', () => {
  test('the package exports classes and enums only: no free functions or constants', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const index = require('../src');
    const loose = Object.keys(index).filter((k) => typeof index[k] !== 'function' ? typeof index[k] !== 'object' || index[k] === null
      : !/^class\b/.test(Function.prototype.toString.call(index[k]))).sort();
    expect(loose).toEqual([]);
  });

  test('the enum objects are jsii enums: every member UPPER_CASE or an NP code', () => {
    for (const e of [Direction, LintCode, LintSeverity, Protocol]) {
      expect(Object.keys(e).every((k) => /^[A-Z][A-Z0-9_]*$/.test(k))).toBe(true);
    }
  });
});

describe('props extend specs', () => {
  const struct = (name: string) => assembly.types[`cdk8s-netpol-baseline.${name}`] as any;
  const ownFields = (name: string): string[] => (struct(name).properties ?? []).map((p: any) => p.name).sort();

  test.each([
    ['HubAccessProps', ['HubSpec', 'EgressSideOptions'], ['namespace']],
    ['ServerAccessProps', ['ServerSpec', 'EgressSideOptions'], ['namespace']],
    ['AllowConnectionProps', ['ConnectionSpec', 'EgressSideOptions'], ['namespace']],
    ['AllowSameNamespaceProps', ['EgressSideOptions'], ['name', 'namespace', 'ports']],
    ['NewDeploymentAccessProps', ['NewDeploymentOptions'], ['namespace']],
    ['CrossNamespaceAllowProps', ['CrossNamespaceSpec'], ['namespaceLabelKey', 'sourceEgress', 'toNamespace']],
    ['NamespaceIngressSpec', ['CrossNamespaceSpec'], ['sourceDeniesEgress', 'toService']],
  ])('%s extends %j and adds only %j', (name, bases, own) => {
    expect(struct(name).interfaces).toEqual(expect.arrayContaining(bases.map((b) => `cdk8s-netpol-baseline.${b}`)));
    expect(ownFields(name)).toEqual(own);
  });

  test('the egress side and its warning are written once, in EgressSideOptions', () => {
    const declaring = types.filter((t: any) => t.datatype && (t.properties ?? []).some((p: any) => p.name === 'egress'))
      .map((t) => t.fqn.split('.').pop());
    expect(declaring).toEqual(['EgressSideOptions']);
    for (const name of ['HubClientOptions', 'ServerTargetOptions', 'WorkloadConnectionOptions', 'NewDeploymentOptions']) {
      expect(struct(name).interfaces).toContain('cdk8s-netpol-baseline.EgressSideOptions');
    }
  });

  test.each([
    ['BaselineHubSpec', 'HubSpec', 'hubLabels', 'hubService', 'hubs', 'addHub'],
    ['BaselineConnectionSpec', 'ConnectionSpec', 'toLabels', 'toService', 'connections', 'addConnection'],
  ])('the baseline takes %s: a %s whose pods may be a Service, its own struct, %s optional there only', (spec, base, labels, service, prop, method) => {
    const field = (name: string, f: string) => struct(name).properties.find((p: any) => p.name === f);
    expect(ownFields(spec)).toEqual([...ownFields(base), service].sort());
    expect(struct(spec).interfaces).toBeUndefined();
    expect([field(base, labels).optional, field(spec, labels).optional]).toEqual([undefined, true]);
    expect(field(spec, service).type).toEqual({ fqn: 'constructs.IConstruct' });
    const list = struct('NamespaceBaselineProps').properties.find((p: any) => p.name === prop);
    expect(list.type.collection.elementtype.fqn).toBe(`cdk8s-netpol-baseline.${spec}`);
    const add = struct('NamespaceBaseline').methods.find((m: any) => m.name === method);
    expect(add.parameters[0].type.fqn).toBe(`cdk8s-netpol-baseline.${spec}`);
  });

  test('hubs and servers take the policy name the constructs take', () => {
    expect(ownFields('HubSpec')).toContain('name');
    expect(ownFields('ServerSpec')).toContain('name');
  });

  test('lint is a BaselineOptions field, shared by NamespaceBaseline and ClusterBaseline', () => {
    expect(ownFields('BaselineOptions')).toContain('lint');
    expect(ownFields('NamespaceBaselineProps')).not.toContain('lint');
    expect(ownFields('ClusterBaselineProps')).not.toContain('lint');
  });
});

describe('redundant entry points are deprecated, naming the replacement', () => {
  const methodDocs = (type: string, method: string) =>
    (assembly.types[`cdk8s-netpol-baseline.${type}`] as any).methods.find((m: any) => m.name === method).docs;
  test.each([['Workloads', 'of', /WorkloadRef\.of/], ['Lint', 'format', /formatFinding|NetworkPolicyLintValidation/]])('%s.%s', (type, method, replacement) => {
    expect(methodDocs(type, method).deprecated).toMatch(replacement);
  });
});
