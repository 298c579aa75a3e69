// omitNamespace: the baselines write their policies without metadata.namespace (for kustomize and
// `kubectl apply -n`), keep naming the namespaces their selectors mean, and the engine reads the output
// back in the namespace it is applied to (`defaultNamespace`) with the reachability of the namespaced output.
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Lint } from '../../src/analysis/lint';
import { Reachability } from '../../src/analysis/reachability';
import { ClusterBaseline } from '../../src/baseline/cluster-baseline';
import { NamespaceBaseline, NamespaceBaselineProps } from '../../src/baseline/namespace-baseline';
import { Ports } from '../../src/model/ports';
import { KubeObject, synth, synthApp, validateAll } from '../support/kube';

/** A shop that uses every kind of peer: same namespace, another namespace by name, the cluster DNS, the internet. */
const SHOP: NamespaceBaselineProps = {
  namespace: 'shop',
  denyEgress: true,
  internetEgress: true,
  hubs: [{ hubName: 'db', hubLabels: { app: 'db' }, ports: [Ports.tcp(5432)] }],
  connections: [{ fromLabels: { app: 'web' }, toLabels: { app: 'api' }, ports: [Ports.tcp(8080)] }],
  allowFrom: [{ fromNamespace: 'monitoring', fromLabels: { app: 'prometheus' }, toLabels: { app: 'api' }, ports: [Ports.tcp(9090)] }],
};

/** Pods of the shop (without a namespace, as a kustomize base writes them, or in `namespace`). */
function shopPods(namespace?: string): KubeObject[] {
  const p = (name: string, labels: { [key: string]: string }) =>
    ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels, ...(namespace ? { namespace } : {}) }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  return [
    p('web', { 'app': 'web', 'networking/allow-internet-access': 'true', 'networking/allow-internet-egress': 'true' }),
    p('api', { 'app': 'api', 'networking/allow-db-access': 'true' }),
    p('db', { app: 'db' }),
  ];
}

/** Pods of the other namespaces, always with their namespace. */
const OTHERS: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'prometheus', namespace: 'monitoring', labels: { app: 'prometheus' } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'grafana', namespace: 'monitoring', labels: { app: 'grafana' } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
];

/** Every allowed connection, one line per pair. */
function connections(reach: Reachability): string[] {
  return reach.allConnections().map((p) => `${p.from} -> ${p.to}: ${p.connections.toString()}`).sort();
}

/** The shop's policies with their namespace. */
const namespacedShop = () => synth((s) => new NamespaceBaseline(s, 'shop', SHOP));

describe('NamespaceBaseline omitNamespace', () => {
  const namespaced = namespacedShop();
  const namespaceless = synth((s) => new NamespaceBaseline(s, 'shop', { ...SHOP, omitNamespace: true }));

  test('writes the same policies, each without metadata.namespace', () => {
    expect(namespaceless.length).toBe(namespaced.length);
    for (const o of namespaceless) expect(o.metadata.namespace).toBeUndefined();
    const strip = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, namespace: undefined } });
    expect(namespaceless).toEqual(namespaced.map(strip).map((o) => JSON.parse(JSON.stringify(o))));
  });

  test('the namespaceSelectors keep naming the namespaces they mean (monitoring, kube-system)', () => {
    const selected = JSON.stringify(namespaceless).match(/"kubernetes\.io\/metadata\.name":"[a-z-]+"/g) ?? [];
    expect(new Set(selected)).toEqual(new Set(['"kubernetes.io/metadata.name":"monitoring"', '"kubernetes.io/metadata.name":"kube-system"']));
  });

  test('read back with defaultNamespace "shop", it allows exactly what the namespaced output allows', () => {
    const expected = connections(Reachability.fromManifests([...namespaced, ...shopPods('shop'), ...OTHERS]));
    const actual = connections(Reachability.fromManifests([...namespaceless, ...shopPods(), ...OTHERS], { defaultNamespace: 'shop' }));
    expect(expected).toContain('monitoring/prometheus -> shop/api: TCP 9090');
    expect(expected).toContain('shop/api -> shop/db: TCP 5432');
    expect(expected.some((line) => line.startsWith('shop/web -> kube-system/coredns: '))).toBe(true);
    expect(actual).toEqual(expected);
  });

  test('read back in "default" (kubectl without -n), the shop is somewhere else: the option matters', () => {
    const reach = Reachability.fromManifests([...namespaceless, ...shopPods(), ...OTHERS]);
    expect(reach.namespaces).toContain('default');
    expect(reach.namespaces).not.toContain('shop');
    // the allow from monitoring still names the namespace it admits, and it is no other
    expect(reach.canConnect({ namespace: 'monitoring', pod: 'prometheus' }, { pod: 'api' }, { port: 9090 })).toBe(true);
    expect(reach.canConnect({ namespace: 'monitoring', pod: 'grafana' }, { pod: 'api' }, { port: 9090 })).toBe(false);
  });

  test('the egress side of a cross-namespace allow in another namespace is refused, naming both', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new NamespaceBaseline(chart, 'shop', {
      namespace: 'shop', omitNamespace: true, allowFrom: [{ fromNamespace: 'monitoring', sourceDeniesEgress: true }],
    })).toThrow(/test\/shop\/AllowFrom1-monitoring.*belongs in namespace "monitoring", but test\/shop writes its policies without metadata.namespace for namespace "shop"/);
    expect(chart.node.tryFindChild('shop')).toBeUndefined(); // nothing half-built is left
  });

  test('two namespace-less namespaces in one chart are refused; in two charts they are fine', () => {
    const app = Testing.app();
    const one = new Chart(app, 'one');
    new NamespaceBaseline(one, 'shop', { namespace: 'shop', omitNamespace: true });
    expect(() => new NamespaceBaseline(one, 'web', { namespace: 'web', omitNamespace: true }))
      .toThrow(/one\/web: omitNamespace: one\/shop already writes the policies of namespace "shop" without metadata.namespace into chart one/);
    new NamespaceBaseline(one, 'web', { namespace: 'web' }); // with its namespace: no collision
    const two = new Chart(app, 'two');
    new NamespaceBaseline(two, 'cart', { namespace: 'cart', omitNamespace: true });
    app.charts.forEach((c) => validateAll(c.toJson() as KubeObject[])); // toJson() runs the app's validations first
    // one file per chart: each holds one namespace-less namespace
    const namelessIn = (chart: Chart) => chart.toJson().filter((o) => o.metadata.namespace === undefined).map((o) => o.metadata.name);
    expect(namelessIn(one)).toEqual(['default-deny-ingress', 'internet-access']);
    expect(namelessIn(two)).toEqual(['default-deny-ingress', 'internet-access']);
  });

  test('a chart namespace is not written on them either (removed by a JSON patch)', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'elsewhere' });
    new NamespaceBaseline(chart, 'shop', { namespace: 'shop', omitNamespace: true });
    const objects = Testing.synth(chart);
    expect(objects.map((o) => o.metadata.namespace)).toEqual([undefined, undefined]);
  });

  test('omitNamespace must be a boolean', () => {
    expect(() => synth((s) => new NamespaceBaseline(s, 'shop', { namespace: 'shop', omitNamespace: 'yes' as any })))
      .toThrow('test/shop: invalid omitNamespace "yes": expected true or false');
  });
});

describe('the lint at synth reads namespace-less policies in the baseline\'s namespace', () => {
  /** A chart of the app's own pods (namespace-less too) and the baseline; returns the warnings printed. */
  function synthWarnings(build: (chart: Construct) => void): string[] {
    const warnings: string[] = [];
    const spy = jest.spyOn(console, 'warn').mockImplementation((line: string) => { warnings.push(line); });
    try {
      const app = new App();
      build(new Chart(app, 'test'));
      synthApp(app);
    } finally {
      spy.mockRestore();
    }
    return warnings;
  }

  test('a connection between pods of the chart, both namespace-less, is no warning', () => {
    const warnings = synthWarnings((chart) => {
      new NamespaceBaseline(chart, 'shop', {
        namespace: 'shop', omitNamespace: true, connections: [{ fromLabels: { app: 'web' }, toLabels: { app: 'api' } }],
      });
      for (const pod of shopPods()) new ApiObject(chart, pod.metadata.name, pod);
    });
    expect(warnings).toEqual([]);
  });

  test('a connection to a label no pod carries is still reported, in namespace shop', () => {
    const warnings = synthWarnings((chart) => {
      new NamespaceBaseline(chart, 'shop', {
        namespace: 'shop', omitNamespace: true, connections: [{ fromLabels: { app: 'nobody' }, toLabels: { app: 'api' } }],
      });
      for (const pod of shopPods()) new ApiObject(chart, pod.metadata.name, pod);
    });
    expect(warnings.join('\n')).toMatch(/NetworkPolicy shop\/.*app=nobody/);
  });
});

describe('Reachability.fromChart / fromApp and Lint.chart read a namespace-less chart in its namespace', () => {
  /** An app of two charts, each a namespace-less baseline with its pods namespace-less too. */
  function twoCharts(): { app: App; shop: Chart; cart: Chart } {
    const app = Testing.app();
    const shop = new Chart(app, 'shop');
    new NamespaceBaseline(shop, 'baseline', { ...SHOP, omitNamespace: true });
    for (const pod of shopPods()) new ApiObject(shop, pod.metadata.name, pod);
    const cart = new Chart(app, 'cart');
    new NamespaceBaseline(cart, 'baseline', { namespace: 'cart', omitNamespace: true });
    new ApiObject(cart, 'cart', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'cart', labels: { app: 'cart' } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    return { app, shop, cart };
  }

  test('each chart\'s objects in the namespace of its baseline', () => {
    const { app, shop } = twoCharts();
    expect(Reachability.fromApp(app).workloads.map((w) => w.id)).toEqual(['shop/web', 'shop/api', 'shop/db', 'cart/cart']);
    const monitoring = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } };
    new ApiObject(shop, 'monitoring', monitoring);
    new ApiObject(shop, 'prometheus', OTHERS[0]);
    new ApiObject(shop, 'coredns', OTHERS[2]);
    expect(connections(Reachability.fromChart(shop)))
      .toEqual(connections(Reachability.fromManifests([...namespacedShop(), ...shopPods('shop'), monitoring, OTHERS[0], OTHERS[2]])));
  });

  test('Lint.chart names the objects in the baseline\'s namespace', () => {
    const { cart } = twoCharts();
    const findings = Lint.chart(cart);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => (f.object.kind === 'Namespace' ? f.object.name : f.object.namespace))).toEqual(findings.map(() => 'cart'));
  });
});

describe('ClusterBaseline omitNamespace', () => {
  test('one namespace: written namespace-less', () => {
    const objects = synth((s) => new ClusterBaseline(s, 'cluster', { namespaces: ['shop'], omitNamespace: true }));
    expect(objects.map((o) => o.metadata.namespace)).toEqual([undefined, undefined]);
  });

  test.each([
    ['shared', { omitNamespace: true }, /omitNamespace is set for "shop", "web", but this ClusterBaseline has 2 namespaces/],
    ['per namespace', { namespaceOverrides: { web: { omitNamespace: true } } }, /omitNamespace is set for "web", but this ClusterBaseline has 2 namespaces \("shop", "web"\)/],
  ])('several namespaces are refused (%s), with the way out', (_what, props, message) => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new ClusterBaseline(chart, 'cluster', { namespaces: ['shop', 'web'], ...props })).toThrow(message);
    expect(() => new ClusterBaseline(chart, 'again', { namespaces: ['shop', 'web'], ...props })).toThrow(/its own Chart, or use "cdk8s-netpol synth --out DIR"/);
  });
});

describe('ManifestOptions.defaultNamespace', () => {
  test('an invalid name is refused with the reason', () => {
    expect(() => Reachability.fromManifests([], { defaultNamespace: 'Shop' })).toThrow(/invalid defaultNamespace "Shop": it must be a DNS-1123 label/);
  });

  test('endpoints without a namespace are in the default namespace too', () => {
    const reach = Reachability.fromManifests(shopPods(), { defaultNamespace: 'shop' });
    expect(reach.workloads.map((w) => w.id)).toEqual(['shop/web', 'shop/api', 'shop/db']);
    expect(reach.canConnect({ pod: 'web' }, { pod: 'api' })).toBe(true);
  });
});
