/** How the engine reads v1 Services (as the API server and the endpoint controllers do), and NP019-NP021. */
import { deployment, service } from './service-objects';
import { Endpoints } from '../../src/analysis/endpoint';
import { Lint } from '../../src/analysis/lint';
import { LintCode } from '../../src/analysis/lint-code';
import { Reachability } from '../../src/analysis/reachability';
import { Protocol } from '../../src/model/protocol';

const NS = 'boutique';
const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } };
const client = deployment('client', []);
const onlyPort = (from: string, to: string, port: any) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: `${to}-ingress`, namespace: NS },
  spec: { podSelector: { matchLabels: { app: to } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: from } } }], ports: [port] }] },
});
const codes = (objects: any[], code: string) => Lint.manifests(objects).filter((f) => f.code === code);

describe('reading Services', () => {
  test('targetPort defaults to port, protocol to TCP', () => {
    const reach = Reachability.fromManifests([ns, client, deployment('api', [{ containerPort: 9000 }]), service('api', { app: 'api' }, [{ port: 9000 }]),
      onlyPort('client', 'api', { port: 9000 })]);
    const x = reach.explain(Endpoints.pod(NS, 'client'), Endpoints.service(NS, 'api'));
    expect([x.allowed, x.port, x.protocol]).toEqual([true, 9000, Protocol.TCP]);
    expect(x.note).toContain('the Service port and the pod port are both 9000');
  });

  test('a named targetPort is resolved per pod by name and the Service port\'s protocol', () => {
    const objects = [ns, client,
      { ...deployment('a', [{ containerPort: 8080, name: 'web' }]), spec: { ...deployment('a', []).spec, template: { metadata: { labels: { app: 'a', tier: 'web' } }, spec: { containers: [{ name: 's', ports: [{ containerPort: 8080, name: 'web' }] }] } } } },
      { ...deployment('b', []), spec: { ...deployment('b', []).spec, template: { metadata: { labels: { app: 'b', tier: 'web' } }, spec: { containers: [{ name: 's', ports: [{ containerPort: 9090, name: 'web' }, { containerPort: 8080, name: 'dns', protocol: 'UDP' }] }] } } } },
      service('web', { tier: 'web' }, [{ port: 80, targetPort: 'web' }]),
      { ...onlyPort('client', 'x', {}), spec: { podSelector: { matchLabels: { tier: 'web' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8080 }] }] } }];
    const reach = Reachability.fromManifests(objects);
    const x = reach.explain(Endpoints.pod(NS, 'client'), Endpoints.service(NS, 'web', 80));
    expect(x.allowed).toBe(true);
    expect(x.note).toContain('boutique/a on TCP/8080, boutique/b on TCP/9090');
    expect(x.note).toContain('1 of 2 pods admit it (boutique/a allowed, boutique/b denied)');
    // The rule's named-port variant: the name is 8080 on a and 9090 on b.
    const named = [...objects.slice(0, -1), { ...onlyPort('client', 'x', {}), spec: { podSelector: { matchLabels: { tier: 'web' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'web' }] }] } }];
    expect(codes(named, LintCode.NP019).map((f) => f.message)).toEqual([
      'ingress rule 0 names the port TCP/web, which is TCP/8080 on boutique/a; TCP/9090 on boutique/b: the rule admits a different port on each pod',
    ]);
  });

  test('no selector, an empty selector and ExternalName select no pods; a headless Service translates nothing', () => {
    const reach = Reachability.fromManifests([ns, client, deployment('db', [{ containerPort: 5432 }]),
      service('manual', undefined, [{ port: 80 }]), service('empty', {}, [{ port: 80 }]),
      service('alias', { app: 'db' }, [{ port: 80 }], NS, { type: 'ExternalName', externalName: 'db.example.com' }),
      service('db', { app: 'db' }, [{ port: 5432, targetPort: 15432 }], NS, { clusterIP: 'None' })]);
    expect(() => reach.canConnect(Endpoints.pod(NS, 'client'), Endpoints.service(NS, 'manual'))).toThrow(/selects no pods \(it has no selector\)/);
    expect(() => reach.canConnect(Endpoints.pod(NS, 'client'), Endpoints.service(NS, 'empty'))).toThrow(/selects no pods/);
    expect(() => reach.canConnect(Endpoints.pod(NS, 'client'), Endpoints.service(NS, 'alias'))).toThrow(/ExternalName/);
    const x = reach.explain(Endpoints.pod(NS, 'client'), Endpoints.service(NS, 'db', 5432));
    expect(x.port).toBe(5432);
    expect(x.note).toContain('headless');
  });

  test('only apiVersion v1 is a Service: others are left out (Knative\'s Service is another kind)', () => {
    const objects = [ns, client, deployment('api', [{ containerPort: 80 }]),
      { ...service('v2', { app: 'api' }, [{ port: 80 }]), apiVersion: 'v2' },
      { ...service('kn', { app: 'api' }, [{ port: 80 }]), apiVersion: 'serving.knative.dev/v1' }];
    const reach = Reachability.fromManifests(objects);
    expect(() => reach.canConnect(Endpoints.pod(NS, 'client'), Endpoints.service(NS, 'v2'))).toThrow(/unknown Service "v2".*no v1 Services/);
    expect(() => reach.canConnect(Endpoints.pod(NS, 'client'), Endpoints.service(NS, 'kn'))).toThrow(/unknown Service "kn"/);
    expect(reach.problems.map((p) => p.code)).toEqual(['NP011', 'NP016']);
  });

  test('malformed ports are reported (NP011) and skipped; a Service port that is a targetPort is pointed out', () => {
    const reach = Reachability.fromManifests([ns, client, deployment('api', [{ containerPort: 8080 }]),
      service('api', { app: 'api' }, [{ port: 80, targetPort: 8080 }, { port: 70000 }, { port: 81, targetPort: '8080' }, { port: 82, protocol: 'HTTP' }])]);
    expect(reach.problems.map((p) => p.message)).toEqual([
      'spec.ports[1]: port 70000 is not a number 1-65535; the API server rejects the Service (the analysis ignores this port)',
      'spec.ports[2]: targetPort "8080" is neither a number 1-65535 nor a container port name (lower case letters, digits and "-", at most 15 characters, with a letter); the API server rejects the Service (the analysis ignores this port)',
      'spec.ports[3]: protocol "HTTP" is not TCP, UDP or SCTP; the API server rejects the Service (the analysis ignores this port)',
    ]);
    expect(() => reach.canConnect(Endpoints.pod(NS, 'client'), Endpoints.service(NS, 'api', 8080))).toThrow(/8080 is a targetPort, the pods' port: connect to the Service port/);
    expect(() => reach.canConnect(Endpoints.pod(NS, 'client'), Endpoints.service(NS, 'api', 80), { port: 81 })).toThrow(/give the Service port once/);
    expect(() => reach.canConnect(Endpoints.service(NS, 'api', 80), Endpoints.pod(NS, 'client'))).toThrow(/a Service receives connections/);
    expect(() => reach.canConnect(Endpoints.pod(NS, 'client'), { namespace: NS, pod: 'api', port: 80 })).toThrow(/port belongs to a Service endpoint/);
  });
});

describe('Service lint', () => {
  test('NP020: a selector that matches no pod; NP021: a targetPort no selected pod declares', () => {
    const objects = [ns, deployment('api', [{ containerPort: 8080, name: 'http' }]),
      service('typo', { app: 'apii' }, [{ port: 80, targetPort: 8080 }]),
      service('api', { app: 'api' }, [{ port: 80, targetPort: 8081 }, { port: 81, targetPort: 'grpc' }, { port: 82, targetPort: 'http' }])];
    expect(codes(objects, LintCode.NP020).map((f) => `${f.object.name}: ${f.message}`)).toEqual([
      'typo: spec.selector {"app":"apii"} matches no Pod or workload in namespace boutique, so the Service reaches nothing',
    ]);
    expect(codes(objects, LintCode.NP021).map((f) => `${f.message} (fix: ${f.fix})`)).toEqual([
      'port TCP/80 sends to targetPort 8081, which none of the pods it selects (boutique/api) declare (fix: set targetPort to the pods\' port (TCP 8080 (http)))',
      'port TCP/81 sends to targetPort grpc, which none of the pods it selects (boutique/api) declare: a named targetPort that no pod declares leaves the port without endpoints (fix: set targetPort to the pods\' port (TCP 8080 (http)))',
    ]);
  });

  test('NP018 without a Service: the pods declare other ports', () => {
    const objects = [ns, client, deployment('api', [{ containerPort: 8080 }]), onlyPort('client', 'api', { port: 9999 })];
    expect(codes(objects, LintCode.NP018).map((f) => f.fix)).toEqual(['name a port the pods declare (8080), or declare TCP/9999 on their containers']);
    // Pods that declare no ports may listen anywhere: nothing to say.
    expect(codes([ns, client, deployment('api', []), onlyPort('client', 'api', { port: 9999 })], LintCode.NP018)).toEqual([]);
  });

  test('NP018 on an egress rule towards the pods of a Service', () => {
    const egress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'client-egress', namespace: NS },
      spec: { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'email' } } }], ports: [{ port: 5000 }] }] },
    };
    const objects = [ns, client, deployment('email', [{ containerPort: 8080 }]), service('email', { app: 'email' }, [{ port: 5000, targetPort: 8080 }]), egress];
    expect(codes(objects, LintCode.NP018).map((f) => f.fix)).toEqual(['write port 8080 (the targetPort TCP/8080) instead of 5000 in egress rule 0']);
    expect(Reachability.fromManifests(objects).canConnect(Endpoints.pod(NS, 'client'), Endpoints.service(NS, 'email', 5000))).toBe(false);
  });
});
