// The guide's scenarios built with NamespaceBaseline and ClusterBaseline, proved through the engine.
// Test names quote the guide's sections.
import { Construct } from 'constructs';
import { internet, ip, kubeDns, Net, net, Peer, pod } from './support';
import { ClusterBaseline } from '../../src/baseline/cluster-baseline';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { Ports } from '../../src/model/ports';
import { Protocol } from '../../src/model/protocol';
import { synth } from '../support/kube';

const INTERNET = 'networking/allow-internet-access';
const NEW = 'networking/allow-all-connections';

function baseline(props: Omit<ConstructorParameters<typeof NamespaceBaseline>[2], 'namespace'> = {}): Net {
  return net(synth((s) => new NamespaceBaseline(s, 'shop', { namespace: 'shop', ...props })));
}

describe('“Isolate” your pods', () => {
  test('with the default baseline every pod is isolated and nothing gets in but what InternetAccess admits to labelled pods', () => {
    const reach = baseline();
    const population: { [name: string]: Peer } = {
      web: pod('shop', { app: 'web', [INTERNET]: 'true' }),
      api: pod('shop', { app: 'api' }),
      db: pod('shop', { app: 'db' }),
      elsewhere: pod('other', { app: 'x' }),
      internet: internet,
    };
    const allowed: string[] = [];
    for (const [from, source] of Object.entries(population)) {
      for (const [to, target] of Object.entries(population)) {
        if (from === to || to === 'internet' || to === 'elsewhere') continue;
        for (const port of [80, 443, 5432]) {
          if (reach.canConnect(source, target, port)) allowed.push(`${from}→${to}:${port}`);
        }
      }
    }
    // InternetAccess admits every source (the guide's policy has no `from`), pods of the cluster included
    expect(allowed.sort()).toEqual(['api→web:443', 'api→web:5432', 'api→web:80', 'db→web:443', 'db→web:5432', 'db→web:80',
      'elsewhere→web:443', 'elsewhere→web:5432', 'elsewhere→web:80', 'internet→web:443', 'internet→web:5432', 'internet→web:80']);
    // a namespace without a baseline stays open to everyone: what the guide warns about
    expect(reach.sourcesOf(population.elsewhere, population)).toEqual(['web', 'api', 'db', 'elsewhere', 'internet']);
  });

  test('egress is untouched without denyEgress', () => {
    const reach = baseline({ hubs: [{ hubName: 'db', hubLabels: { app: 'db' } }], allowFrom: [{ fromNamespace: 'ops' }] });
    expect(reach.isolatedForEgress(pod('shop', { app: 'db' }))).toBe(false);
    expect(reach.canConnect(pod('shop', { app: 'api' }), internet, 443)).toBe(true);
    expect(reach.canConnect(pod('shop', { app: 'api' }), pod('ops'), 80)).toBe(true);
  });
});

describe('Explicitly allow internet access for pods that need it', () => {
  test('internet → labelled pods only; internetAccess: false closes it', () => {
    const web = pod('shop', { app: 'web', [INTERNET]: 'true' });
    expect(baseline().canConnect(internet, web, 443)).toBe(true);
    expect(baseline().canConnect(ip('2001:db8::5'), web, 443)).toBe(true);
    expect(baseline().canConnect(internet, pod('shop', { app: 'web' }), 443)).toBe(false);
    expect(baseline({ internetAccess: false }).canConnect(internet, web, 443)).toBe(false);
  });
});

describe('If You Don\'t Know Which Pods Need to Talk To Each Other', () => {
  test('allowSameNamespace: the namespace talks to itself; other namespaces still need an explicit allow', () => {
    const reach = baseline({ allowSameNamespace: true, allowFrom: [{ fromNamespace: 'ops', fromLabels: { app: 'prometheus' }, ports: [Ports.tcp(9090)] }] });
    const target = pod('shop', { app: 'api' });
    const sources = {
      'neighbour': pod('shop', { app: 'web' }),
      'prometheus': pod('ops', { app: 'prometheus' }),
      'other ops pod': pod('ops', { app: 'grafana' }),
      'internet': internet,
    };
    expect(reach.sourcesOf(target, sources, 8080)).toEqual(['neighbour']);
    expect(reach.sourcesOf(target, sources, 9090)).toEqual(['neighbour', 'prometheus']);
  });
});

describe('If You Know the Sources and Sinks for Communication', () => {
  const population = {
    'labelled api': pod('shop', { 'app': 'api', 'networking/allow-db-access': 'true' }),
    'web': pod('shop', { app: 'web' }),
    'labelled, other namespace': pod('other', { 'networking/allow-db-access': 'true' }),
    'backup': pod('shop', { app: 'backup' }),
    'internet': internet,
  };

  test('hub and spoke: the db accepts the labelled api and no one else', () => {
    const reach = baseline({ hubs: [{ hubName: 'db', hubLabels: { app: 'db' }, ports: [Ports.tcp(5432)] }] });
    expect(reach.sourcesOf(pod('shop', { app: 'db' }), population, 5432)).toEqual(['labelled api']);
    expect(reach.sourcesOf(pod('shop', { app: 'db' }), population, 80)).toEqual([]);
  });

  test('the reverse case: the backup server reaches the pods labelled for it, and no one else reaches them', () => {
    const reach = baseline({ servers: [{ serverName: 'backup', serverLabels: { app: 'backup' }, ports: [Ports.tcp(22)] }] });
    const target = pod('shop', { 'app': 'db', 'networking/allow-backup-to-access': 'true' });
    expect(reach.sourcesOf(target, population, 22)).toEqual(['backup']);
    expect(reach.canConnect(population.backup, pod('shop', { app: 'db' }), 22)).toBe(false);
  });

  test('hub and server together: two policies, two names, each admitting only its own', () => {
    const reach = baseline({
      hubs: [{ hubName: 'db', hubLabels: { app: 'db' }, ports: [Ports.tcp(5432)] }],
      servers: [{ serverName: 'backup', serverLabels: { app: 'backup' }, ports: [Ports.tcp(5432)] }],
    });
    const db = pod('shop', { 'app': 'db', 'networking/allow-backup-to-access': 'true' });
    expect(reach.sourcesOf(db, population, 5432)).toEqual(['labelled api', 'backup']);
    expect(reach.explain(population.backup, db, 5432).ingress.admittedBy?.policy).toBe('shop/allow-backup-to-access');
    expect(reach.explain(population['labelled api'], db, 5432).ingress.admittedBy?.policy).toBe('shop/allow-db-access');
  });
});

describe('If You Know Exactly Which Connections Should Be Allowed', () => {
  test('Within the same namespace: A reaches B on its port, nothing else reaches B, B does not reach A', () => {
    const reach = baseline({ connections: [{ fromLabels: { app: 'a' }, toLabels: { app: 'b' }, ports: [Ports.tcp(8080)] }] });
    const a = pod('shop', { app: 'a' });
    const b = pod('shop', { app: 'b' });
    expect(reach.sourcesOf(b, { a, 'c': pod('shop', { app: 'c' }), 'a elsewhere': pod('other', { app: 'a' }), internet }, 8080)).toEqual(['a']);
    expect(reach.canConnect(a, b, 8081)).toBe(false);
    expect(reach.canConnect(b, a, 8080)).toBe(false);
  });

  describe('Across Namespaces', () => {
    const sources = {
      'A in N1': pod('n1', { app: 'a' }),
      'other pod in N1': pod('n1', { app: 'z' }),
      'A-like pod in N2': pod('n2', { app: 'a' }),
      'A-like pod in N3': pod('n3', { app: 'a' }),
      'internet': internet,
    };
    const build = (namespaceLabelKey?: string) => (s: Construct) => new NamespaceBaseline(s, 'n2', {
      namespace: 'n2', namespaceLabelKey, allowFrom: [{ fromNamespace: 'n1', fromLabels: { app: 'a' }, toLabels: { app: 'b' }, ports: [Ports.tcp(80)] }],
    });

    test('AND semantics: deployment A in N1 reaches B in N2; the same labels in another namespace are denied', () => {
      const reach = net(synth(build()));
      expect(reach.sourcesOf(pod('n2', { app: 'b' }), sources)).toEqual(['A in N1']);
      expect(reach.sourcesOf(pod('n2', { app: 'c' }), sources)).toEqual([]);
    });

    test('with namespaceLabelKey networking/namespace (the guide\'s `kubectl label namespace`): the same, once N1 is labelled', () => {
      const objects = synth(build('networking/namespace'));
      const labelled = net(objects, { n1: { 'networking/namespace': 'n1' }, n3: { 'networking/namespace': 'n3' } });
      expect(labelled.sourcesOf(pod('n2', { app: 'b' }), sources)).toEqual(['A in N1']);
      expect(net(objects).sourcesOf(pod('n2', { app: 'b' }), sources)).toEqual([]);
    });
  });
});

describe('What About New Deployments?', () => {
  test('the pair of policies: labelled pods talk both ways with the namespace; unlabelled pods stay apart', () => {
    const reach = baseline({ newDeployments: true });
    const fresh = pod('shop', { app: 'new', [NEW]: 'true' });
    const old = pod('shop', { app: 'old' });
    expect(reach.canConnect(fresh, old, 1234)).toBe(true);
    expect(reach.canConnect(old, fresh, 1234)).toBe(true);
    expect(reach.canConnect(old, pod('shop', { app: 'older' }), 1234)).toBe(false);
    expect(reach.canConnect(pod('other', { [NEW]: 'true' }), old)).toBe(false);
    expect(reach.canConnect(pod('other'), fresh)).toBe(false);
  });
});

describe('denyEgress baselines', () => {
  const build = (s: Construct) => new NamespaceBaseline(s, 'shop', {
    namespace: 'shop',
    denyEgress: true,
    newDeployments: true,
    hubs: [{ hubName: 'db', hubLabels: { app: 'db' }, ports: [Ports.tcp(5432)] }],
    servers: [{ serverName: 'backup', serverLabels: { app: 'backup' }, ports: [Ports.tcp(22)] }],
    connections: [{ fromLabels: { app: 'web' }, toLabels: { app: 'api' }, ports: [Ports.tcp(8080)] }],
  });
  const reach = net(synth(build));
  const db = pod('shop', { app: 'db' });
  const api = pod('shop', { 'app': 'api', 'networking/allow-db-access': 'true', 'networking/allow-backup-to-access': 'true' });
  const web = pod('shop', { app: 'web' });
  const backup = pod('shop', { app: 'backup' });
  const fresh = pod('shop', { [NEW]: 'true' });
  const everyPod = { db, api, web, backup, fresh, unlabelled: pod('shop') };

  test('DNS over UDP and TCP 53 to kube-dns in kube-system works for every pod', () => {
    for (const source of Object.values(everyPod)) {
      expect(reach.canConnect(source, kubeDns, 53, Protocol.UDP)).toBe(true);
      expect(reach.canConnect(source, kubeDns, 53, Protocol.TCP)).toBe(true);
      expect(reach.canConnect(source, kubeDns, 80)).toBe(false);
      expect(reach.canConnect(source, pod('kube-system', { app: 'other' }), 53, Protocol.UDP)).toBe(false);
    }
  });

  test('declared connections work on both sides (egress of the source and ingress of the target)', () => {
    for (const [from, to, port] of [[api, db, 5432], [backup, api, 22], [web, api, 8080], [fresh, web, 1234], [web, fresh, 1234]] as const) {
      expect(reach.sends(from, to, port)).toBe(true);
      expect(reach.accepts(to, from, port)).toBe(true);
      expect(reach.canConnect(from, to, port)).toBe(true);
    }
  });

  test('nothing else: the full matrix of these pods on the declared ports holds only the declared connections', () => {
    const allowed: string[] = [];
    for (const [fromName, from] of Object.entries(everyPod)) {
      for (const [toName, to] of Object.entries(everyPod)) {
        if (fromName === toName) continue;
        for (const port of [22, 5432, 8080]) {
          if (reach.canConnect(from, to, port)) allowed.push(`${fromName}→${toName}:${port}`);
        }
      }
    }
    const viaNew = Object.keys(everyPod).filter((n) => n !== 'fresh').flatMap((n) => [22, 5432, 8080].flatMap((p) => [`fresh→${n}:${p}`, `${n}→fresh:${p}`]));
    expect(allowed.sort()).toEqual(['api→db:5432', 'backup→api:22', 'web→api:8080', ...viaNew].sort());
    for (const source of Object.values(everyPod)) {
      expect(reach.canConnect(source, internet, 443)).toBe(false);
      expect(reach.canConnect(source, pod('other'), 80)).toBe(false);
    }
  });

  test('internetEgress: only labelled pods leave for public addresses', () => {
    const out = baseline({ denyEgress: true, internetEgress: true });
    expect(out.canConnect(pod('shop', { 'networking/allow-internet-egress': 'true' }), internet, 443)).toBe(true);
    expect(out.canConnect(pod('shop', { 'networking/allow-internet-egress': 'true' }), ip('169.254.169.254'), 80)).toBe(false);
    expect(out.canConnect(pod('shop'), internet, 443)).toBe(false);
  });
});

describe('ClusterBaseline: "create this policy for each namespace", cross-namespace allows work whichever side denies egress', () => {
  const prometheus = pod('monitoring', { app: 'prometheus' });
  const api = pod('shop', { app: 'api' });
  const allow = { fromNamespace: 'monitoring', fromLabels: { app: 'prometheus' }, toLabels: { app: 'api' }, ports: [Ports.tcp(9090)] };
  const expectOnlyPrometheus = (reach: Net) => {
    expect(reach.canConnect(prometheus, api, 9090)).toBe(true);
    expect(reach.canConnect(prometheus, api, 9091)).toBe(false);
    expect(reach.canConnect(pod('monitoring', { app: 'grafana' }), api, 9090)).toBe(false);
    expect(reach.canConnect(pod('shop', { app: 'prometheus' }), api, 9090)).toBe(false);
    expect(reach.canConnect(prometheus, pod('shop', { app: 'web' }), 9090)).toBe(false);
  };

  test.each([false, true])('both namespaces in the cluster, denyEgress %s', (denyEgress) => {
    const reach = net(synth((s) => new ClusterBaseline(s, 'c', { namespaces: ['shop', 'monitoring'], denyEgress }).addAllowFrom('shop', allow)));
    expectOnlyPrometheus(reach);
    expect(reach.isolatedForEgress(prometheus)).toBe(denyEgress);
  });

  test('the source outside the cluster denies egress (declared with sourceDeniesEgress)', () => {
    const reach = net(synth((s) => {
      new ClusterBaseline(s, 'c', { namespaces: ['shop'] }).addAllowFrom('shop', { ...allow, sourceDeniesEgress: true });
      new NamespaceBaseline(s, 'monitoring', { namespace: 'monitoring', denyEgress: true });
    }));
    expectOnlyPrometheus(reach);
  });

  test('the target outside the cluster, the source in a cluster that denies egress', () => {
    const reach = net(synth((s) => {
      new ClusterBaseline(s, 'c', { namespaces: ['monitoring'], denyEgress: true });
      new NamespaceBaseline(s, 'shop', { namespace: 'shop', allowFrom: [{ ...allow, sourceDeniesEgress: true }] });
    }));
    expectOnlyPrometheus(reach);
  });

  test('the same through baseline(namespace).addAllowFrom', () => {
    const reach = net(synth((s) => new ClusterBaseline(s, 'c', { namespaces: ['shop', 'monitoring'], denyEgress: true }).baseline('shop').addAllowFrom(allow)));
    expectOnlyPrometheus(reach);
    expect(reach.canConnect(prometheus, kubeDns, 53, Protocol.UDP)).toBe(true);
  });
});
