import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Lint } from '../../src/analysis/lint';
import { LintSeverity } from '../../src/analysis/lint-finding';
import { ClusterBaseline } from '../../src/baseline/cluster-baseline';
import { NetworkPolicyLintValidation } from '../../src/baseline/lint-validation';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { Ports } from '../../src/model/ports';

// Issue #12: a connection to a label no pod carries used to synthesize without a word. WARNING findings
// are printed at synth (console.warn, once per finding, naming the baseline and the object);
// `failOnWarnings` turns them into synth failures; ERROR findings fail synth as before.

function pod(scope: Chart, name: string, namespace: string, labels: Record<string, string>): ApiObject {
  return new ApiObject(scope, `pod-${namespace}-${name}`, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels } });
}

/** A shop whose connection web → api names a label (`app: api`) that no pod carries: NP008. */
function shopWithTypo(c: Chart, options: { failOnWarnings?: boolean } = {}): NamespaceBaseline {
  const baseline = new NamespaceBaseline(c, 'shop', {
    namespace: 'shop',
    createNamespace: true,
    internetAccess: false,
    ...options,
    connections: [{ fromLabels: { app: 'web' }, toLabels: { app: 'api' }, ports: [Ports.tcp(8080)] }],
  });
  pod(c, 'web', 'shop', { app: 'web' });
  pod(c, 'api', 'shop', { app: 'apj' });
  return baseline;
}

/** What synth printed with console.warn, one string per call; rethrows synth's error after restoring. */
function warningsOf(run: () => void): string[] {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    run();
    return warn.mock.calls.map((args) => args.join(' '));
  } finally {
    warn.mockRestore();
  }
}

function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}

describe('warnings at synth', () => {
  test('a connection to a label no pod carries is printed once, naming the baseline and the policy', () => {
    const c = chart();
    shopWithTypo(c);
    const printed = warningsOf(() => Testing.synth(c));
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^\[test\/shop\] WARNING NP00[78] NetworkPolicy shop\/allow-web-to-api: .*\(fix: /);
  });

  test('once per app, however many baselines, validations and charts read it', () => {
    const c = chart();
    shopWithTypo(c);
    new NamespaceBaseline(c, 'other', { namespace: 'other' });
    c.node.addValidation(new NetworkPolicyLintValidation(c));
    c.node.addValidation(new NetworkPolicyLintValidation(c, { namespaces: ['shop'] }));
    new Chart(c.node.scope as App, 'other-chart'); // app.synth() validates the app once more per chart
    expect(warningsOf(() => (c.node.scope as App).synth())).toHaveLength(1);
    expect(warningsOf(() => Testing.synth(c))).toHaveLength(0);
  });

  test('a gate of ours that no pod uses yet is no warning (internet-access, a hub without clients, new deployments, a server without targets)', () => {
    const c = chart();
    new NamespaceBaseline(c, 'shop', {
      namespace: 'shop',
      newDeployments: true,
      hubs: [{ hubName: 'db', hubLabels: { app: 'db' } }],
      servers: [{ serverName: 'backup', serverLabels: { app: 'backup' } }],
    });
    pod(c, 'db', 'shop', { app: 'db' });
    pod(c, 'backup', 'shop', { app: 'backup' });
    expect(Lint.chart(c).filter((f) => f.severity === LintSeverity.WARNING).map((f) => f.code).sort())
      .toEqual(['NP007', 'NP007', 'NP008', 'NP008', 'NP007'].sort()); // what the lint itself says
    expect(warningsOf(() => Testing.synth(c))).toEqual([]);
  });

  test('but a hub whose own labels match no pod is', () => {
    const c = chart();
    new NamespaceBaseline(c, 'shop', { namespace: 'shop', hubs: [{ hubName: 'db', hubLabels: { app: 'db' } }] });
    pod(c, 'db', 'shop', { 'app': 'postgres', 'networking/allow-db-access': 'true' });
    expect(warningsOf(() => Testing.synth(c))).toEqual([expect.stringMatching(/WARNING NP007 NetworkPolicy shop\/allow-db-access: spec.podSelector \{app=db\}/)]);
  });

  test('a clean baseline prints nothing', () => {
    const c = chart();
    new NamespaceBaseline(c, 'shop', {
      namespace: 'shop',
      createNamespace: true,
      internetAccess: false,
      connections: [{ fromLabels: { app: 'web' }, toLabels: { app: 'api' }, ports: [Ports.tcp(8080)] }],
    });
    pod(c, 'web', 'shop', { app: 'web' });
    pod(c, 'api', 'shop', { app: 'api' });
    expect(warningsOf(() => Testing.synth(c))).toEqual([]);
  });

  test('lint: false prints nothing', () => {
    const c = chart();
    new NamespaceBaseline(c, 'shop', {
      namespace: 'shop', lint: false, connections: [{ fromLabels: { app: 'web' }, toLabels: { app: 'api' } }],
    });
    pod(c, 'api', 'shop', { app: 'apj' });
    expect(warningsOf(() => Testing.synth(c))).toEqual([]);
  });

  test('a ClusterBaseline prints the warnings of its namespaces once, naming the cluster', () => {
    const c = chart();
    new ClusterBaseline(c, 'cluster', { namespaces: ['shop', 'ops'], internetAccess: false })
      .baseline('shop').addConnection({ fromLabels: { app: 'web' }, toLabels: { app: 'api' } });
    pod(c, 'web', 'shop', { app: 'web' });
    pod(c, 'api', 'shop', { app: 'apj' });
    const printed = warningsOf(() => Testing.synth(c));
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^\[test\/cluster\] WARNING NP00[78] NetworkPolicy shop\/allow-web-to-api/);
  });
});

describe('failOnWarnings', () => {
  test('turns the warning into a synth failure that names it (and prints nothing)', () => {
    const c = chart();
    shopWithTypo(c, { failOnWarnings: true });
    const printed = warningsOf(() => {
      expect(() => Testing.synth(c)).toThrow(/\[test\/shop\] WARNING NP00[78] NetworkPolicy shop\/allow-web-to-api/);
    });
    expect(printed).toEqual([]);
  });

  test('app.synth() fails too', () => {
    const app = new App({ outdir: Testing.app().outdir });
    shopWithTypo(new Chart(app, 'test'), { failOnWarnings: true });
    expect(() => app.synth()).toThrow(/NP00[78]/);
  });

  test('on a ClusterBaseline, for every namespace, or only for those of namespaceOverrides', () => {
    const build = (props: { failOnWarnings?: boolean; override?: boolean }) => {
      const c = chart();
      const cluster = new ClusterBaseline(c, 'cluster', {
        namespaces: ['shop', 'ops'],
        internetAccess: false,
        failOnWarnings: props.failOnWarnings,
        namespaceOverrides: props.override === undefined ? undefined : { shop: { failOnWarnings: props.override } },
      });
      cluster.baseline('shop').addConnection({ fromLabels: { app: 'web' }, toLabels: { app: 'api' } });
      pod(c, 'web', 'shop', { app: 'web' });
      pod(c, 'api', 'shop', { app: 'apj' });
      return c;
    };
    expect(() => warningsOf(() => Testing.synth(build({ failOnWarnings: true })))).toThrow(/WARNING NP00[78]/);
    expect(() => warningsOf(() => Testing.synth(build({ override: true })))).toThrow(/WARNING NP00[78]/);
    expect(warningsOf(() => Testing.synth(build({ failOnWarnings: true, override: false })))).toHaveLength(1);
  });

  test('errors still fail synth, with or without it', () => {
    for (const failOnWarnings of [false, true]) {
      const c = chart();
      new NamespaceBaseline(c, 'shop', { namespace: 'shop', createNamespace: true, failOnWarnings });
      new k8s.KubeNetworkPolicy(c, 'broken', {
        metadata: { name: 'allow-from-ops', namespace: 'shop' },
        spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'networking/namespace': 'shop' } } }] }] },
      });
      expect(() => warningsOf(() => Testing.synth(c))).toThrow(/ERROR NP009/);
    }
  });
});
