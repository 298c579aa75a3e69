/**
 * A Service as the destination of a grant: the policy selects the Service's pods and admits its
 * targetPorts (the pods' ports), never the Service port. Proved through the engine, through the Service.
 */
import { ApiObject } from 'cdk8s';
import * as kplus28 from 'cdk8s-plus-28';
import * as kplus33 from 'cdk8s-plus-33';
import * as kplus34 from 'cdk8s-plus-34';
import { charts } from './support';
import { Endpoints } from '../../src/analysis/endpoint';
import { Lint } from '../../src/analysis/lint';
import { Reachability } from '../../src/analysis/reachability';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { k8s } from '../../src/k8s';
import { Workloads } from '../../src/workloads/workloads';
import { objectNamed, synthApp } from '../support/kube';

const user = { user: 1000 };
type Kplus = typeof kplus28 | typeof kplus33 | typeof kplus34;

/** checkout -> email, where the email Service sends port 5000 to the pods' 8080 (Online Boutique). */
function boutique(kplus: Kplus) {
  const { app, charts: [chart] } = charts('boutique');
  const baseline = new NamespaceBaseline(chart, 'baseline', { namespace: 'boutique' });
  const deploy = (name: string, port: number) => new kplus.Deployment(chart, name, {
    metadata: { name }, containers: [{ image: name, ports: [{ number: port, name: 'grpc' }], securityContext: user }],
  });
  const checkout = deploy('checkout', 5050);
  const email = deploy('email', 8080);
  deploy('frontend', 8080);
  const emailService = new kplus.Service(chart, 'email-svc', { metadata: { name: 'email' }, selector: email, ports: [{ port: 5000, targetPort: 8080 }] });
  return { app, chart, baseline, checkout, email, emailService };
}

describe('a Service as the destination', () => {
  test.each([['cdk8s-plus-28', kplus28], ['cdk8s-plus-33', kplus33], ['cdk8s-plus-34', kplus34]] as const)(
    'baseline.allowConnection(checkout, emailService) with %s admits the targetPort, through the Service', (_, kplus) => {
      const s = boutique(kplus as Kplus);
      s.baseline.allowConnection(s.checkout, s.emailService);
      const objects = synthApp(s.app);
      const policy = objectNamed(objects, 'NetworkPolicy', 'allow-checkout-to-email');
      expect(policy.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
      const reach = Reachability.fromApp(s.app);
      const checkout = Endpoints.pod('boutique', 'checkout');
      expect(reach.canConnect(checkout, Endpoints.service('boutique', 'email', 5000))).toBe(true);
      expect(reach.canConnect(Endpoints.pod('boutique', 'frontend'), Endpoints.service('boutique', 'email', 5000))).toBe(false);
      expect(Lint.app(s.app).filter((f) => ['NP018', 'NP019', 'NP020', 'NP021'].includes(f.code))).toEqual([]);
    });

  test('a named targetPort is resolved to the pods\' number; with namedPorts it stays the name', () => {
    for (const namedPorts of [false, true]) {
      const s = boutique(kplus28);
      const svc = new ApiObject(s.chart, 'raw-svc', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'email-grpc' },
        spec: { selector: s.email.matchLabels, ports: [{ port: 5000, targetPort: 'grpc' }] },
      });
      Workloads.allowConnection(s.chart, s.checkout, svc, { namedPorts });
      const policy = objectNamed(synthApp(s.app), 'NetworkPolicy', 'allow-checkout-to-email-grpc');
      expect(policy.spec.ingress[0].ports).toEqual([namedPorts ? { port: 'grpc', protocol: 'TCP' } : { port: 8080, protocol: 'TCP' }]);
      expect(Reachability.fromApp(s.app).canConnect(Endpoints.pod('boutique', 'checkout'), Endpoints.service('boutique', 'email-grpc'))).toBe(true);
    }
  });

  test('a KubeService (L1) works as a hub; a Service as source, without selector, or ExternalName is refused', () => {
    const s = boutique(kplus28);
    const l1 = new k8s.KubeService(s.chart, 'l1', { metadata: { name: 'email-l1' }, spec: { selector: s.email.matchLabels, ports: [{ port: 25, targetPort: k8s.IntOrString.fromNumber(8080) }] } });
    s.baseline.addHubClient(l1, s.checkout);
    expect(Reachability.fromApp(s.app).canConnect(Endpoints.pod('boutique', 'checkout'), Endpoints.service('boutique', 'email-l1', 25))).toBe(true);
    expect(() => Workloads.allowConnection(s.chart, s.emailService, s.checkout)).toThrow(/expected a Pod or workload .* its API object is a v1 Service/);
    const manual = new k8s.KubeService(s.chart, 'manual', { metadata: { name: 'manual' }, spec: { ports: [{ port: 80 }] } });
    expect(() => Workloads.allowConnection(s.chart, s.checkout, manual)).toThrow(/the Service has no selector, so it selects no pods/);
    const external = new k8s.KubeService(s.chart, 'ext', { metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'mail.example.com', selector: { app: 'x' } } });
    expect(() => Workloads.allowConnection(s.chart, s.checkout, external)).toThrow(/ExternalName/);
    expect(() => s.baseline.addServerTarget(s.checkout, s.emailService)).toThrow(/expected a Pod or workload/);
  });
});
