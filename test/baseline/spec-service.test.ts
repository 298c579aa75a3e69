/**
 * A spec may name a Service instead of labels: the policy selects the Service's pods on its targetPorts,
 * never the Service port. Proved through the engine, through the Service.
 */
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Endpoints } from '../../src/analysis/endpoint';
import { Reachability } from '../../src/analysis/reachability';
import { NamespaceBaseline, NamespaceBaselineProps } from '../../src/baseline/namespace-baseline';
import { objectNamed, synthApp } from '../support/kube';
import { charts } from '../workloads/support';

function boutique(props: Omit<NamespaceBaselineProps, 'namespace'> = {}) {
  const { app, charts: [chart] } = charts('boutique');
  const baseline = new NamespaceBaseline(chart, 'baseline', { namespace: 'boutique', ...props });
  const email = new kplus.Deployment(chart, 'email', {
    metadata: { name: 'email' }, containers: [{ image: 'email', ports: [{ number: 8080, name: 'grpc' }, { number: 9090 }], securityContext: { user: 1000 } }],
  });
  const service = new kplus.Service(chart, 'email-svc', { metadata: { name: 'email' }, selector: email, ports: [{ port: 5000, targetPort: 8080 }] });
  return { app, chart, baseline, email, service };
}

/** A bare pod of the boutique namespace with these labels: a client of the policies under test. */
function pod(name: string, labels: { [key: string]: string }) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'boutique', labels }, spec: { containers: [{ name: 'c' }] } };
}

/**
 * The policy `policyName` selects the Service's pods on its targetPort (8080) only, and proved through the
 * engine: a client pod with `clientLabels` reaches them through the Service (5000) and on 8080, not on the
 * Service port or the pods' other port (9090); a pod without those labels does not reach them.
 */
function expectOnlyTargetPort(s: ReturnType<typeof boutique>, policyName: string, clientLabels: { [key: string]: string }): void {
  const policy = objectNamed(synthApp(s.app), 'NetworkPolicy', policyName);
  expect(policy.spec.podSelector.matchLabels).toEqual(s.email.matchLabels);
  expect(policy.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  const reach = Reachability.fromManifests([...synthApp(s.app), pod('checkout', clientLabels), pod('other', { app: 'other' })]);
  const checkout = Endpoints.pod('boutique', 'checkout');
  expect(reach.canConnect(checkout, Endpoints.service('boutique', 'email', 5000))).toBe(true);
  expect(reach.canConnect(checkout, Endpoints.pod('boutique', 'email'), { port: 8080 })).toBe(true);
  expect(reach.canConnect(checkout, Endpoints.pod('boutique', 'email'), { port: 5000 })).toBe(false);
  expect(reach.canConnect(checkout, Endpoints.pod('boutique', 'email'), { port: 9090 })).toBe(false);
  expect(reach.canConnect(Endpoints.pod('boutique', 'other'), Endpoints.service('boutique', 'email', 5000))).toBe(false);
}

describe('internetFacing with a service', () => {
  test('the Service\'s pods accept the internet on its targetPort, through the Service, not on other ports', () => {
    const s = boutique();
    s.baseline.addInternetFacing({ service: s.service });
    const policy = objectNamed(synthApp(s.app), 'NetworkPolicy', 'internet-access-email');
    expect(policy.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    const reach = Reachability.fromApp(s.app);
    const internet = Endpoints.ip('203.0.113.10');
    expect(reach.canConnect(internet, Endpoints.service('boutique', 'email', 5000))).toBe(true);
    expect(reach.canConnect(internet, Endpoints.pod('boutique', 'email'), { port: 9090 })).toBe(false);
    expect(reach.canConnect(internet, Endpoints.pod('boutique', 'email'), { port: 5000 })).toBe(false);
  });

  test('a named targetPort becomes the pods\' number', () => {
    const s = boutique();
    const svc = new ApiObject(s.chart, 'raw', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'email-grpc' },
      spec: { selector: s.email.matchLabels, ports: [{ port: 5000, targetPort: 'grpc' }] },
    });
    s.baseline.addInternetFacing({ service: svc, name: 'email-public' });
    expect(objectNamed(synthApp(s.app), 'NetworkPolicy', 'email-public').spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('refused: labels and a service, ports with a service, a Service of another namespace, not a Service', () => {
    const s = boutique();
    expect(() => s.baseline.addInternetFacing({ service: s.service, podLabels: { app: 'email' } }))
      .toThrow(/^boutique\/baseline: invalid internetFacing.service boutique\/email-svc: the spec also gives podLabels \{"app":"email"\}; give one of them/);
    expect(() => s.baseline.addInternetFacing({ service: s.service, ports: [{ port: 5000 }] }))
      .toThrow(/invalid internetFacing.ports \[\{"port":5000\}\]: the spec gives service, a Service whose targetPorts are the ports/);
    const other = new kplus.Service(s.chart, 'other', { metadata: { name: 'other', namespace: 'shop' }, selector: s.email, ports: [{ port: 80 }] });
    expect(() => s.baseline.addInternetFacing({ service: other })).toThrow(/the Service is in namespace "shop", not in the baseline's namespace "boutique"/);
    expect(() => s.baseline.addInternetFacing({ service: s.email })).toThrow(/invalid internetFacing.service boutique\/email: expected a v1 Service/);
    expect(() => s.baseline.addInternetFacing({})).toThrow(/internetFacing.podLabels/);
  });
});

describe('allowFrom with a toService', () => {
  test('pods of another namespace reach the Service\'s pods on its targetPort only, through the Service', () => {
    const s = boutique();
    s.baseline.addAllowFrom({ fromNamespace: 'monitoring', fromLabels: { app: 'prometheus' }, toService: s.service });
    const reach = Reachability.fromManifests([...synthApp(s.app),
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'prometheus', namespace: 'monitoring', labels: { app: 'prometheus' } }, spec: { containers: [{ name: 'c' }] } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'other', namespace: 'monitoring', labels: { app: 'other' } }, spec: { containers: [{ name: 'c' }] } }]);
    const prometheus = Endpoints.pod('monitoring', 'prometheus');
    expect(reach.canConnect(prometheus, Endpoints.service('boutique', 'email', 5000))).toBe(true);
    expect(reach.canConnect(prometheus, Endpoints.pod('boutique', 'email'), { port: 9090 })).toBe(false);
    expect(reach.canConnect(Endpoints.pod('monitoring', 'other'), Endpoints.service('boutique', 'email', 5000))).toBe(false);
  });

  test('refused: toLabels and a toService', () => {
    const s = boutique();
    expect(() => s.baseline.addAllowFrom({ fromNamespace: 'monitoring', toLabels: { app: 'email' }, toService: s.service }))
      .toThrow(/^boutique\/baseline: invalid allowFrom.toService boutique\/email-svc: the spec also gives toLabels \{"app":"email"\}; give one of them/);
  });
});

describe('hubs with a hubService', () => {
  test.each([false, true])('a client with the access label reaches the hub pods on the targetPort, through the Service (denyEgress %s)', (denyEgress) => {
    const s = boutique({ denyEgress, internetAccess: false });
    const hub = s.baseline.addHub({ hubName: 'email', hubService: s.service });
    expectOnlyTargetPort(s, 'allow-email-access', { app: 'checkout', [hub.accessLabel]: 'true' });
  });

  test('the hubs prop takes a hubService too', () => {
    const { app, charts: [chart] } = charts('boutique');
    const email = new kplus.Deployment(chart, 'email', { metadata: { name: 'email' }, containers: [{ image: 'email', ports: [{ number: 8080 }], securityContext: { user: 1000 } }] });
    const service = new kplus.Service(chart, 'email-svc', { metadata: { name: 'email' }, selector: email, ports: [{ port: 5000, targetPort: 8080 }] });
    new NamespaceBaseline(chart, 'baseline', { namespace: 'boutique', hubs: [{ hubName: 'mail', hubService: service, name: 'mail-hub' }] });
    expect(objectNamed(synthApp(app), 'NetworkPolicy', 'mail-hub').spec.podSelector.matchLabels).toEqual(email.matchLabels);
    expect(objectNamed(synthApp(app), 'NetworkPolicy', 'mail-hub').spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('refused: labels and a service, ports with a service, a Service of another namespace, not a Service, neither', () => {
    const s = boutique();
    expect(() => s.baseline.addHub({ hubName: 'email', hubService: s.service, hubLabels: { app: 'email' } }))
      .toThrow(/^boutique\/baseline: invalid hub.hubService boutique\/email-svc: the spec also gives hubLabels \{"app":"email"\}; give one of them/);
    expect(() => s.baseline.addHub({ hubName: 'email', hubService: s.service, ports: [{ port: 5000 }] }))
      .toThrow(/invalid hub.ports \[\{"port":5000\}\]: the spec gives hubService, a Service whose targetPorts are the ports/);
    const other = new kplus.Service(s.chart, 'other', { metadata: { name: 'other', namespace: 'shop' }, selector: s.email, ports: [{ port: 80 }] });
    expect(() => s.baseline.addHub({ hubName: 'email', hubService: other })).toThrow(/invalid hub.hubService boutique\/other: the Service is in namespace "shop", not in the baseline's namespace "boutique"/);
    expect(() => s.baseline.addHub({ hubName: 'email', hubService: s.email })).toThrow(/invalid hub.hubService boutique\/email: expected a v1 Service/);
    expect(() => s.baseline.addHub({ hubName: 'email' })).toThrow(/^boutique\/baseline: hub "email" has neither hubLabels nor hubService/);
    // every refusal left the name free
    expect(s.baseline.addHub({ hubName: 'email', hubService: s.service }).name).toBe('allow-email-access');
  });
});

describe('connections with a toService', () => {
  test.each([false, true])('the from pods reach the Service\'s pods on the targetPort, through the Service; others do not (denyEgress %s)', (denyEgress) => {
    const s = boutique({ denyEgress, internetAccess: false });
    const allow = s.baseline.addConnection({ fromLabels: { app: 'checkout' }, toService: s.service });
    expectOnlyTargetPort(s, allow.name, { app: 'checkout' });
  });

  test('the connections prop takes a toService too; the default name reads the selector as the to labels', () => {
    const { app, charts: [chart] } = charts('boutique');
    const email = new kplus.Deployment(chart, 'email', { metadata: { name: 'email' }, containers: [{ image: 'email', ports: [{ number: 8080 }], securityContext: { user: 1000 } }] });
    const service = new kplus.Service(chart, 'email-svc', { metadata: { name: 'email' }, selector: email, ports: [{ port: 5000, targetPort: 8080 }] });
    const baseline = new NamespaceBaseline(chart, 'baseline', { namespace: 'boutique', connections: [{ fromLabels: { app: 'checkout' }, toService: service, name: 'checkout-to-email' }] });
    expect(objectNamed(synthApp(app), 'NetworkPolicy', 'checkout-to-email').spec.podSelector.matchLabels).toEqual(email.matchLabels);
    expect(objectNamed(synthApp(app), 'NetworkPolicy', 'checkout-to-email').spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    // unnamed: the name AllowConnection gives the same labels
    const byService = baseline.addConnection({ fromLabels: { app: 'checkout' }, toService: service });
    const byLabels = new NamespaceBaseline(chart, 'other', { namespace: 'elsewhere' }).addConnection({ fromLabels: { app: 'checkout' }, toLabels: email.matchLabels });
    expect(byService.name).toBe(byLabels.name);
  });

  test('refused: labels and a service, ports with a service, a Service of another namespace, not a Service, neither', () => {
    const s = boutique();
    const from = { app: 'checkout' };
    expect(() => s.baseline.addConnection({ fromLabels: from, toService: s.service, toLabels: { app: 'email' } }))
      .toThrow(/^boutique\/baseline: invalid connection.toService boutique\/email-svc: the spec also gives toLabels \{"app":"email"\}; give one of them/);
    expect(() => s.baseline.addConnection({ fromLabels: from, toService: s.service, ports: [{ port: 5000 }] }))
      .toThrow(/invalid connection.ports \[\{"port":5000\}\]: the spec gives toService, a Service whose targetPorts are the ports/);
    const other = new kplus.Service(s.chart, 'other', { metadata: { name: 'other', namespace: 'shop' }, selector: s.email, ports: [{ port: 80 }] });
    expect(() => s.baseline.addConnection({ fromLabels: from, toService: other }))
      .toThrow(/invalid connection.toService boutique\/other: the Service is in namespace "shop", not in the baseline's namespace "boutique"/);
    expect(() => s.baseline.addConnection({ fromLabels: from, toService: s.email })).toThrow(/invalid connection.toService boutique\/email: expected a v1 Service/);
    expect(() => s.baseline.addConnection({ fromLabels: from })).toThrow(/^boutique\/baseline: connection from \{"app":"checkout"\} has neither toLabels nor toService/);
    // no refusal left a construct behind
    expect(s.baseline.node.children.filter((c) => c.node.id.startsWith('Connection'))).toHaveLength(0);
  });
});
