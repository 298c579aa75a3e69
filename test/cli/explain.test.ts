import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, expectNoStack, fixture } from './run-cli';

const shop = fixture('shop');

describe('explain --from --to', () => {
  test('an allowed connection exits 0 and names the rule that admits it', () => {
    const r = cli(['explain', shop, '--from', 'shop/api', '--to', 'shop/db', '--port', '5432']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^shop\/api -> shop\/db on TCP\/5432: ALLOWED\n/);
    expect(r.stdout).toMatch(/ingress of shop\/db: allowed: .*shop\/allow-db-access/);
  });

  test('a denied connection exits 1 and says why and how to allow it', () => {
    const r = cli(['explain', shop, '--from', 'shop/web', '--to', 'shop/db', '--port', '5432']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^shop\/web -> shop\/db on TCP\/5432: DENIED\n/);
    expect(r.stdout).toMatch(/ingress of shop\/db: DENIED: .*shop\/default-deny-ingress/);
  });

  test.each([
    ['internet', 'shop/web', '80', 0],
    ['internet', 'shop/api', '80', 1],
    ['198.51.100.7', 'shop/web', '80', 0],
    ['shop/web', '2001:db8::1', '443', 0],
    ['web', 'api', '80', 0], // bare names, unique in the manifests
    ['shop/Deployment/web', 'shop/StatefulSet/db', '5432', 1],
    ['shop/networking/allow-db-access=true', 'shop/db', '5432', 0], // a pod with those labels, not in the manifests
    ['shop/app=other', 'shop/db', '5432', 1],
  ])('%s -> %s on %s exits %d', (from, to, port, status) => {
    const r = cli(['explain', shop, '--from', from, '--to', to, '--port', port]);
    expectNoStack(r);
    expect(r.status).toBe(status);
  });

  test('--protocol is part of the question', () => {
    const r = cli(['explain', shop, '--from', 'shop/api', '--to', 'shop/db', '--port', '5432', '--protocol', 'UDP']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/on UDP\/5432: DENIED/);
  });

  test('--protocol takes any case (udp, Udp are UDP); an unknown protocol is refused with the valid ones', () => {
    for (const protocol of ['udp', 'Udp', 'sctp']) {
      const r = cli(['explain', shop, '--from', 'shop/api', '--to', 'shop/db', '--port', '5432', '--protocol', protocol, '--format', 'json']);
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout).protocol).toBe(protocol.toUpperCase());
    }
    const bad = cli(['explain', shop, '--from', 'shop/api', '--to', 'shop/db', '--protocol', 'icmp']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('cdk8s-netpol: error: --protocol "icmp" is not a protocol\n  fix: use TCP, UDP or SCTP\n');
  });

  test('--format json gives the verdict of each direction', () => {
    const r = cli(['explain', shop, '--from', 'monitoring/prometheus', '--to', 'shop/web', '--port', '9090', '--format', 'json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ allowed: true, from: 'monitoring/prometheus', to: 'shop/web', port: 9090, protocol: 'TCP' });
    expect(json.egress).toMatchObject({ direction: 'egress', allowed: true, isolated: false });
    expect(json.ingress).toMatchObject({ direction: 'ingress', allowed: true, isolated: true });
    expect(json.ingress.policies).toContain('shop/default-deny-ingress');
  });
});

describe('explain: addresses in the forms software reads differently exit 2', () => {
  test.each([
    [['--from', '0x7f000001', '--to', 'shop/web'], /--from "0x7f000001" is not an IP address the engine accepts: it is a single number, not four dotted parts; C libraries read it as 127.0.0.1/],
    [['--from', '127.1', '--to', 'shop/web'], /--from "127.1" is not an IP address the engine accepts: it has 2 dotted parts.*C libraries read it as 127.0.0.1/],
    [['--from', 'shop/web', '--to', '010.1.2.3'], /--to "010.1.2.3" is not an IP address the engine accepts: it is written with leading zeros.*did you mean 10.1.2.3\?/],
    [['--from', 'shop/web', '--to', '::ffff:10.1.2.3'], /--to "::ffff:10.1.2.3" .*IPv4-mapped IPv6 address.*did you mean 10.1.2.3\?/],
    [['--from', 'shop/web', '--to', 'fe80::1%eth0'], /--to "fe80::1%eth0" .*zone id "%eth0"/],
    [['--from', 'internet', '--to', 'shop/web', '--internet-ip', '0x08080808'], /--internet-ip "0x08080808" is not an IP address the engine accepts: .*C libraries read it as 8.8.8.8/],
    [['--from', 'internet', '--to', 'shop/web', '--internet-ip', '::ffff:8.8.8.8'], /--internet-ip "::ffff:8.8.8.8" .*did you mean 8.8.8.8\?/],
  ])('%j', (args, message) => {
    const r = cli(['explain', shop, ...args]);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
    expectNoStack(r);
  });

  test('an address in Go\'s form is answered, in canonical form', () => {
    const r = cli(['explain', shop, '--from', '2001:DB8::1', '--to', 'shop/web', '--port', '80']);
    expectNoStack(r);
    expect(r.stdout).toMatch(/2001:db8::1/);
  });
});

describe('explain: bad endpoints exit 2 with what exists', () => {
  test('an unknown workload gets a did-you-mean and the list of workloads', () => {
    const r = cli(['explain', shop, '--from', 'shop/wbe', '--to', 'shop/db']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--from "shop\/wbe" is not a workload of the manifests, "internet", "dns" or an IP address/);
    expect(r.stderr).toMatch(/fix: did you mean --from shop\/web\? the workloads are: monitoring\/prometheus, shop\/api, shop\/db, shop\/web/);
    expectNoStack(r);
  });

  test('an unknown namespace is refused', () => {
    const r = cli(['explain', shop, '--from', 'shop/web', '--to', 'nowhere/db']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--to "nowhere\/db" is not a workload/);
  });

  test('a name shared by two kinds asks for the kind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-explain-'));
    fs.writeFileSync(path.join(dir, 'two.yaml'), [
      'apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: a }\nspec: { containers: [{ name: c, image: x }] }',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: a }\nspec: { template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: c, image: x }] } } }',
    ].join('\n---\n'));
    const r = cli(['explain', dir, '--from', 'a/web', '--to', 'internet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--from "a\/web" matches 2 workloads: a\/Deployment\/web, a\/Pod\/web/);
    expect(r.stderr).toMatch(/fix: name one of them as namespace\/Kind\/name, for example --from a\/Deployment\/web/);
    const pod = cli(['explain', dir, '--from', 'a/Pod/web', '--to', 'a/Deployment/web']);
    expect(pod.status).toBe(0);
    // The engine's ids are the ones the CLI accepts: what explain prints can be pasted back.
    expect(pod.stdout).toMatch(/^a\/Pod\/web -> a\/Deployment\/web on TCP\/80: ALLOWED\n/);
    const json = JSON.parse(cli(['explain', dir, '--from', 'a/Deployment/web', '--to', 'a/Pod/web', '--format', 'json']).stdout);
    expect([json.from, json.to]).toEqual(['a/Deployment/web', 'a/Pod/web']);
  });

  test('a pod the analysis leaves out (labels the API server rejects) is named as such, with the reason', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-explain-'));
    fs.writeFileSync(path.join(dir, 'app.yaml'), [
      'apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: app, labels: { tier: front end } }\nspec: { containers: [{ name: c, image: x }] }',
      'apiVersion: v1\nkind: Pod\nmetadata: { name: api, namespace: app }\nspec: { containers: [{ name: c, image: x }] }',
    ].join('\n---\n'));
    const r = cli(['explain', dir, '--from', 'app/api', '--to', 'app/web']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--to "app\/web" is not in the analysis: the API server rejects Pod app\/web, so the analysis leaves it out \(metadata.labels\["tier"\] "front end"/);
    expectNoStack(r);
  });

  test('a hypothetical pod in an unknown namespace is refused cleanly, with a fix line', () => {
    const r = cli(['explain', shop, '--from', 'nowhere/app=x', '--to', 'shop/web']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('cdk8s-netpol: error: --from "nowhere/app=x": the manifests have no namespace "nowhere"\n  fix: the namespaces are: monitoring, shop\n');
    expectNoStack(r);
  });

  test('a malformed label list is refused', () => {
    const r = cli(['explain', shop, '--from', 'shop/=x', '--to', 'shop/web']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read the label "=x"/);
  });

  test('two addresses outside the cluster are not a question for NetworkPolicies', () => {
    const r = cli(['explain', shop, '--from', 'internet', '--to', '10.0.0.1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cdk8s-netpol: error: could not explain the connection: .*outside the cluster/);
  });

  test('a bad port exits 2', () => {
    const r = cli(['explain', shop, '--from', 'shop/web', '--to', 'shop/api', '--port', '65536']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--port "65536" is not a port number\n  fix: a port must be an integer from 1 to 65535/);
  });
});
