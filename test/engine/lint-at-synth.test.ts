import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Lint } from '../../src/analysis/lint';
import { ClusterBaseline } from '../../src/baseline/cluster-baseline';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { Ports } from '../../src/model/ports';

// "Lint: mistakes caught at synth time": NamespaceBaseline and ClusterBaseline run the lint as cdk8s
// validations, so ERROR findings fail `app.synth()` / `Testing.synth` and name the finding.

/** A policy whose namespaceSelector uses the guide's custom label, which the managed Namespace lacks. */
function selectorOnMissingLabel(scope: Chart, namespace: string, from: string): ApiObject {
  return new k8s.KubeNetworkPolicy(scope, `broken-${namespace}`, {
    metadata: { name: 'allow-from-ops', namespace },
    spec: {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'networking/namespace': from } } }] }],
    },
  });
}

function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}

/** The message of the error synth fails with (the test fails when synth succeeds). */
function synthError(c: Chart): string {
  try {
    Testing.synth(c);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synth to fail');
}

describe('NamespaceBaseline lints at synth', () => {
  test('a namespaceSelector on a label no managed Namespace carries fails synth with NP009 and the path', () => {
    const c = chart();
    new NamespaceBaseline(c, 'shop', { namespace: 'shop', createNamespace: true });
    new NamespaceBaseline(c, 'ops', { namespace: 'ops', createNamespace: true });
    selectorOnMissingLabel(c, 'shop', 'ops');
    expect(() => Testing.synth(c)).toThrow(/Validation failed[\s\S]*\[test\/shop\] ERROR NP009 NetworkPolicy shop\/allow-from-ops: .*networking\/namespace/);
  });

  test('app.synth() fails the same way (what `cdk8s synth` runs)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'lint-at-synth-'));
    const app = new App({ outdir });
    const c = new Chart(app, 'test');
    new NamespaceBaseline(c, 'shop', { namespace: 'shop', createNamespace: true });
    new NamespaceBaseline(c, 'ops', { namespace: 'ops', createNamespace: true });
    selectorOnMissingLabel(c, 'shop', 'ops');
    try {
      expect(() => app.synth()).toThrow(/NP009/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('only the namespaces the baseline manages are its business', () => {
    const c = chart();
    new NamespaceBaseline(c, 'shop', { namespace: 'shop', createNamespace: true });
    new k8s.KubeNamespace(c, 'ops', { metadata: { name: 'ops' } });
    selectorOnMissingLabel(c, 'ops', 'shop');
    expect(() => Testing.synth(c)).not.toThrow();
    new NamespaceBaseline(c, 'ops-baseline', { namespace: 'ops' });
    expect(() => Testing.synth(c)).toThrow(/\[test\/ops-baseline\] ERROR NP009 NetworkPolicy ops\/allow-from-ops/);
  });

  test('the error names every failing finding once, not once per baseline', () => {
    const c = chart();
    new NamespaceBaseline(c, 'shop', { namespace: 'shop', createNamespace: true });
    new NamespaceBaseline(c, 'ops', { namespace: 'ops', createNamespace: true });
    selectorOnMissingLabel(c, 'shop', 'ops');
    const message = synthError(c);
    expect(message.match(/NP009/g)).toHaveLength(1);
  });

  test('lint: false turns it off', () => {
    const c = chart();
    new NamespaceBaseline(c, 'shop', { namespace: 'shop', createNamespace: true, lint: false });
    new NamespaceBaseline(c, 'ops', { namespace: 'ops', createNamespace: true, lint: false });
    selectorOnMissingLabel(c, 'shop', 'ops');
    expect(Testing.synth(c)).toHaveLength(2 * 3 + 1);
  });

  test('warnings do not fail synth: a policy without policyTypes (NP004) next to a baseline', () => {
    const c = chart();
    new NamespaceBaseline(c, 'shop', { namespace: 'shop' });
    new k8s.KubeNetworkPolicy(c, 'legacy', {
      metadata: { name: 'legacy', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }] }] },
    });
    expect(() => Testing.synth(c)).not.toThrow();
  });

  test('a malformed object in the namespace is an error too (NP011: a label value that is not a string)', () => {
    const c = chart();
    new NamespaceBaseline(c, 'shop', { namespace: 'shop' });
    new ApiObject(c, 'bad', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'bad', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { replicas: 3 as any } }, policyTypes: ['Ingress'] },
    });
    expect(() => Testing.synth(c)).toThrow(/\[test\/shop\] ERROR NP011/);
  });

  test('a correct baseline with the guide\'s custom namespace label key synthesizes: its Namespace carries the label', () => {
    const c = chart();
    for (const namespace of ['shop', 'ops']) {
      new NamespaceBaseline(c, namespace, {
        namespace,
        createNamespace: true,
        namespaceLabelKey: 'networking/namespace',
        denyEgress: true,
        allowFrom: [{ fromNamespace: namespace === 'shop' ? 'ops' : 'shop', ports: [Ports.tcp(80)], sourceDeniesEgress: true }],
      });
    }
    expect(() => Testing.synth(c)).not.toThrow();
  });
});

describe('the lint reads a chart once per synthesis, however many baselines it holds', () => {
  afterEach(() => jest.restoreAllMocks());

  test('forty baselines: one lint per synth, and a change between two synths is seen', () => {
    const c = chart();
    for (let i = 0; i < 40; i++) {
      new NamespaceBaseline(c, `n${i}`, { namespace: `n${i}`, createNamespace: true, allowFrom: [{ fromNamespace: `n${(i + 1) % 40}` }] });
    }
    const lint = jest.spyOn(Lint, 'manifests');
    expect(Testing.synth(c)).toHaveLength(40 * 4);
    expect(lint).toHaveBeenCalledTimes(1);
    selectorOnMissingLabel(c, 'n7', 'n8');
    expect(() => Testing.synth(c)).toThrow(/\[test\/n7\] ERROR NP009 NetworkPolicy n7\/allow-from-ops/);
    expect(lint).toHaveBeenCalledTimes(2);
  });

  test('app.synthYaml() validates twice but lints an unchanged chart once; a change is linted anew, and every synthesis fails', () => {
    const app = Testing.app();
    const c = new Chart(app, 'test');
    new ClusterBaseline(c, 'cluster', { namespaces: ['shop', 'ops'], createNamespace: true });
    const lint = jest.spyOn(Lint, 'manifests');
    app.synthYaml();
    app.synthYaml();
    expect(lint).toHaveBeenCalledTimes(1);
    selectorOnMissingLabel(c, 'shop', 'ops');
    expect(() => app.synthYaml()).toThrow(/\[test\/cluster\] ERROR NP009 NetworkPolicy shop\/allow-from-ops/);
    expect(() => app.synthYaml()).toThrow(/\[test\/cluster\] ERROR NP009 NetworkPolicy shop\/allow-from-ops/);
    expect(lint).toHaveBeenCalledTimes(2);
    c.node.tryRemoveChild('broken-shop');
    expect(() => app.synthYaml()).not.toThrow();
    expect(lint).toHaveBeenCalledTimes(3);
  });

  test('a change inside an object (a label added, a label patched away) is linted anew, not only added or removed objects', () => {
    const app = Testing.app();
    const c = new Chart(app, 'test');
    new ClusterBaseline(c, 'cluster', { namespaces: ['shop', 'ops'], createNamespace: true });
    selectorOnMissingLabel(c, 'shop', 'ops');
    const lint = jest.spyOn(Lint, 'manifests');
    expect(() => app.synthYaml()).toThrow(/ERROR NP009/);
    const ops = c.node.findAll().find((o): o is ApiObject => ApiObject.isApiObject(o) && o.kind === 'Namespace' && o.name === 'ops')!;
    ops.metadata.addLabel('networking/namespace', 'ops');
    expect(() => app.synthYaml()).not.toThrow();
    ops.addJsonPatch(JsonPatch.remove('/metadata/labels/networking~1namespace'));
    expect(() => app.synthYaml()).toThrow(/ERROR NP009/);
    expect(lint).toHaveBeenCalledTimes(3);
  });

  test('a baseline validated on its own still lints', () => {
    const c = chart();
    const shop = new NamespaceBaseline(c, 'shop', { namespace: 'shop', createNamespace: true });
    new NamespaceBaseline(c, 'ops', { namespace: 'ops', createNamespace: true });
    selectorOnMissingLabel(c, 'shop', 'ops');
    expect(shop.node.validate()).toEqual([expect.stringMatching(/^ERROR NP009 NetworkPolicy shop\/allow-from-ops/)]);
  });
});

describe('ClusterBaseline lints at synth', () => {
  test('a broken policy in one of its namespaces fails synth once, from the cluster', () => {
    const c = chart();
    new ClusterBaseline(c, 'cluster', { namespaces: ['shop', 'ops'], createNamespace: true });
    selectorOnMissingLabel(c, 'shop', 'ops');
    const message = synthError(c);
    expect(message).toMatch(/\[test\/cluster\] ERROR NP009 NetworkPolicy shop\/allow-from-ops/);
    expect(message.match(/NP009/g)).toHaveLength(1);
  });

  test('lint: false turns it off for every namespace', () => {
    const c = chart();
    new ClusterBaseline(c, 'cluster', { namespaces: ['shop', 'ops'], createNamespace: true, lint: false });
    selectorOnMissingLabel(c, 'shop', 'ops');
    expect(() => Testing.synth(c)).not.toThrow();
  });

  test('a correct cluster with cross-namespace allows, denyEgress and a custom label key synthesizes', () => {
    const c = chart();
    const cluster = new ClusterBaseline(c, 'cluster', {
      namespaces: ['shop', 'ops', 'monitoring'],
      createNamespace: true,
      namespaceLabelKey: 'networking/namespace',
      denyEgress: true,
      allowSameNamespace: true,
      newDeployments: true,
      internetEgress: true,
    });
    cluster.addAllowFrom('shop', { fromNamespace: 'monitoring', fromLabels: { app: 'prometheus' }, ports: [Ports.tcp(9090)] });
    cluster.baseline('ops').addHub({ hubName: 'db', hubLabels: { app: 'db' } });
    expect(() => Testing.synth(c)).not.toThrow();
  });
});
