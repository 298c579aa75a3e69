import { Ports } from '../../src/model/ports';
import { AllowConnection } from '../../src/policies/allow-connection';
import { AllowSameNamespace } from '../../src/policies/allow-same-namespace';
import { CrossNamespaceAllow } from '../../src/policies/cross-namespace-allow';
import { DefaultDenyIngress } from '../../src/policies/default-deny-ingress';
import { HubAccess } from '../../src/policies/hub-access';
import { InternetAccess } from '../../src/policies/internet-access';
import { NewDeploymentAccess } from '../../src/policies/new-deployment-access';
import { ServerAccess } from '../../src/policies/server-access';
import { internet, ip, net, pod } from '../engine/support';
import { synth } from '../support/kube';

/** A hand-written default-deny egress for a namespace (not one of the constructs under test). */
function denyAllEgress(namespace: string): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'deny', namespace },
    spec: { podSelector: {}, policyTypes: ['Egress'] },
  };
}

describe('the guide, section by section', () => {
  test('"Isolate" your pods: default-deny isolates every pod, so nothing gets in', () => {
    const objects = synth((s) => new DefaultDenyIngress(s, 'deny', { namespace: 'n' }));
    expect(net(objects).isolatedForIngress(pod('n', { app: 'anything' }))).toBe(true);
    expect(net(objects).accepts(pod('n', { app: 'a' }), pod('n', { app: 'b' }))).toBe(false);
    expect(net(objects).accepts(pod('n', { app: 'a' }), pod('other'))).toBe(false);
  });

  test('Explicitly allow internet access for pods that need it: only labelled pods open up', () => {
    const objects = synth((s) => {
      new DefaultDenyIngress(s, 'deny', { namespace: 'n' });
      new InternetAccess(s, 'net', { namespace: 'n', ports: [Ports.tcp(443)] });
    });
    const web = pod('n', { 'app': 'web', 'networking/allow-internet-access': 'true' });
    const reach = net(objects);
    for (const source of [internet, ip('2001:db8::1'), pod('anywhere')]) {
      expect(reach.canConnect(source, web, 443)).toBe(true);
      expect(reach.canConnect(source, web, 22)).toBe(false);
      expect(reach.canConnect(source, pod('n', { app: 'db' }), 443)).toBe(false);
    }
  });

  test('If You Don\'t Know Which Pods Need to Talk To Each Other: the namespace talks to itself, not to others', () => {
    const objects = synth((s) => {
      new DefaultDenyIngress(s, 'deny', { namespace: 'n' });
      new AllowSameNamespace(s, 'same', { namespace: 'n' });
    });
    expect(net(objects).accepts(pod('n', { app: 'a' }), pod('n', { app: 'b' }))).toBe(true);
    expect(net(objects).accepts(pod('n', { app: 'a' }), pod('m', { app: 'b' }))).toBe(false);
  });

  test('If You Know the Sources and Sinks for Communication: the db hub admits only pods labelled for it', () => {
    const objects = synth((s) => {
      new DefaultDenyIngress(s, 'deny', { namespace: 'n' });
      new HubAccess(s, 'db', { namespace: 'n', hubName: 'db', hubLabels: { app: 'db' } });
    });
    const db = pod('n', { app: 'db' });
    expect(net(objects).accepts(db, pod('n', { 'app': 'api', 'networking/allow-db-access': 'true' }))).toBe(true);
    expect(net(objects).accepts(db, pod('n', { app: 'api' }))).toBe(false);
    expect(net(objects).accepts(db, pod('n', { 'app': 'api', 'networking/allow-db-access': 'false' }))).toBe(false);
    // a podSelector-only peer never admits another namespace, labelled or not
    expect(net(objects).accepts(db, pod('m', { 'networking/allow-db-access': 'true' }))).toBe(false);
  });

  test('If You Know the Sources and Sinks for Communication: a server that initiates connections reaches only labelled pods', () => {
    const objects = synth((s) => {
      new DefaultDenyIngress(s, 'deny', { namespace: 'n' });
      new ServerAccess(s, 'server', { namespace: 'n', serverName: 'server', serverLabels: { app: 'server' } });
    });
    const server = pod('n', { app: 'server' });
    expect(net(objects).accepts(pod('n', { 'app': 'x', 'networking/allow-server-to-access': 'true' }), server)).toBe(true);
    expect(net(objects).accepts(pod('n', { app: 'x' }), server)).toBe(false);
    expect(net(objects).accepts(pod('n', { 'networking/allow-server-to-access': 'true' }), pod('n', { app: 'other' }))).toBe(false);
  });

  test('If You Know the Sources and Sinks for Communication: the two policies get two names (the guide reuses allow-db-access)', () => {
    const objects = synth((s) => {
      new HubAccess(s, 'db', { namespace: 'n', hubName: 'db', hubLabels: { app: 'db' } });
      new ServerAccess(s, 'server', { namespace: 'n', serverName: 'server', serverLabels: { app: 'server' } });
    });
    expect(objects.map((o) => o.metadata.name).sort()).toEqual(['allow-db-access', 'allow-server-to-access']);
  });

  test('If You Know Exactly Which Connections Should Be Allowed, Within the same namespace: A reaches B, nothing else does', () => {
    const objects = synth((s) => {
      new DefaultDenyIngress(s, 'deny', { namespace: 'n' });
      new AllowConnection(s, 'a-to-b', { namespace: 'n', fromLabels: { app: 'a', tier: 't' }, toLabels: { app: 'b' } });
    });
    const b = pod('n', { app: 'b' });
    expect(net(objects).accepts(b, pod('n', { app: 'a', tier: 't' }))).toBe(true);
    // both labels must match
    expect(net(objects).accepts(b, pod('n', { app: 'a' }))).toBe(false);
    expect(net(objects).accepts(pod('n', { app: 'a', tier: 't' }), b)).toBe(false);
  });

  test('Across Namespaces: A in N1 reaches B in N2; neither every pod of N1 nor A-like pods of N2 do', () => {
    const objects = synth((s) => {
      new DefaultDenyIngress(s, 'deny', { namespace: 'n2' });
      new CrossNamespaceAllow(s, 'a-to-b', { fromNamespace: 'n1', fromLabels: { app: 'a' }, toNamespace: 'n2', toLabels: { app: 'b' } });
    });
    const b = pod('n2', { app: 'b' });
    expect(net(objects).accepts(b, pod('n1', { app: 'a' }))).toBe(true);
    // the AND of namespaceSelector and podSelector: the guide's extra dash would let these in
    expect(net(objects).accepts(b, pod('n1', { app: 'other' }))).toBe(false);
    expect(net(objects).accepts(b, pod('n2', { app: 'a' }))).toBe(false);
    expect(net(objects).accepts(b, pod('n3', { app: 'a' }))).toBe(false);
  });

  test('Across Namespaces: the namespace label that Kubernetes sets cannot be forged by a custom label', () => {
    const objects = synth((s) => new CrossNamespaceAllow(s, 'x', { fromNamespace: 'n1', toNamespace: 'n2' }));
    // an attacker namespace labelled with the guide's custom convention gets nothing
    const reach = net(objects, { evil: { 'networking/namespace': 'n1' } });
    expect(reach.accepts(pod('n2'), pod('evil'))).toBe(false);
    expect(reach.accepts(pod('n2'), pod('n1'))).toBe(true);
  });

  test('Across Namespaces: with sourceEgress, the connection survives default-deny egress in the source namespace', () => {
    const denyEgress = denyAllEgress('n1');
    const without = synth((s) => new CrossNamespaceAllow(s, 'x', { fromNamespace: 'n1', fromLabels: { app: 'a' }, toNamespace: 'n2', ports: [Ports.tcp(80)] }));
    expect(net([...without, denyEgress]).canConnect(pod('n1', { app: 'a' }), pod('n2'), 80)).toBe(false);
    const withEgress = synth((s) => new CrossNamespaceAllow(s, 'x', {
      fromNamespace: 'n1', fromLabels: { app: 'a' }, toNamespace: 'n2', ports: [Ports.tcp(80)], sourceEgress: true,
    }));
    expect(net([...withEgress, denyEgress]).canConnect(pod('n1', { app: 'a' }), pod('n2'), 80)).toBe(true);
    expect(net([...withEgress, denyEgress]).canConnect(pod('n1', { app: 'a' }), pod('n3'), 80)).toBe(false);
    expect(net([...withEgress, denyEgress]).canConnect(pod('n1', { app: 'a' }), pod('n2'), 81)).toBe(false);
  });

  test('What About New Deployments? labelled pods talk both ways with the namespace, and two names are used', () => {
    const objects = synth((s) => {
      new DefaultDenyIngress(s, 'deny', { namespace: 'n2' });
      new NewDeploymentAccess(s, 'new', { namespace: 'n2' });
    });
    const fresh = pod('n2', { 'app': 'new', 'networking/allow-all-connections': 'true' });
    const old = pod('n2', { app: 'old' });
    expect(net(objects).accepts(old, fresh)).toBe(true);
    expect(net(objects).accepts(fresh, old)).toBe(true);
    expect(net(objects).accepts(old, pod('n2', { app: 'other' }))).toBe(false);
    expect(net(objects).accepts(fresh, pod('n1', { app: 'old' }))).toBe(false);
    const names = objects.map((o) => o.metadata.name);
    expect(new Set(names).size).toBe(names.length);
  });

  test('What About New Deployments? with egress: true it still works under default-deny egress', () => {
    const denyEgress = denyAllEgress('n2');
    const objects = [...synth((s) => new NewDeploymentAccess(s, 'new', { namespace: 'n2', egress: true })), denyEgress];
    const fresh = pod('n2', { 'networking/allow-all-connections': 'true' });
    const old = pod('n2', { app: 'old' });
    expect(net(objects).canConnect(fresh, old)).toBe(true);
    expect(net(objects).canConnect(old, fresh)).toBe(true);
    expect(net(objects).canConnect(old, pod('n2', { app: 'other' }))).toBe(false);
  });
});

describe('the guide\'s mistakes never appear in our output', () => {
  const everything = () => synth((s) => {
    new DefaultDenyIngress(s, 'deny', { namespace: 'n2' });
    new InternetAccess(s, 'net', { namespace: 'n2' });
    new AllowSameNamespace(s, 'same', { namespace: 'n2', egress: true });
    new HubAccess(s, 'db', { namespace: 'n2', hubName: 'db', hubLabels: { app: 'db' }, egress: true });
    new ServerAccess(s, 'server', { namespace: 'n2', serverName: 'server', serverLabels: { app: 'server' }, egress: true });
    new AllowConnection(s, 'conn', { namespace: 'n2', fromLabels: { app: 'a' }, toLabels: { app: 'b' }, egress: true });
    new CrossNamespaceAllow(s, 'x', { fromNamespace: 'n1', toNamespace: 'n2', sourceEgress: true });
    new NewDeploymentAccess(s, 'new', { namespace: 'n2', egress: true });
  });

  test('policyTypes is always a non-empty list of plain strings, never `- Ingress:` with rules under it', () => {
    for (const o of everything()) {
      expect(Array.isArray(o.spec.policyTypes)).toBe(true);
      expect(o.spec.policyTypes.length).toBeGreaterThan(0);
      for (const t of o.spec.policyTypes) {
        expect(typeof t).toBe('string');
        expect(['Ingress', 'Egress']).toContain(t);
      }
    }
  });

  test('rules sit directly under spec, never nested', () => {
    for (const o of everything()) {
      expect(Object.keys(o.spec).every((k) => ['podSelector', 'policyTypes', 'ingress', 'egress'].includes(k))).toBe(true);
    }
  });

  test('every name is unique in its namespace', () => {
    const keys = everything().map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('cross-namespace peers are one peer with both selectors, never two', () => {
    for (const o of everything()) {
      for (const rule of [...(o.spec.ingress ?? []), ...(o.spec.egress ?? [])]) {
        for (const peer of [...(rule.from ?? []), ...(rule.to ?? [])]) {
          if (peer.namespaceSelector) expect(peer.podSelector).toBeDefined();
        }
      }
    }
  });
});
