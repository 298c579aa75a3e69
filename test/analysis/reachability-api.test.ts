import { ApiObject, Chart, Testing } from 'cdk8s';
import { cluster, namespace, pod, policy } from './e2e-cluster';
import { generateCluster } from '../../bench/analysis/generate-cluster';
import { Lint } from '../../src/analysis/lint';
import { Reachability } from '../../src/analysis/reachability';
import { Protocol } from '../../src/model/protocol';

const deployment = (ns: string | undefined, name: string, labels: any, kind = 'Deployment') => ({
  apiVersion: kind === 'Job' ? 'batch/v1' : 'apps/v1',
  kind,
  metadata: { name, ...(ns ? { namespace: ns } : {}) },
  spec: { template: { metadata: { labels }, spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }] } } },
});

describe('reading manifests', () => {
  test('workloads of every kind, CronJob templates and kind: List', () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'x' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: { metadata: { labels: { app: 'nightly' } }, spec: { containers: [] } } } } },
    };
    const list = { apiVersion: 'v1', kind: 'List', items: [deployment('x', 'web', { app: 'web' }), deployment('x', 'db', { app: 'db' }, 'StatefulSet')] };
    const reach = Reachability.fromManifests([list, cron, deployment('x', 'agent', { app: 'agent' }, 'DaemonSet'), deployment('x', 'rs', { app: 'rs' }, 'ReplicaSet'),
      deployment('x', 'job', { app: 'job' }, 'Job'), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'x' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } }]);
    expect(reach.workloads.map((w) => `${w.kind} ${w.id} ${JSON.stringify(w.labels)}`)).toEqual([
      'Deployment x/web {"app":"web"}', 'StatefulSet x/db {"app":"db"}', 'CronJob x/nightly {"app":"nightly"}',
      'DaemonSet x/agent {"app":"agent"}', 'ReplicaSet x/rs {"app":"rs"}', 'Job x/job {"app":"job"}',
    ]);
    expect(reach.warnings).toEqual([]);
  });

  test('objects without a namespace are in default; referenced namespaces get the automatic label', () => {
    const reach = Reachability.fromManifests([deployment(undefined, 'web', { app: 'web' }), pod('undeclared', 'a'),
      policy('undeclared', 'from-default', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } } }] }] })]);
    expect(reach.namespaces).toEqual(['default', 'undeclared']);
    expect(reach.canConnect({ pod: 'web' }, { namespace: 'undeclared', pod: 'a' })).toBe(true);
    expect(reach.canConnect({ namespace: 'undeclared', labels: {} }, { namespace: 'undeclared', pod: 'a' })).toBe(false);
  });

  test('declared namespaces keep their labels and also get kubernetes.io/metadata.name (which cannot be overridden)', () => {
    const reach = Reachability.fromManifests([namespace('x', { 'team': 'a', 'kubernetes.io/metadata.name': 'fake' }), pod('x', 'a'), pod('y', 'b'),
      policy('y', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'team': 'a', 'kubernetes.io/metadata.name': 'x' } } }] }] })]);
    expect(reach.canConnect({ namespace: 'x', pod: 'a' }, { namespace: 'y', pod: 'b' })).toBe(true);
  });

  test('malformed input is reported and skipped, never thrown', () => {
    const reach = Reachability.fromManifests([null, 42, { metadata: { name: 'no-kind' } }, { kind: 'Pod', metadata: {} },
      { kind: 'Deployment', metadata: { name: 'no-template', namespace: 'x' }, spec: {} },
      { kind: 'Pod', metadata: { name: 'p', namespace: 'x', labels: { enabled: true } }, spec: { containers: [] } },
      { kind: 'Pod', metadata: { name: 'q', namespace: 'x' }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 'x' }] }] } },
      policy('x', 'bad', { podSelector: { matchLabels: 'app=web' } })]);
    const w = reach.warnings.join('\n');
    expect(w).toMatch(/manifests\[1\] is not a Kubernetes object/);
    expect(w).toMatch(/manifests\[2\] has no kind/);
    expect(w).toMatch(/manifests\[3\] \(Pod\) has no metadata.name/);
    expect(w).toMatch(/x\/no-template has no pod template/);
    expect(w).toMatch(/enabled.*boolean true.*quote the value: enabled: "true"/);
    expect(w).toMatch(/invalid port/);
    expect(w).toMatch(/NetworkPolicy x\/bad: the API server would reject this policy: spec.podSelector.matchLabels must be a map/);
    expect(reach.policies).toEqual([]);
    // A label value that is not a string (YAML `true`) is rejected by the API server: the Pod is left out.
    expect(reach.workloads.map((p) => p.id)).toEqual(['x/q']);
    expect(() => Reachability.fromManifests({} as any)).toThrow(/expected a list of Kubernetes objects/);
  });

  test('a duplicate object is reported and the later one wins', () => {
    const reach = Reachability.fromManifests([...cluster(),
      policy('x', 'p', { podSelector: {}, policyTypes: ['Ingress'] }), policy('x', 'p', { podSelector: {}, policyTypes: ['Egress'] })]);
    expect(reach.warnings.some((w) => /NP003 NetworkPolicy x\/p/.test(w))).toBe(true);
    expect(reach.canConnect({ namespace: 'y', pod: 'a' }, { namespace: 'x', pod: 'a' })).toBe(true);
    expect(reach.canConnect({ namespace: 'x', pod: 'a' }, { namespace: 'y', pod: 'a' })).toBe(false);
  });

  test('fromChart and fromApp read synthesized cdk8s objects', () => {
    const app = Testing.app();
    const one = new Chart(app, 'one', { namespace: 'x' });
    new ApiObject(one, 'pod', pod('x', 'a'));
    const two = new Chart(app, 'two');
    new ApiObject(two, 'deny', policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }));
    new ApiObject(two, 'podb', pod('x', 'b'));
    expect(Reachability.fromChart(one).workloads.map((w) => w.id)).toEqual(['x/a']);
    expect(Reachability.fromApp(app).canConnect({ namespace: 'x', pod: 'b' }, { namespace: 'x', pod: 'a' })).toBe(false);
  });
});

describe('endpoints and options', () => {
  const reach = Reachability.fromManifests([...cluster(), { kind: 'Deployment', metadata: { name: 'a', namespace: 'x' }, spec: { template: { metadata: { labels: { app: 'a' } } } } }]);
  test.each([
    [{ namespace: 'q', pod: 'a' }, /unknown namespace "q" in from endpoint: the manifests have x, y, z/],
    [{ namespace: 'y', pod: 'zz' }, /unknown pod "zz" in namespace y \(from endpoint\): it has a \(Pod\), b \(Pod\), c \(Pod\)/],
    [{ namespace: 'x', pod: 'a' }, /ambiguous pod "a" in namespace x .*Pod and Deployment share the name; add kind/],
    [{ namespace: 'x' }, /give exactly one of pod, labels and ip/],
    [{ namespace: 'x', pod: 'b', ip: '1.2.3.4' }, /give exactly one of pod, labels and ip/],
    [{ ip: 'not-an-ip' }, /invalid from endpoint ip "not-an-ip"/],
    [{ ip: '1.2.3.4', namespace: 'x' }, /an address outside the cluster has no namespace/],
    [{ namespace: 'x', labels: { a: 1 } }, /invalid labels/],
  ])('%j is refused clearly', (from, message) => {
    expect(() => reach.canConnect(from as any, { namespace: 'y', pod: 'a' })).toThrow(message);
  });
  test('kind disambiguates; both sides external, bad ports and protocols are refused', () => {
    expect(reach.canConnect({ namespace: 'x', pod: 'a', kind: 'Deployment' }, { namespace: 'y', pod: 'a' })).toBe(true);
    expect(() => reach.canConnect({ ip: '1.2.3.4' }, { ip: '5.6.7.8' })).toThrow(/both endpoints .* outside the cluster/);
    expect(() => reach.canConnect({ namespace: 'y', pod: 'a' }, { namespace: 'y', pod: 'b' }, { port: 0 })).toThrow(/invalid port 0/);
    expect(() => reach.canConnect({ namespace: 'y', pod: 'a' }, { namespace: 'y', pod: 'b' }, { protocol: 'ICMP' as Protocol })).toThrow(/invalid protocol "ICMP"/);
    expect(() => reach.matrix({ ports: [] })).toThrow(/MatrixOptions.ports/);
    expect(() => reach.matrix({ internetAddress: 'x' })).toThrow(/internetAddress/);
  });
  test('ids get the kind when two kinds share a name: namespace/Kind/name, the form the CLI accepts', () => {
    expect(reach.matrix().endpoints.filter((e) => e.startsWith('x/'))).toEqual(['x/Pod/a', 'x/b', 'x/c', 'x/Deployment/a']);
    expect(reach.workloads.filter((w) => w.namespace === 'x').map((w) => w.id)).toEqual(['x/Pod/a', 'x/b', 'x/c', 'x/Deployment/a']);
    expect(reach.workloads.filter((w) => w.namespace === 'y').map((w) => w.id)).toEqual(['y/a', 'y/b', 'y/c']);
  });
  test('a Pod and a Deployment both named web: x/Pod/web and x/Deployment/web in explain, matrix and workloads', () => {
    const both = Reachability.fromManifests([pod('x', 'web'), deployment('x', 'web', { app: 'web' }), pod('x', 'api')]);
    expect(both.workloads.map((w) => w.id)).toEqual(['x/Pod/web', 'x/Deployment/web', 'x/api']);
    expect(both.matrix().endpoints).toEqual(['x/Pod/web', 'x/Deployment/web', 'x/api', 'internet']);
    const e = both.explain({ namespace: 'x', pod: 'web', kind: 'Deployment' }, { namespace: 'x', pod: 'web', kind: 'Pod' });
    expect([e.from, e.to]).toEqual(['x/Deployment/web', 'x/Pod/web']);
    expect(e.text).toMatch(/^x\/Deployment\/web -> x\/Pod\/web on TCP\/80: ALLOWED/);
    expect(both.matrix().endpoint(both.matrix().indexOf('x/Pod/web'))).toEqual({ namespace: 'x', pod: 'web', kind: 'Pod' });
  });
});

describe('explain', () => {
  const manifests = [...cluster(),
    policy('x', 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('x', 'allow-db', {
      podSelector: { matchLabels: { pod: 'a' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'y' } }, podSelector: { matchLabels: { pod: 'b' } } }], ports: [{ port: 5432 }] }],
    })];
  const reach = Reachability.fromManifests(manifests);

  test('an admitted connection names the isolating policies and the rule and peer that admitted it', () => {
    const e = reach.explain({ namespace: 'y', pod: 'b' }, { namespace: 'x', pod: 'a' }, { port: 5432 });
    expect(e.allowed).toBe(true);
    expect(e.egress).toMatchObject({ applies: true, isolated: false, allowed: true, policies: [] });
    expect(e.ingress).toMatchObject({
      isolated: true,
      allowed: true,
      policies: ['x/default-deny-all', 'x/allow-db'],
      admittedBy: { policy: 'x/allow-db', ruleIndex: 0, peerIndex: 0, peer: 'pods {pod=b} in namespaces {kubernetes.io/metadata.name=y}', ports: 'TCP/5432' },
    });
    expect(e.toString()).toBe(e.text);
    expect(e.text.split('\n')[0]).toBe('y/b -> x/a on TCP/5432: ALLOWED');
  });

  test('a denied connection says which side denied it, why each rule failed, and what to add', () => {
    const e = reach.explain({ namespace: 'y', pod: 'c' }, { namespace: 'x', pod: 'a' }, { port: 80 });
    expect(e.allowed).toBe(false);
    expect(e.ingress.allowed).toBe(false);
    expect(e.ingress.admittedBy).toBeUndefined();
    expect(e.ingress.reason).toMatch(/rule 0 of x\/allow-db: from pods \{pod=b\} in namespaces .* does not match y\/c and ports TCP\/5432 do not include TCP\/80/);
    expect(e.ingress.reason).toMatch(/To allow it, add to a NetworkPolicy in namespace x that selects x\/a an ingress rule from podSelector \{pod=c\} with namespaceSelector \{kubernetes.io\/metadata.name=y\}/);
    const out = reach.explain({ namespace: 'x', pod: 'a' }, { ip: '203.0.113.10' }, { port: 443 });
    expect(out.egress.reason).toMatch(/isolated by x\/default-deny-all; they have no egress rules, so they admit nothing/);
    expect(out.ingress).toMatchObject({ applies: false, allowed: true });
  });
});

describe('matrix', () => {
  const reach = Reachability.fromManifests([...cluster(), policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }),
    policy('x', 'web', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 443 }] }] })]);
  const m = reach.matrix({ ports: [80, 443] });

  test('endpoints are the pods in input order, then internet', () => {
    expect(m.endpoints).toEqual(['x/a', 'x/b', 'x/c', 'y/a', 'y/b', 'y/c', 'z/a', 'z/b', 'z/c', 'internet']);
    expect(m.size).toBe(10);
    expect(m.indexOf('internet')).toBe(9);
    expect(m.indexOf('nope')).toBe(-1);
    expect(m.endpoint(9)).toEqual({ ip: '203.0.113.10' });
    expect(m.endpoint(0)).toEqual({ namespace: 'x', pod: 'a' });
  });

  test('one table per port; counts and pairs agree', () => {
    expect(m.isAllowedBetween('internet', 'x/a', 443)).toBe(true);
    expect(m.isAllowedBetween('internet', 'x/a', 80)).toBe(false);
    expect(m.isAllowedBetween('internet', 'x/a')).toBe(false); // the first port
    expect(m.isAllowedBetween('x/a', 'internet')).toBe(true);
    expect(m.isAllowedBetween('internet', 'internet')).toBe(false);
    // 80: 10x10 minus internet->internet, minus 9 sources x 3 closed pods + 3 self.
    expect(m.allowedCount(80)).toBe(100 - 1 - 10 * 3 + 3);
    expect(m.allowedCount(443)).toBe(99);
    expect(m.deniedCount(443)).toBe(1);
    expect(m.allowedPairs().length).toBe(m.allowedCount(80) + m.allowedCount(443));
    expect(m.allowedPairs(443)[0]).toEqual({ from: 'x/a', to: 'x/a', port: 443 });
    expect(m.toText(80).split('\n')[2]).toMatch(/^x\/a +  X  \.  \.  X/);
    expect(() => m.isAllowed(0, 10)).toThrow(/out of range/);
    expect(() => m.isAllowed(0, 1, 22)).toThrow(/port 22 is not in this matrix/);
    expect(() => m.isAllowedBetween('q', 'x/a')).toThrow(/unknown endpoint "q"/);
  });

  test('without internet, and UDP', () => {
    const udp = reach.matrix({ includeInternet: false, protocol: Protocol.UDP, ports: [443] });
    expect(udp.endpoints).not.toContain('internet');
    expect(udp.isAllowedBetween('y/a', 'x/a')).toBe(false);
  });
});

describe('apiVersion: only the version the API server serves is the Kubernetes kind', () => {
  const denyAll = (apiVersion: string | undefined) => ({ ...policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }), apiVersion });
  const ya = { namespace: 'y', pod: 'a' };
  const xa = { namespace: 'x', pod: 'a' };

  test('an extensions/v1beta1 NetworkPolicy (not served since 1.16) does not isolate: left out, NP011 error', () => {
    const reach = Reachability.fromManifests([...cluster(), denyAll('extensions/v1beta1')]);
    expect(reach.canConnect(ya, xa)).toBe(true);
    expect(reach.policies).toEqual([]);
    expect(reach.warnings).toEqual([expect.stringMatching(
      /^ERROR NP011 NetworkPolicy x\/deny: apiVersion extensions\/v1beta1 is not served for NetworkPolicy \(Kubernetes stopped serving extensions\/v1beta1 in 1.16\).*the analysis ignores this policy \(fix: write `apiVersion: networking.k8s.io\/v1`\)/)]);
  });

  test.each([
    ['crd.projectcalico.org/v1', /Calico's own NetworkPolicy/],
    ['projectcalico.org/v3', /Calico's own NetworkPolicy/],
    ['crd.antrea.io/v1beta1', /Antrea's own NetworkPolicy/],
    ['example.com/v1', /a NetworkPolicy of the API group example.com/],
  ])('a %s NetworkPolicy is another product\'s policy: left out, NP016 warning with its apiVersion', (apiVersion, product) => {
    const reach = Reachability.fromManifests([...cluster(), denyAll(apiVersion)]);
    expect(reach.canConnect(ya, xa)).toBe(true);
    expect(reach.warnings).toHaveLength(1);
    expect(reach.warnings[0]).toMatch(/^WARNING NP016 NetworkPolicy x\/deny: /);
    expect(reach.warnings[0]).toContain(`${apiVersion} NetworkPolicy is`);
    expect(reach.warnings[0]).toMatch(product);
    expect(reach.warnings[0]).toMatch(/the analysis does not include it, so the cluster may deny or admit connections differently/);
    expect(Lint.manifests([...cluster(), denyAll(apiVersion)]).filter((f) => f.object.name === 'deny').map((f) => f.code)).toEqual(['NP016']);
  });

  test('an Antrea policy with a Drop rule is not explained as admitting', () => {
    const antrea = {
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'NetworkPolicy',
      metadata: { name: 'drop-y', namespace: 'x' },
      spec: { appliedTo: [{ podSelector: {} }], ingress: [{ action: 'Drop', from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] },
    };
    const e = Reachability.fromManifests([...cluster(), antrea]).explain(ya, xa, { port: 80 });
    expect(e.ingress).toMatchObject({ isolated: false, policies: [] });
    expect(e.ingress.admittedBy).toBeUndefined();
  });

  test('a NetworkPolicy without apiVersion is refused by kubectl: left out, NP011 error', () => {
    const reach = Reachability.fromManifests([...cluster(), denyAll(undefined)]);
    expect(reach.canConnect(ya, xa)).toBe(true);
    expect(reach.warnings).toEqual([expect.stringMatching(/^ERROR NP011 NetworkPolicy x\/deny: has no apiVersion: kubectl and the API server refuse/)]);
  });

  test('a Pod or workload with a missing or unserved apiVersion is reported and read as written; another group\'s kind is left out', () => {
    const reach = Reachability.fromManifests([{ ...pod('x', 'a'), apiVersion: undefined }, { ...deployment('x', 'old', { app: 'old' }), apiVersion: 'extensions/v1beta1' },
      { ...deployment('x', 'cron', { app: 'cron' }, 'CronJob'), apiVersion: 'batch/v1beta1', spec: { jobTemplate: deployment('x', 'cron', { app: 'cron' }) } },
      { ...deployment('x', 'kruise', { app: 'kruise' }, 'StatefulSet'), apiVersion: 'apps.kruise.io/v1beta1' }, { ...namespace('y'), apiVersion: 'v2' }]);
    expect(reach.workloads.map((w) => w.id)).toEqual(['x/a', 'x/old', 'x/cron']);
    expect(reach.warnings).toEqual([
      expect.stringMatching(/^ERROR NP011 Pod x\/a: has no apiVersion: .*the analysis reads it as v1/),
      expect.stringMatching(/^ERROR NP011 Deployment x\/old: apiVersion extensions\/v1beta1 is not served for Deployment .*in 1.16.*reads it as apps\/v1/),
      expect.stringMatching(/^ERROR NP011 CronJob x\/cron: apiVersion batch\/v1beta1 .*in 1.25/),
      expect.stringMatching(/^INFO NP016 StatefulSet x\/kruise: apps.kruise.io\/v1beta1 StatefulSet is a StatefulSet of the API group apps.kruise.io, not the Kubernetes StatefulSet/),
      expect.stringMatching(/^ERROR NP011 Namespace y: apiVersion v2 is not served for Namespace \(Kubernetes serves Namespace only as v1\)/),
    ]);
  });
});

describe('typed lists, as the API returns them (GET /api/v1/pods)', () => {
  const podList = {
    kind: 'PodList',
    apiVersion: 'v1',
    metadata: { resourceVersion: '12345' },
    items: [pod('x', 'a'), pod('x', 'b')].map(({ kind: _k, apiVersion: _v, ...item }) => item),
  };
  const namespaceList = { kind: 'NamespaceList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 'x', labels: { team: 'a' } } }] };
  const policyList = {
    kind: 'NetworkPolicyList',
    apiVersion: 'networking.k8s.io/v1',
    items: [{ metadata: { name: 'from-team-a', namespace: 'x' }, spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }] }] } }],
  };

  test('an item without kind and apiVersion gets the list\'s item kind and apiVersion (apimachinery\'s decodeToList)', () => {
    const reach = Reachability.fromManifests([podList, namespaceList, policyList, pod('y', 'c')]);
    expect(reach.warnings).toEqual([]);
    expect(reach.workloads.map((w) => `${w.kind} ${w.id}`)).toEqual(['Pod x/a', 'Pod x/b', 'Pod y/c']);
    expect(reach.policies).toEqual(['x/from-team-a']);
    expect(reach.canConnect({ namespace: 'x', pod: 'b' }, { namespace: 'x', pod: 'a' })).toBe(true); // x carries team=a
    expect(reach.canConnect({ namespace: 'y', pod: 'c' }, { namespace: 'x', pod: 'a' })).toBe(false);
  });

  test('an item with a kind of its own keeps it; a plain kind: List still needs kinds on its items, as kubectl requires', () => {
    const mixed = { kind: 'PodList', apiVersion: 'v1', items: [{ ...pod('x', 'a') }] };
    const plain = { kind: 'List', apiVersion: 'v1', items: [{ metadata: { name: 'b', namespace: 'x' } }] };
    const reach = Reachability.fromManifests([mixed, plain]);
    expect(reach.workloads.map((w) => w.id)).toEqual(['x/a']);
    expect(reach.warnings).toEqual([expect.stringMatching(/^WARNING NP011 unknown b: manifests\[1\].items\[0\] has no kind and is ignored/)]);
  });
});

describe('workload selectors are validated like the API server does', () => {
  const withSelector = (selector: any, kind = 'Deployment') => ({ ...deployment('x', 'web', { app: 'web' }, kind), spec: { ...deployment('x', 'web', { app: 'web' }).spec, selector } });

  test.each([
    ['an invalid value', { matchLabels: { app: 'front end' } }, /spec.selector.matchLabels\["app"\] "front end": a label value must be empty/],
    ['an expression without values', { matchExpressions: [{ key: 'app', operator: 'In' }] }, /spec.selector.matchExpressions\[0\]: operator In needs at least one value/],
    ['a selector that does not match the template labels', { matchLabels: { app: 'api' } }, /spec.selector \{app=api\} does not match the pod template labels \{"app":"web"\}/],
  ])('%s: NP011 error naming the field; the pods are read as written', (_, selector, message) => {
    const reach = Reachability.fromManifests([withSelector(selector)]);
    expect(reach.warnings).toEqual([expect.stringMatching(/^ERROR NP011 Deployment x\/web: the API server rejects this Deployment: /)]);
    expect(reach.warnings[0]).toMatch(message);
    expect(reach.warnings[0]).toMatch(/the analysis reads its pods as written/);
    expect(reach.workloads.map((w) => w.id)).toEqual(['x/web']);
  });

  test('a valid selector matching the template, and a workload without one, are read silently', () => {
    const reach = Reachability.fromManifests([withSelector({ matchLabels: { app: 'web' } }, 'StatefulSet'), deployment('x', 'api', { app: 'api' })]);
    expect(reach.warnings).toEqual([]);
  });
});

test('labels the API server refuses (an invalid key or value) are reported as NP011; the Pod is left out, the Namespace read as written', () => {
  const web = { ...pod('x', 'web'), metadata: { name: 'web', namespace: 'x', labels: { 'tier': 'front end', 'Example.com/team': 'a' } } };
  const reach = Reachability.fromManifests([namespace('x', { 'team name': 'a' }), web, pod('x', 'api')]);
  expect(reach.warnings).toEqual([
    expect.stringMatching(/^ERROR NP011 Namespace x: metadata.labels\["team name"\]: the name part "team name" must start and end .*the API server rejects the object \(the analysis reads it as written\)/),
    expect.stringMatching(/^ERROR NP011 Pod x\/web: metadata.labels\["tier"\] "front end": a label value must be empty.*\(the analysis leaves it out\)/),
    expect.stringMatching(/^ERROR NP011 Pod x\/web: metadata.labels\["Example.com\/team"\]: the prefix "Example.com" must be a DNS-1123 subdomain/),
  ]);
  expect(reach.workloads.map((w) => w.id)).toEqual(['x/api']);
  expect(() => reach.canConnect({ namespace: 'x', pod: 'api' }, { namespace: 'x', pod: 'web' }))
    .toThrow(/^Pod "web" in namespace x \(to endpoint\) is not in the analysis: the API server rejects it \(metadata.labels\["tier"\] "front end"/);
});

describe('objects whose metadata the API server rejects cannot exist: left out of the analysis', () => {
  const denyAll = (ns: string, name: string) => policy(ns, name, { podSelector: {}, policyTypes: ['Ingress'] });
  const xa = { namespace: 'x', pod: 'a' };
  const xb = { namespace: 'x', pod: 'b' };

  test.each([
    ['an invalid metadata.name', denyAll('x', 'N2'), /metadata.name "N2" is not a valid NetworkPolicy name/],
    ['an invalid label', { ...denyAll('x', 'deny'), metadata: { name: 'deny', namespace: 'x', labels: { team: 'a b' } } }, /metadata.labels\["team"\] "a b"/],
  ])('a NetworkPolicy with %s isolates nothing; NP011 error', (_, p, message) => {
    const reach = Reachability.fromManifests([namespace('x'), pod('x', 'a'), pod('x', 'b'), p]);
    expect(reach.policies).toEqual([]);
    expect(reach.canConnect(xb, xa)).toBe(true);
    expect(reach.warnings).toEqual([expect.stringMatching(/^ERROR NP011 NetworkPolicy x\//)]);
    expect(reach.warnings[0]).toMatch(message);
    expect(reach.warnings[0]).toMatch(/the analysis leaves it out/);
  });

  test('a NetworkPolicy in an invalid namespace (the guide\'s N2) is left out; its spoofable namespace label is still reported (NP010)', () => {
    const p = policy('N2', 'from-n1', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'networking/namespace': 'n1' } } }] }] });
    const reach = Reachability.fromManifests([namespace('x'), pod('x', 'a'), p]);
    expect(reach.policies).toEqual([]);
    expect(reach.namespaces).toEqual(['x']);
    expect(reach.problems.map((f) => `${f.severity} ${f.code} ${f.object.namespace}/${f.object.name}`)).toEqual(['ERROR NP011 N2/from-n1', 'WARNING NP010 N2/from-n1']);
  });

  test('a Pod with an invalid name is not a workload of the analysis, and explaining it says why', () => {
    const reach = Reachability.fromManifests([namespace('x'), pod('x', 'a'), pod('x', 'Web')]);
    expect(reach.workloads.map((w) => w.id)).toEqual(['x/a']);
    expect(() => reach.explain(xa, { namespace: 'x', pod: 'Web' })).toThrow(/Pod "Web" in namespace x \(to endpoint\) is not in the analysis: .*metadata.name "Web"/);
  });
});

describe('matrix of some namespaces', () => {
  const reach = Reachability.fromManifests(generateCluster(300, 7).manifests);
  const full = reach.matrix({ ports: [80, 443] });
  const shown = ['ns-03', 'ns-17', 'ns-42'];
  const part = reach.matrix({ ports: [80, 443], namespaces: shown });

  test('rows and columns are the pods of those namespaces, then internet', () => {
    expect(part.endpoints).toEqual(full.endpoints.filter((e) => e === 'internet' || shown.includes(e.split('/')[0])));
    expect(part.size).toBeGreaterThan(10);
  });

  test('every verdict is the full matrix\'s, cell for cell (the policies of every namespace still apply)', () => {
    for (const port of [80, 443]) {
      for (const from of part.endpoints) {
        for (const to of part.endpoints) {
          expect(`${from} -> ${to} ${port}: ${part.isAllowedBetween(from, to, port)}`).toBe(`${from} -> ${to} ${port}: ${full.isAllowedBetween(from, to, port)}`);
        }
      }
    }
  });

  test('an unknown namespace is refused with the list', () => {
    expect(() => reach.matrix({ namespaces: ['ns-99'] })).toThrow(/unknown namespace "ns-99" in MatrixOptions.namespaces: the manifests have ns-00, ns-01/);
  });
});
