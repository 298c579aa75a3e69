// The egress constructs through the reachability engine: what a namespace can still reach once it
// denies egress, and what an egress policy does to a namespace that does not.
import { Testing } from 'cdk8s';
import { chart, Labels } from './egress-support';
import { AllowDnsEgress, DefaultDenyEgress, EgressPresets, InternetEgress, Ports, Protocol } from '../../src';
import { Reachability } from '../../src/analysis/reachability';

const NAMESPACES = ['payments', 'kube-system', 'orders', 'attacker', 'lonely'];
const KUBE_DNS = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
const GATE = { 'networking/allow-internet-egress': 'true' };
const UDP53 = { port: 53, protocol: Protocol.UDP };
const TCP53 = { port: 53, protocol: Protocol.TCP };

function cluster(): Reachability {
  const c = chart();
  new DefaultDenyEgress(c, 'deny', { namespace: 'payments' });
  new AllowDnsEgress(c, 'dns', { namespace: 'payments', dnsCidrs: [EgressPresets.NODE_LOCAL_DNS_IPV4] });
  new InternetEgress(c, 'internet', { namespace: 'payments', ports: [Ports.tcp(443)] });
  // The mistake the README warns about: an egress allow in a namespace that does not deny egress.
  new AllowDnsEgress(c, 'lonely-dns', { namespace: 'lonely' });
  const namespaces = NAMESPACES.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  return Reachability.fromManifests([...namespaces, ...Testing.synth(c)]);
}

const engine = cluster();
const paymentsLabels: Labels[] = [{}, { app: 'web' }, { app: 'db' }, GATE];
const paymentsPods = paymentsLabels.map((labels) => ({ namespace: 'payments', labels }));

test('the engine reads every policy without a warning', () => {
  expect(engine.warnings).toEqual([]);
  expect(engine.policies.sort()).toEqual([
    'lonely/allow-dns-egress', 'payments/allow-dns-egress', 'payments/allow-internet-egress', 'payments/default-deny-egress',
  ]);
});

test('with egress denied, every pod still resolves names over UDP and TCP 53', () => {
  for (const pod of paymentsPods) {
    expect(engine.canConnect(pod, KUBE_DNS, UDP53)).toBe(true);
    expect(engine.canConnect(pod, KUBE_DNS, TCP53)).toBe(true);
    expect(engine.canConnect(pod, { ip: '169.254.20.10' }, UDP53)).toBe(true);
    expect(engine.canConnect(pod, { ip: '169.254.20.10' }, TCP53)).toBe(true);
  }
});

test('with egress denied, pods reach nothing else but what was declared', () => {
  for (const pod of paymentsPods) {
    expect(engine.canConnect(pod, KUBE_DNS, { port: 443 })).toBe(false);
    expect(engine.canConnect(pod, { namespace: 'kube-system', labels: { component: 'etcd' } }, UDP53)).toBe(false);
    expect(engine.canConnect(pod, { namespace: 'attacker', labels: { 'k8s-app': 'kube-dns' } }, UDP53)).toBe(false);
    expect(engine.canConnect(pod, { namespace: 'payments', labels: { app: 'db' } }, { port: 5432 })).toBe(false);
    expect(engine.canConnect(pod, { namespace: 'orders', labels: { app: 'api' } }, { port: 80 })).toBe(false);
    expect(engine.canConnect(pod, { ip: '8.8.8.8' }, UDP53)).toBe(false);
    expect(engine.canConnect(pod, { ip: '169.254.169.254' }, { port: 80 })).toBe(false);
  }
});

test('only labelled pods reach the internet, on the declared port, never a private range', () => {
  const gated = { namespace: 'payments', labels: GATE };
  expect(engine.canConnect(gated, { ip: '203.0.113.10' }, { port: 443 })).toBe(true);
  expect(engine.canConnect(gated, { ip: '2606:4700::1111' }, { port: 443 })).toBe(true);
  expect(engine.canConnect(gated, { ip: '203.0.113.10' }, { port: 80 })).toBe(false);
  for (const ip of ['10.0.0.1', '172.16.0.1', '192.168.0.1', '100.64.0.1', '169.254.169.254', 'fd00::1', 'fe80::1']) {
    expect(engine.canConnect(gated, { ip }, { port: 443 })).toBe(false);
  }
  expect(engine.canConnect({ namespace: 'payments', labels: { app: 'web' } }, { ip: '203.0.113.10' }, { port: 443 })).toBe(false);
});

test('a namespace that does not deny egress keeps all of it', () => {
  const pod = { namespace: 'orders', labels: GATE };
  expect(engine.canConnect(pod, { ip: '203.0.113.10' }, { port: 80 })).toBe(true);
  expect(engine.canConnect(pod, { ip: '10.0.0.1' }, { port: 5432 })).toBe(true);
  expect(engine.canConnect(pod, { namespace: 'payments', labels: { app: 'db' } }, { port: 5432 })).toBe(true);
  expect(engine.canConnect(pod, KUBE_DNS, UDP53)).toBe(true);
});

test('an egress allow without a deny isolates the pods it selects (the README warning)', () => {
  const pod = { namespace: 'lonely', labels: { app: 'web' } };
  expect(engine.canConnect(pod, KUBE_DNS, UDP53)).toBe(true);
  expect(engine.canConnect(pod, { namespace: 'orders', labels: { app: 'api' } }, { port: 80 })).toBe(false);
  expect(engine.canConnect(pod, { ip: '203.0.113.10' }, { port: 443 })).toBe(false);
});
