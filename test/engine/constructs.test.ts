// Every construct, proved through the reachability engine: for a population of hypothetical pods and
// external addresses, exactly the declared sources get through, and nothing else does.
import { internet, ip, kubeDns, net, Peer, pod } from './support';
import { Ports } from '../../src/model/ports';
import { Protocol } from '../../src/model/protocol';
import { AllowConnection } from '../../src/policies/allow-connection';
import { AllowDnsEgress } from '../../src/policies/allow-dns-egress';
import { AllowSameNamespace } from '../../src/policies/allow-same-namespace';
import { CrossNamespaceAllow } from '../../src/policies/cross-namespace-allow';
import { DefaultDenyEgress } from '../../src/policies/default-deny-egress';
import { DefaultDenyIngress } from '../../src/policies/default-deny-ingress';
import { HubAccess } from '../../src/policies/hub-access';
import { InternetAccess } from '../../src/policies/internet-access';
import { InternetEgress } from '../../src/policies/internet-egress';
import { NewDeploymentAccess } from '../../src/policies/new-deployment-access';
import { ServerAccess } from '../../src/policies/server-access';
import { synth } from '../support/kube';

const INTERNET = 'networking/allow-internet-access';

describe('DefaultDenyIngress (“Isolate” your pods) through the engine', () => {
  const objects = synth((s) => new DefaultDenyIngress(s, 'deny', { namespace: 'n' }));
  const reach = net(objects);
  const everyone: { [name: string]: Peer } = {
    'same namespace': pod('n', { app: 'a' }),
    'other namespace': pod('m', { app: 'a' }),
    'internet': internet,
    'internet v6': ip('2001:db8::7'),
  };

  test.each([[80, Protocol.TCP], [443, Protocol.TCP], [53, Protocol.UDP], [9, Protocol.SCTP]])('nobody reaches a pod of the namespace on %s/%s', (port, protocol) => {
    for (const target of [pod('n'), pod('n', { app: 'db' }), pod('n', { [INTERNET]: 'true' })]) {
      expect(reach.isolatedForIngress(target)).toBe(true);
      expect(reach.sourcesOf(target, everyone, port, protocol)).toEqual([]);
    }
  });

  test('the engine names the default-deny as what isolates the pod, and no rule admits the connection', () => {
    const verdict = reach.explain(pod('m'), pod('n', { app: 'db' }), 5432).ingress;
    expect(verdict).toMatchObject({ isolated: true, allowed: false, policies: ['n/default-deny-ingress'] });
    expect(verdict.admittedBy).toBeUndefined();
  });

  test('other namespaces and every pod\'s egress are untouched', () => {
    expect(reach.canConnect(pod('n', { app: 'a' }), pod('m', { app: 'b' }))).toBe(true);
    expect(reach.canConnect(pod('n'), internet, 443)).toBe(true);
    expect(reach.canConnect(internet, pod('m'))).toBe(true);
    expect(reach.isolatedForEgress(pod('n'))).toBe(false);
  });
});

describe('InternetAccess (Explicitly allow internet access for pods that need it) through the engine', () => {
  const deny = (s: any) => new DefaultDenyIngress(s, 'deny', { namespace: 'n' });
  const web = pod('n', { app: 'web', [INTERNET]: 'true' });
  const db = pod('n', { app: 'db' });

  test('by default the labelled pods accept every source on every port; unlabelled pods accept none', () => {
    const reach = net(synth((s) => {
      deny(s); new InternetAccess(s, 'net', { namespace: 'n' });
    }));
    const sources = { v4: internet, v6: ip('2001:db8::1'), pod: pod('m', { app: 'x' }), neighbour: pod('n', { app: 'x' }) };
    for (const [port, protocol] of [[80, Protocol.TCP], [8443, Protocol.TCP], [53, Protocol.UDP]] as const) {
      expect(reach.sourcesOf(web, sources, port, protocol)).toEqual(['v4', 'v6', 'pod', 'neighbour']);
      expect(reach.sourcesOf(db, sources, port, protocol)).toEqual([]);
    }
    expect(reach.accepts(pod('n', { [INTERNET]: 'false' }), internet)).toBe(false);
  });

  test('only on the given ports and protocols', () => {
    const reach = net(synth((s) => {
      deny(s); new InternetAccess(s, 'net', { namespace: 'n', ports: [Ports.tcp(443), Ports.udp(443)] });
    }));
    expect(reach.canConnect(internet, web, 443, Protocol.TCP)).toBe(true);
    expect(reach.canConnect(internet, web, 443, Protocol.UDP)).toBe(true);
    expect(reach.canConnect(internet, web, 443, Protocol.SCTP)).toBe(false);
    expect(reach.canConnect(internet, web, 80)).toBe(false);
    expect(reach.canConnect(internet, web, 444)).toBe(false);
  });

  test('only from the given sources, IPv4 and IPv6; pods are no ipBlock members', () => {
    const reach = net(synth((s) => {
      deny(s);
      new InternetAccess(s, 'net', { namespace: 'n', sources: ['198.51.100.0/24', '2001:db8:1::/48'], ports: [Ports.tcp(443)] });
    }));
    const sources = {
      'in v4 range': ip('198.51.100.77'),
      'outside v4 range': ip('198.51.101.1'),
      'in v6 range': ip('2001:db8:1:ffff::1'),
      'outside v6 range': ip('2001:db8:2::1'),
      'pod elsewhere': pod('m'),
      'pod alongside': pod('n'),
    };
    expect(reach.sourcesOf(web, sources, 443)).toEqual(['in v4 range', 'in v6 range']);
    expect(reach.sourcesOf(web, sources, 80)).toEqual([]);
    expect(reach.sourcesOf(db, sources, 443)).toEqual([]);
  });

  test('custom podLabels select the pods instead of the default label', () => {
    const reach = net(synth((s) => {
      deny(s); new InternetAccess(s, 'net', { namespace: 'n', podLabels: { tier: 'edge' } });
    }));
    expect(reach.canConnect(internet, pod('n', { tier: 'edge' }))).toBe(true);
    expect(reach.canConnect(internet, web)).toBe(false);
  });
});

describe('AllowSameNamespace (If You Don\'t Know Which Pods Need to Talk To Each Other) through the engine', () => {
  test('every pod of the namespace reaches every other; the same labels elsewhere and the internet do not', () => {
    const reach = net(synth((s) => {
      new DefaultDenyIngress(s, 'deny', { namespace: 'n' });
      new AllowSameNamespace(s, 'same', { namespace: 'n', ports: [Ports.tcp(8080)] });
    }));
    const target = pod('n', { app: 'b' });
    const sources = { 'a': pod('n', { app: 'a' }), 'unlabelled': pod('n'), 'a elsewhere': pod('m', { app: 'a' }), 'internet': internet };
    expect(reach.sourcesOf(target, sources, 8080)).toEqual(['a', 'unlabelled']);
    expect(reach.sourcesOf(target, sources, 8081)).toEqual([]);
  });
});

describe('HubAccess (If You Know the Sources and Sinks for Communication) through the engine', () => {
  const reach = net(synth((s) => {
    new DefaultDenyIngress(s, 'deny', { namespace: 'n' });
    new HubAccess(s, 'db', { namespace: 'n', hubName: 'db', hubLabels: { app: 'db' }, ports: [Ports.tcp(5432)] });
  }));
  const db = pod('n', { app: 'db' });
  const population = {
    'labelled api': pod('n', { 'app': 'api', 'networking/allow-db-access': 'true' }),
    'unlabelled api': pod('n', { app: 'api' }),
    'label false': pod('n', { 'app': 'api', 'networking/allow-db-access': 'false' }),
    'labelled, other namespace': pod('m', { 'app': 'api', 'networking/allow-db-access': 'true' }),
    'another hub replica': pod('n', { app: 'db' }),
    'internet': internet,
  };

  test('the db accepts the labelled api and no one else', () => {
    expect(reach.sourcesOf(db, population, 5432)).toEqual(['labelled api']);
  });

  test('only on the hub\'s ports, and the label opens nothing but the hub', () => {
    expect(reach.sourcesOf(db, population, 5433)).toEqual([]);
    expect(reach.canConnect(population['labelled api'], pod('n', { app: 'cache' }), 5432)).toBe(false);
    // the hub does not gain access to its spokes
    expect(reach.canConnect(db, population['labelled api'], 5432)).toBe(false);
  });
});

describe('ServerAccess through the engine (the guide\'s reverse case)', () => {
  const reach = net(synth((s) => {
    new DefaultDenyIngress(s, 'deny', { namespace: 'n' });
    new ServerAccess(s, 'backup', { namespace: 'n', serverName: 'backup', serverLabels: { app: 'backup' }, ports: [Ports.tcp(22)] });
  }));
  const backup = pod('n', { app: 'backup' });
  const labelled = pod('n', { 'app': 'db', 'networking/allow-backup-to-access': 'true' });

  test('the labelled pods accept the server and no one else', () => {
    const sources = { 'backup': backup, 'backup elsewhere': pod('m', { app: 'backup' }), 'other pod': pod('n', { app: 'web' }), internet };
    expect(reach.sourcesOf(labelled, sources, 22)).toEqual(['backup']);
    expect(reach.sourcesOf(labelled, sources, 23)).toEqual([]);
  });

  test('the server reaches the labelled pods only, and they do not gain access to the server', () => {
    const targets = { labelled, 'unlabelled db': pod('n', { app: 'db' }), 'label false': pod('n', { 'networking/allow-backup-to-access': 'false' }) };
    expect(reach.destinationsOf(backup, targets, 22)).toEqual(['labelled']);
    expect(reach.canConnect(labelled, backup, 22)).toBe(false);
  });
});

describe('AllowConnection (If You Know Exactly Which Connections Should Be Allowed: Within the same namespace) through the engine', () => {
  const reach = net(synth((s) => {
    new DefaultDenyIngress(s, 'deny', { namespace: 'n' });
    new AllowConnection(s, 'c', { namespace: 'n', fromLabels: { app: 'a', tier: 't' }, toLabels: { app: 'b' }, ports: [Ports.tcp(8080)] });
  }));
  const b = pod('n', { app: 'b', version: '2' });

  test('A reaches B (every from label must match; extra labels are fine), nobody else does', () => {
    const sources = {
      'a': pod('n', { app: 'a', tier: 't' }),
      'a with more labels': pod('n', { app: 'a', tier: 't', extra: 'x' }),
      'a without tier': pod('n', { app: 'a' }),
      'a elsewhere': pod('m', { app: 'a', tier: 't' }),
      'internet': internet,
    };
    expect(reach.sourcesOf(b, sources, 8080)).toEqual(['a', 'a with more labels']);
    expect(reach.sourcesOf(b, sources, 8081)).toEqual([]);
  });

  test('one direction only', () => {
    expect(reach.canConnect(b, pod('n', { app: 'a', tier: 't' }), 8080)).toBe(false);
  });
});

describe('CrossNamespaceAllow (Across Namespaces) through the engine', () => {
  test('AND semantics: the right pods of the right namespace only', () => {
    const reach = net(synth((s) => {
      new DefaultDenyIngress(s, 'deny', { namespace: 'n2' });
      new CrossNamespaceAllow(s, 'x', { fromNamespace: 'n1', fromLabels: { app: 'a' }, toNamespace: 'n2', toLabels: { app: 'b' }, ports: [Ports.tcp(80)] });
    }));
    const b = pod('n2', { app: 'b' });
    const sources = {
      'a in n1': pod('n1', { app: 'a' }),
      'other pod in n1': pod('n1', { app: 'c' }),
      'a in n2': pod('n2', { app: 'a' }),
      'a in n3': pod('n3', { app: 'a' }),
      'internet': internet,
    };
    expect(reach.sourcesOf(b, sources)).toEqual(['a in n1']);
    expect(reach.sourcesOf(pod('n2', { app: 'c' }), sources)).toEqual([]);
    expect(reach.sourcesOf(b, sources, 81)).toEqual([]);
  });

  test('by default a namespace labelled with the guide\'s convention cannot pose as the source', () => {
    const objects = synth((s) => {
      new DefaultDenyIngress(s, 'deny', { namespace: 'n2' });
      new CrossNamespaceAllow(s, 'x', { fromNamespace: 'n1', toNamespace: 'n2' });
    });
    const reach = net(objects, { evil: { 'networking/namespace': 'n1' } });
    expect(reach.accepts(pod('n2'), pod('n1'))).toBe(true);
    expect(reach.accepts(pod('n2'), pod('evil'))).toBe(false);
  });

  test('with namespaceLabelKey networking/namespace: the namespace carrying the label is admitted (and so is any that copies it)', () => {
    const objects = synth((s) => {
      new DefaultDenyIngress(s, 'deny', { namespace: 'n2' });
      new CrossNamespaceAllow(s, 'x', { fromNamespace: 'n1', fromLabels: { app: 'a' }, toNamespace: 'n2', namespaceLabelKey: 'networking/namespace' });
    });
    const labelled = net(objects, { n1: { 'networking/namespace': 'n1' }, copycat: { 'networking/namespace': 'n1' } });
    expect(labelled.accepts(pod('n2'), pod('n1', { app: 'a' }))).toBe(true);
    expect(labelled.accepts(pod('n2'), pod('n1', { app: 'b' }))).toBe(false);
    expect(labelled.accepts(pod('n2'), pod('copycat', { app: 'a' }))).toBe(true); // why the default key is the safe one
    // a source namespace that lacks the label is not admitted, even though it is called n1
    expect(net(objects).accepts(pod('n2'), pod('n1', { app: 'a' }))).toBe(false);
  });

  test('sourceEgress: the connection survives default-deny egress in the source namespace, and only it', () => {
    const objects = synth((s) => {
      new DefaultDenyIngress(s, 'deny', { namespace: 'n2' });
      new DefaultDenyEgress(s, 'deny-egress', { namespace: 'n1' });
      new CrossNamespaceAllow(s, 'x', { fromNamespace: 'n1', fromLabels: { app: 'a' }, toNamespace: 'n2', ports: [Ports.tcp(80)], sourceEgress: true });
    });
    const reach = net(objects);
    expect(reach.canConnect(pod('n1', { app: 'a' }), pod('n2'), 80)).toBe(true);
    expect(reach.canConnect(pod('n1', { app: 'a' }), pod('n2'), 81)).toBe(false);
    expect(reach.canConnect(pod('n1', { app: 'a' }), pod('n3'), 80)).toBe(false);
    expect(reach.canConnect(pod('n1', { app: 'b' }), pod('n2'), 80)).toBe(false);
    const without = net(synth((s) => {
      new DefaultDenyEgress(s, 'deny-egress', { namespace: 'n1' });
      new CrossNamespaceAllow(s, 'x', { fromNamespace: 'n1', fromLabels: { app: 'a' }, toNamespace: 'n2', ports: [Ports.tcp(80)] });
    }));
    expect(without.canConnect(pod('n1', { app: 'a' }), pod('n2'), 80)).toBe(false);
    expect(without.accepts(pod('n2'), pod('n1', { app: 'a' }), 80)).toBe(true);
  });
});

describe('NewDeploymentAccess (What About New Deployments?) through the engine', () => {
  const label = 'networking/allow-all-connections';

  test('labelled pods talk both ways with every pod of the namespace, on every port, and nothing else opens', () => {
    const reach = net(synth((s) => {
      new DefaultDenyIngress(s, 'deny', { namespace: 'n' });
      new NewDeploymentAccess(s, 'new', { namespace: 'n' });
    }));
    const fresh = pod('n', { app: 'new', [label]: 'true' });
    const old = pod('n', { app: 'old' });
    for (const port of [80, 5432, 65535]) {
      expect(reach.canConnect(fresh, old, port)).toBe(true);
      expect(reach.canConnect(old, fresh, port)).toBe(true);
    }
    expect(reach.canConnect(old, pod('n', { app: 'other' }))).toBe(false);
    expect(reach.canConnect(pod('m', { app: 'x' }), fresh)).toBe(false);
    expect(reach.canConnect(pod('m', { [label]: 'true' }), old)).toBe(false);
    expect(reach.canConnect(internet, fresh)).toBe(false);
  });

  test('with egress: true it keeps working under default-deny egress', () => {
    const reach = net(synth((s) => {
      new DefaultDenyIngress(s, 'deny', { namespace: 'n' });
      new DefaultDenyEgress(s, 'deny-egress', { namespace: 'n' });
      new NewDeploymentAccess(s, 'new', { namespace: 'n', egress: true });
    }));
    const fresh = pod('n', { [label]: 'true' });
    const old = pod('n', { app: 'old' });
    expect(reach.canConnect(fresh, old)).toBe(true);
    expect(reach.canConnect(old, fresh)).toBe(true);
    expect(reach.canConnect(old, pod('n', { app: 'other' }))).toBe(false);
    expect(reach.canConnect(fresh, pod('m'))).toBe(false);
  });
});

describe('DefaultDenyEgress and AllowDnsEgress through the engine', () => {
  const reach = net(synth((s) => {
    new DefaultDenyEgress(s, 'deny', { namespace: 'n' });
    new AllowDnsEgress(s, 'dns', { namespace: 'n' });
  }));

  test('every pod resolves names over UDP and TCP 53 at kube-dns in kube-system', () => {
    for (const source of [pod('n'), pod('n', { app: 'web' })]) {
      expect(reach.canConnect(source, kubeDns, 53, Protocol.UDP)).toBe(true);
      expect(reach.canConnect(source, kubeDns, 53, Protocol.TCP)).toBe(true);
    }
  });

  test('and reaches nothing else: other ports, other kube-system pods, look-alikes elsewhere, the internet', () => {
    const source = pod('n', { app: 'web' });
    expect(reach.canConnect(source, kubeDns, 54, Protocol.UDP)).toBe(false);
    expect(reach.canConnect(source, kubeDns, 53, Protocol.SCTP)).toBe(false);
    expect(reach.canConnect(source, pod('kube-system', { 'k8s-app': 'metrics-server' }), 53, Protocol.UDP)).toBe(false);
    expect(reach.canConnect(source, pod('evil', { 'k8s-app': 'kube-dns' }), 53, Protocol.UDP)).toBe(false);
    expect(reach.canConnect(source, pod('n'), 80)).toBe(false);
    expect(reach.canConnect(source, internet, 443)).toBe(false);
    expect(reach.canConnect(source, ip('8.8.8.8'), 53, Protocol.UDP)).toBe(false);
  });

  test('ingress is not touched', () => {
    expect(reach.canConnect(pod('m'), pod('n'))).toBe(true);
    expect(reach.isolatedForIngress(pod('n'))).toBe(false);
  });
});

describe('InternetEgress through the engine', () => {
  const reach = net(synth((s) => {
    new DefaultDenyEgress(s, 'deny', { namespace: 'n' });
    new InternetEgress(s, 'out', { namespace: 'n', ports: [Ports.tcp(443)] });
  }));
  const labelled = pod('n', { 'networking/allow-internet-egress': 'true' });

  test('labelled pods reach public addresses on the given ports, IPv4 and IPv6', () => {
    expect(reach.canConnect(labelled, internet, 443)).toBe(true);
    expect(reach.canConnect(labelled, ip('2606:4700::1111'), 443)).toBe(true);
    expect(reach.canConnect(labelled, internet, 80)).toBe(false);
  });

  test('never the private ranges, the cloud metadata address or pods; unlabelled pods nothing', () => {
    for (const address of ['10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', 'fd00::1']) {
      expect(reach.canConnect(labelled, ip(address), 443)).toBe(false);
    }
    expect(reach.canConnect(labelled, pod('m'), 443)).toBe(false);
    expect(reach.canConnect(pod('n'), internet, 443)).toBe(false);
  });

  test.each([
    ['64:ff9b::a01:203', 'NAT64 (RFC 6052) of 10.1.2.3'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of the metadata address 169.254.169.254'],
    ['64:ff9b:1::a01:203', 'local-use NAT64 (RFC 8215)'],
    ['2002:a01:203::1', '6to4 (RFC 3056) of 10.1.2.3'],
    ['2002:a9fe:a9fe::1', '6to4 of the metadata address'],
    ['168.63.129.16', 'Azure\'s platform address (WireServer)'],
    ['0.0.0.0', '"this network", the local host on Linux'],
    ['0.1.2.3', '0.0.0.0/8'],
    ['192.0.0.170', 'IETF protocol assignments (NAT64 discovery)'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.254', 'benchmarking'],
    ['240.0.0.1', 'reserved, pod space on some clusters'],
    ['255.255.255.255', 'broadcast'],
  ])('never %s (%s) under the default exclusions', (address) => {
    expect(reach.canConnect(labelled, ip(address), 443)).toBe(false);
  });

  test.each(['8.8.8.8', '168.63.129.17', '198.20.0.1', '192.0.1.1', '223.255.255.254', '1.0.0.1', '2001:4860:4860::8888', '64:ff9c::1', '2003::1'])(
    'the public address %s next to them stays reachable', (address) => {
      expect(reach.canConnect(labelled, ip(address), 443)).toBe(true);
    });

  test('a cidr inside a custom except is refused: its ipBlock would stay open whole', () => {
    const build = () => synth((s) => new InternetEgress(s, 'out', { namespace: 'n', cidrs: ['0.0.0.0/0', '10.1.0.0/16'], except: ['10.0.0.0/8'] }));
    expect(build).toThrow(/cidrs\[1\] "10.1.0.0\/16" lies inside except\[0\] "10.0.0.0\/8", so the exclusion would not apply to it/);
    // What the author wrote by hand, through the engine: 10.1.2.3 is open through the second ipBlock.
    const written = net([...synth((s) => new DefaultDenyEgress(s, 'deny', { namespace: 'n' })), {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'out', namespace: 'n' },
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }, { ipBlock: { cidr: '10.1.0.0/16' } }] }] },
    }]);
    expect(written.canConnect(pod('n'), ip('10.1.2.3'))).toBe(true);
    expect(written.canConnect(pod('n'), ip('10.2.0.1'))).toBe(false);
  });

  test('a cidr beside the except is kept, and the except applies where it lies', () => {
    const custom = net(synth((s) => {
      new DefaultDenyEgress(s, 'deny', { namespace: 'n' });
      new InternetEgress(s, 'out', { namespace: 'n', cidrs: ['0.0.0.0/0', '2001:db8::/32'], except: ['10.0.0.0/8', '2001:db8:1::/48'] });
    }));
    expect(custom.canConnect(labelled, ip('10.1.2.3'))).toBe(false);
    expect(custom.canConnect(labelled, ip('2001:db8:1::1'))).toBe(false);
    expect(custom.canConnect(labelled, ip('2001:db8:2::1'))).toBe(true);
    expect(custom.canConnect(labelled, ip('8.8.8.8'))).toBe(true);
  });
});
