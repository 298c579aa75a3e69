/**
 * Online Boutique's shape (Deployments, Services whose port differs from the container port, policies
 * written by a new user on the Service ports): the engine follows the Service to the pods' port, and the
 * lint names the mistake with the port to write.
 */
import { deployment, service } from './service-objects';
import { Endpoints } from '../../src/analysis/endpoint';
import { Lint } from '../../src/analysis/lint';
import { LintCode } from '../../src/analysis/lint-code';
import { Reachability } from '../../src/analysis/reachability';

const NS = 'boutique';

function allowFrom(name: string, to: string, from: string[], ports: any[]) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: NS },
    spec: {
      podSelector: { matchLabels: { app: to } },
      policyTypes: ['Ingress'],
      ingress: [{ from: from.map((f) => ({ podSelector: { matchLabels: { app: f } } })), ports }],
    },
  };
}

const denyAll = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: NS }, spec: { podSelector: {}, policyTypes: ['Ingress'] } };

/** The workloads and Services of Online Boutique that matter here (ports as in its release manifests). */
const boutique = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
  deployment('frontend', [{ containerPort: 8080 }]),
  service('frontend', { app: 'frontend' }, [{ name: 'http', port: 80, targetPort: 8080 }]),
  deployment('checkoutservice', [{ containerPort: 5050 }]),
  service('checkoutservice', { app: 'checkoutservice' }, [{ name: 'grpc', port: 5050, targetPort: 5050 }]),
  deployment('emailservice', [{ containerPort: 8080 }]),
  service('emailservice', { app: 'emailservice' }, [{ name: 'grpc', port: 5000, targetPort: 8080 }]),
  deployment('paymentservice', [{ containerPort: 50051 }]),
  service('paymentservice', { app: 'paymentservice' }, [{ name: 'grpc', port: 50051 }]),
  deployment('loadgenerator', []),
  denyAll,
];

/** What a new user writes: the Service ports. */
const onServicePorts = [
  ...boutique,
  allowFrom('frontend', 'frontend', ['loadgenerator'], [{ port: 80 }]),
  allowFrom('checkoutservice', 'checkoutservice', ['frontend'], [{ port: 5050 }]),
  allowFrom('emailservice', 'emailservice', ['checkoutservice'], [{ port: 5000 }]),
  allowFrom('paymentservice', 'paymentservice', ['checkoutservice'], [{ port: 50051 }]),
];

/** The fixed policies: the pods' ports. */
const onPodPorts = [
  ...boutique,
  allowFrom('frontend', 'frontend', ['loadgenerator'], [{ port: 8080 }]),
  allowFrom('checkoutservice', 'checkoutservice', ['frontend'], [{ port: 5050 }]),
  allowFrom('emailservice', 'emailservice', ['checkoutservice'], [{ port: 8080 }]),
  allowFrom('paymentservice', 'paymentservice', ['checkoutservice'], [{ port: 50051 }]),
];

const checkout = Endpoints.pod(NS, 'checkoutservice');

describe('Online Boutique with policies on the Service ports', () => {
  const reach = Reachability.fromManifests(onServicePorts);

  test('checkout -> email through the Service is denied, and explain names the pod port 8080', () => {
    const x = reach.explain(checkout, Endpoints.service(NS, 'emailservice', 5000));
    expect(x.allowed).toBe(false);
    expect(x.port).toBe(8080);
    expect(x.to).toBe('boutique/emailservice (through Service boutique/emailservice:5000)');
    expect(x.note).toContain('Service boutique/emailservice sends TCP/5000 to targetPort 8080');
    expect(x.note).toContain('a rule must name the pod\'s port TCP/8080, not the Service port 5000');
    expect(x.text).toContain('ports TCP/5000 do not include TCP/8080');
    // Where the Service port equals the pod port, the policy works through the Service.
    expect(reach.canConnect(checkout, Endpoints.service(NS, 'paymentservice', 50051))).toBe(true);
    expect(reach.canConnect(Endpoints.pod(NS, 'loadgenerator'), { namespace: NS, service: 'frontend' })).toBe(false);
  });

  test('lint finds both policies on a Service port, with the Service and the targetPort as the fix', () => {
    const found = Lint.manifests(onServicePorts).filter((f) => f.code === LintCode.NP018);
    expect(found.map((f) => `${f.object.name}: ${f.fix}`)).toEqual([
      'frontend: write port 8080 (the targetPort TCP/8080) instead of 80 in ingress rule 0',
      'emailservice: write port 8080 (the targetPort TCP/8080) instead of 5000 in ingress rule 0',
    ]);
    expect(found[1].message).toContain('TCP/5000 is the port of Service boutique/emailservice, which sends it to targetPort 8080');
  });

  test('the fixed policies admit the connections through the Services, and lint is quiet about ports', () => {
    const fixed = Reachability.fromManifests(onPodPorts);
    expect(fixed.canConnect(checkout, Endpoints.service(NS, 'emailservice', 5000))).toBe(true);
    expect(fixed.canConnect(checkout, Endpoints.pod(NS, 'emailservice'), { port: 8080 })).toBe(true);
    expect(fixed.canConnect(Endpoints.pod(NS, 'loadgenerator'), Endpoints.service(NS, 'frontend', 80))).toBe(true);
    // Not through the Service to another pod: the frontend may not reach email.
    expect(fixed.canConnect(Endpoints.pod(NS, 'frontend'), Endpoints.service(NS, 'emailservice', 5000))).toBe(false);
    const codes = Lint.manifests(onPodPorts).map((f) => f.code);
    for (const c of [LintCode.NP018, LintCode.NP019, LintCode.NP020, LintCode.NP021]) expect(codes).not.toContain(c);
  });
});

describe('naming pods by Service', () => {
  const reach = Reachability.fromManifests(onServicePorts);

  test('explain to the pod on the Service port says it is the Service port and which port arrives', () => {
    const x = reach.explain(checkout, Endpoints.pod(NS, 'emailservice'), { port: 5000 });
    expect(x.note).toBe('selected by Service boutique/emailservice (TCP/5000 -> 8080). TCP/5000 is the port of Service boutique/emailservice, ' +
      'which sends it to the pod\'s TCP/8080: a connection through the Service arrives on 8080, and that is the port a policy must name ' +
      '(ask with the Service endpoint { namespace: "boutique", service: "emailservice", port: 5000 })');
    expect(reach.explain(checkout, Endpoints.pod(NS, 'emailservice'), { port: 8080 }).note).toBe('selected by Service boutique/emailservice (TCP/5000 -> 8080)');
    expect(reach.explain(checkout, Endpoints.pod(NS, 'loadgenerator')).note).toBeUndefined();
  });

  test('services and servicesSelecting name the Services of a workload', () => {
    expect(reach.servicesSelecting('boutique/emailservice')).toEqual([{
      id: 'boutique/emailservice',
      namespace: NS,
      name: 'emailservice',
      workloads: ['boutique/emailservice'],
      ports: [{ name: 'grpc', port: 5000, protocol: 'TCP', targetPort: 8080 }],
    }]);
    expect(reach.servicesSelecting('boutique/loadgenerator')).toEqual([]);
    expect(reach.services.map((s) => s.id)).toEqual(['boutique/frontend', 'boutique/checkoutservice', 'boutique/emailservice', 'boutique/paymentservice']);
  });
});
