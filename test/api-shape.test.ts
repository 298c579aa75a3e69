/**
 * The public API as jsii exports it to Python, Java, Go and C#: shapes that are awkward there are
 * fixed in TypeScript. Reads the assembly `npx projen compile` writes (.jsii), as the bindings do.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { Endpoints, Reachability } from '../src';

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
    expect(factories).toEqual(['ip', 'labels', 'pod']);
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
