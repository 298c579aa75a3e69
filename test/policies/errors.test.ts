import { Chart, Testing } from 'cdk8s';
import { PortSpec, Ports } from '../../src/model/ports';
import { AllowConnection } from '../../src/policies/allow-connection';
import { AllowSameNamespace } from '../../src/policies/allow-same-namespace';
import { CrossNamespaceAllow } from '../../src/policies/cross-namespace-allow';
import { DefaultDenyIngress } from '../../src/policies/default-deny-ingress';
import { HubAccess } from '../../src/policies/hub-access';
import { InternetAccess } from '../../src/policies/internet-access';
import { NewDeploymentAccess } from '../../src/policies/new-deployment-access';
import { ServerAccess } from '../../src/policies/server-access';

/** Every bad input must throw at construction with the construct path and the bad value, and synthesize nothing. */
function expectError(build: (chart: Chart) => void, ...messages: RegExp[]): void {
  const chart = new Chart(Testing.app(), 'chart');
  let error: Error | undefined;
  try {
    build(chart);
  } catch (e) {
    error = e as Error;
  }
  expect(error).toBeDefined();
  for (const m of messages) {
    expect(error!.message).toMatch(m);
  }
}

describe('bad namespaces', () => {
  test.each(['Shop', 'shop_1', '-shop', 'a'.repeat(64), ''])('%j is refused by every construct', (ns) => {
    const shown = JSON.stringify(ns).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expectError((c) => new DefaultDenyIngress(c, 'deny', { namespace: ns }), /^chart\/deny/, new RegExp(`invalid namespace ${shown}`));
    expectError((c) => new InternetAccess(c, 'net', { namespace: ns }), /^chart\/net: invalid namespace/);
    expectError((c) => new AllowSameNamespace(c, 'same', { namespace: ns }), /^chart\/same: invalid namespace/);
    expectError((c) => new HubAccess(c, 'hub', { namespace: ns, hubName: 'db', hubLabels: { app: 'db' } }), /^chart\/hub: invalid namespace/);
    expectError((c) => new ServerAccess(c, 'srv', { namespace: ns, serverName: 'b', serverLabels: { app: 'b' } }), /^chart\/srv: invalid namespace/);
    expectError((c) => new AllowConnection(c, 'conn', { namespace: ns, fromLabels: { a: 'b' }, toLabels: { c: 'd' } }), /^chart\/conn: invalid namespace/);
    expectError((c) => new NewDeploymentAccess(c, 'new', { namespace: ns }), /^chart\/new: invalid namespace/);
    expectError((c) => new CrossNamespaceAllow(c, 'x', { fromNamespace: ns, toNamespace: 'ok' }), /^chart\/x: invalid fromNamespace/);
    expectError((c) => new CrossNamespaceAllow(c, 'x', { fromNamespace: 'ok', toNamespace: ns }), /^chart\/x: invalid toNamespace/);
  });
});

describe('bad labels', () => {
  test('bad label keys name the field and the key', () => {
    expectError((c) => new InternetAccess(c, 'net', { namespace: 'n', podLabels: { 'Bad Key': 'x' } }), /^chart\/net: /, /invalid label key "Bad Key" in podLabels/);
    expectError((c) => new HubAccess(c, 'hub', { namespace: 'n', hubName: 'db', hubLabels: { app: 'db' }, accessLabel: 'a/b/c' }), /chart\/hub/, /"a\/b\/c" in accessLabel/);
    expectError((c) => new NewDeploymentAccess(c, 'new', { namespace: 'n', label: '-x' }), /chart\/new/, /"-x" in label/);
    expectError((c) => new CrossNamespaceAllow(c, 'x', { fromNamespace: 'a', toNamespace: 'b', namespaceLabelKey: 'UPPER/x' }), /chart\/x/, /prefix "UPPER"/);
  });

  test('bad label values name the key and the value', () => {
    expectError((c) => new AllowConnection(c, 'conn', { namespace: 'n', fromLabels: { app: 'has space' }, toLabels: { app: 'api' } }),
      /^chart\/conn: /, /invalid label value "has space" for key "app" in fromLabels/);
    expectError((c) => new CrossNamespaceAllow(c, 'x', { fromNamespace: 'a', toNamespace: 'b', toLabels: { app: 'v'.repeat(64) } }), /chart\/x/, /in toLabels/);
    expectError((c) => new ServerAccess(c, 'srv', { namespace: 'n', serverName: 'b', serverLabels: { app: '-x-' } }), /chart\/srv/, /"-x-"/);
  });

  test('an empty label map where specific pods are meant is refused', () => {
    expectError((c) => new HubAccess(c, 'hub', { namespace: 'n', hubName: 'db', hubLabels: {} }), /chart\/hub: hubLabels is empty/);
    expectError((c) => new InternetAccess(c, 'net', { namespace: 'n', podLabels: {} }), /chart\/net: podLabels is empty/);
    expectError((c) => new AllowConnection(c, 'conn', { namespace: 'n', fromLabels: {}, toLabels: { a: 'b' } }), /fromLabels is empty/);
    expectError((c) => new AllowConnection(c, 'conn', { namespace: 'n', fromLabels: { a: 'b' }, toLabels: undefined as any }), /toLabels is missing/);
  });

  test('bad hub and server names', () => {
    expectError((c) => new HubAccess(c, 'hub', { namespace: 'n', hubName: 'My DB', hubLabels: { app: 'db' } }), /^chart\/hub: invalid hubName "My DB"/);
    expectError((c) => new ServerAccess(c, 'srv', { namespace: 'n', serverName: 'Backup_1', serverLabels: { app: 'b' } }), /^chart\/srv: invalid serverName "Backup_1"/);
  });
});

describe('bad ports', () => {
  const cases: Array<[string, PortSpec, RegExp]> = [
    ['port 0', { port: 0 }, /invalid port 0 in ports\[0\]/],
    ['port 65536', { port: 65536 }, /invalid port 65536 in ports\[0\]/],
    ['endPort below port', Ports.tcpRange(9000, 8000), /endPort 8000 is below port 9000/],
    ['endPort with a named port', { name: 'http', endPort: 90 }, /endPort cannot be combined with a named port/],
    ['endPort 65536', { port: 1, endPort: 65536 }, /invalid endPort 65536/],
  ];
  test.each(cases)('%s is refused with the path and the value', (_what, port, message) => {
    expectError((c) => new HubAccess(c, 'hub', { namespace: 'n', hubName: 'db', hubLabels: { app: 'db' }, ports: [port] }), /^chart\/hub: /, message);
    expectError((c) => new InternetAccess(c, 'net', { namespace: 'n', ports: [port] }), /^chart\/net: /, message);
    expectError((c) => new AllowSameNamespace(c, 'same', { namespace: 'n', ports: [port] }), /^chart\/same: /, message);
    expectError((c) => new ServerAccess(c, 'srv', { namespace: 'n', serverName: 'b', serverLabels: { app: 'b' }, ports: [port] }), /^chart\/srv: /, message);
    expectError((c) => new AllowConnection(c, 'conn', { namespace: 'n', fromLabels: { a: 'b' }, toLabels: { c: 'd' }, ports: [port] }), /^chart\/conn: /, message);
    expectError((c) => new CrossNamespaceAllow(c, 'x', { fromNamespace: 'a', toNamespace: 'b', ports: [port] }), /^chart\/x: /, message);
  });

  test('an empty port list (which Kubernetes reads as every port) is refused', () => {
    expectError((c) => new AllowSameNamespace(c, 'same', { namespace: 'n', ports: [] }), /chart\/same: ports is empty/);
  });
});

describe('bad CIDRs', () => {
  test.each([
    ['10.0.0.0/33', /invalid CIDR "10.0.0.0\/33" in sources\[0\]/],
    ['10.0.0.5/8', /host bits are set; did you mean "10.0.0.0\/8"/],
    ['300.1.1.1/32', /invalid CIDR "300.1.1.1\/32"/],
    ['not-a-cidr', /invalid CIDR "not-a-cidr"/],
    ['10.0.0.0', /invalid CIDR "10.0.0.0"/],
    ['2001:db8::/129', /invalid CIDR "2001:db8::\/129"/],
    ['2001:db8::1/32', /invalid CIDR "2001:db8::1\/32".*did you mean "2001:db8::\/32"/],
    ['010.0.0.0/8', /invalid CIDR "010.0.0.0\/8" in sources\[0\]: .*did you mean "10.0.0.0\/8"/],
    ['::ffff:0:0/96', /invalid CIDR "::ffff:0:0\/96" in sources\[0\]: .*did you mean "0.0.0.0\/0"/],
    ['1.2.3/24', /invalid CIDR "1.2.3\/24" in sources\[0\]: it has 3 dotted parts/],
    ['2001:zz8::/32', /invalid CIDR "2001:zz8::\/32"/],
  ])('InternetAccess refuses source %s', (cidr, message) => {
    expectError((c) => new InternetAccess(c, 'net', { namespace: 'n', sources: [cidr] }), /^chart\/net: /, message);
  });

  test('the index of the bad source is named', () => {
    expectError((c) => new InternetAccess(c, 'net', { namespace: 'n', sources: ['10.0.0.0/8', 'bad'] }), /sources\[1\]/);
  });

  test('an empty source list is refused (it would admit every source)', () => {
    expectError((c) => new InternetAccess(c, 'net', { namespace: 'n', sources: [] }), /chart\/net: invalid sources \[\]/);
  });
});

describe('duplicate policy names', () => {
  test('two constructs that would create the same policy in one namespace name both paths', () => {
    expectError((c) => {
      new AllowConnection(c, 'first', { namespace: 'n', fromLabels: { app: 'web' }, toLabels: { app: 'api' }, ports: [Ports.tcp(80)] });
      new AllowConnection(c, 'second', { namespace: 'n', fromLabels: { app: 'web' }, toLabels: { app: 'api' }, ports: [Ports.tcp(443)] });
    }, /^chart\/second/, /duplicate NetworkPolicy name "allow-web-to-api" in namespace "n"/, /chart\/first\/Policy already creates it/);
  });

  test('two NewDeploymentAccess in one namespace collide; in two namespaces they do not', () => {
    expectError((c) => {
      new NewDeploymentAccess(c, 'a', { namespace: 'n' });
      new NewDeploymentAccess(c, 'b', { namespace: 'n', label: 'x/new' });
    }, /duplicate NetworkPolicy name "allow-ingress-from-new"/);
    const c = new Chart(Testing.app(), 'chart');
    new NewDeploymentAccess(c, 'a', { namespace: 'n1' });
    expect(() => new NewDeploymentAccess(c, 'b', { namespace: 'n2' })).not.toThrow();
  });

  test('a name override resolves the collision', () => {
    const c = new Chart(Testing.app(), 'chart');
    new AllowConnection(c, 'first', { namespace: 'n', fromLabels: { app: 'web' }, toLabels: { app: 'api' } });
    expect(() => new AllowConnection(c, 'second', { namespace: 'n', fromLabels: { app: 'web' }, toLabels: { app: 'api' }, name: 'allow-web-to-api-tls' })).not.toThrow();
  });

  test('a bad name override is refused', () => {
    expectError((c) => new DefaultDenyIngress(c, 'deny', { namespace: 'n', name: 'Deny All' }), /chart\/deny/, /invalid policy name "Deny All"/);
  });
});
