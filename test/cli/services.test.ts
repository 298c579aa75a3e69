import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, expectNoStack, fixture } from './run-cli';

const boutique = fixture('boutique');

describe('Services in the CLI', () => {
  test('explain --to ns/svc/NAME:PORT follows the Service to the pod port and says which port to write', () => {
    const r = cli(['explain', boutique, '--from', 'boutique/checkoutservice', '--to', 'boutique/svc/emailservice:5000']);
    expectNoStack(r);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^boutique\/checkoutservice -> boutique\/emailservice \(through Service boutique\/emailservice:5000\) on TCP\/8080: DENIED\n/);
    expect(r.stdout).toContain('a rule must name the pod\'s port TCP/8080, not the Service port 5000');
    const json = JSON.parse(cli(['explain', boutique, '--from', 'checkoutservice', '--to', 'boutique/svc/emailservice', '--port', '5000', '--format', 'json']).stdout);
    expect([json.allowed, json.port]).toEqual([false, 8080]);
    expect(json.note).toContain('Service boutique/emailservice sends TCP/5000 to targetPort 8080');
  });

  test('audit reports the policy on the Service port (NP018) with the targetPort as the fix', () => {
    const r = cli(['audit', boutique, '--format', 'json']);
    const np018 = JSON.parse(r.stdout).findings.filter((f: any) => f.code === 'NP018');
    expect(np018.map((f: any) => f.fix)).toEqual(['write port 8080 (the targetPort TCP/8080) instead of 5000 in ingress rule 0']);
  });

  test('errors: an unknown Service, a Service as the source, a bad Service port', () => {
    for (const [args, text] of [
      [['--from', 'checkoutservice', '--to', 'boutique/svc/nope:5000'], /unknown Service "nope" in namespace boutique/],
      [['--from', 'boutique/svc/emailservice:5000', '--to', 'checkoutservice'], /is a Service: a Service receives connections/],
      [['--from', 'checkoutservice', '--to', 'boutique/svc/emailservice:http'], /the Service port "http" is not a port number/],
    ] as const) {
      const r = cli(['explain', boutique, ...args]);
      expectNoStack(r);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(text);
    }
  });
});

test('graph names the workloads by the Services that select them', () => {
  const r = cli(['graph', boutique, '--port', '8080']);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('["boutique/emailservice (svc emailservice)"]');
  expect(r.stdout).toContain('["boutique/checkoutservice"]');
});

test('graph on every port names them too', () => {
  const r = cli(['graph', boutique]);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('["boutique/emailservice (svc emailservice)"]');
  expect(r.stdout).toContain('-->|"TCP 5000"|');
});

describe('list, diff and summary name workloads by Service', () => {
  /** The boutique with its policy fixed: on the pod port 8080, not the Service port 5000. */
  function fixed(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-svc-'));
    fs.copyFileSync(path.join(boutique, 'workloads.yaml'), path.join(dir, 'workloads.yaml'));
    fs.writeFileSync(path.join(dir, 'policies.yaml'), fs.readFileSync(path.join(boutique, 'policies.yaml'), 'utf8').replace('- port: 5000', '- port: 8080'));
    return dir;
  }

  test('list: the Service beside the workload, the set in pod ports, then the Service ports it reaches', () => {
    const wrong = cli(['list', boutique]);
    expect(wrong.status).toBe(0);
    // The policy on the Service port admits 5000, which no Service sends to: nothing follows the set.
    expect(wrong.stdout).toContain('boutique/checkoutservice => boutique/emailservice (svc emailservice:5000→8080) : TCP 5000\n');
    const right = cli(['list', fixed()]).stdout;
    expect(right).toContain('boutique/checkoutservice => boutique/emailservice (svc emailservice:5000→8080) : TCP 8080 (svc emailservice:5000)\n');
    expect(right).toContain('boutique/emailservice (svc emailservice:5000→8080) => internet : All Connections\n');
    expect(right).not.toContain('/svc/');
  });

  test('list json and csv: a services field and column', () => {
    const json = JSON.parse(cli(['list', fixed(), '-f', 'json']).stdout);
    expect(json.find((p: any) => p.to === 'boutique/emailservice').services)
      .toEqual([{ service: 'boutique/emailservice', port: 5000, protocol: 'TCP', targetPort: 8080, reachable: true }]);
    expect(json.find((p: any) => p.to === 'internet').services).toBeUndefined();
    const wrong = JSON.parse(cli(['list', boutique, '-f', 'json']).stdout);
    expect(wrong.find((p: any) => p.to === 'boutique/emailservice').services[0].reachable).toBe(false);
    const csv = cli(['list', fixed(), '-f', 'csv']).stdout.split('\n');
    expect(csv).toContain('boutique/checkoutservice,boutique/emailservice,TCP 8080,emailservice:5000');
  });

  test('list --by-service: each Service a destination ns/svc/NAME in Service ports, as explain through it answers', () => {
    const dir = fixed();
    const r = cli(['list', dir, '--by-service']);
    expect(r.stdout).toContain('boutique/checkoutservice => boutique/svc/emailservice : TCP 5000\n');
    expect(r.stdout).not.toMatch(/internet => boutique\/svc/);
    const explain = cli(['explain', dir, '--from', 'checkoutservice', '--to', 'boutique/svc/emailservice:5000']);
    expect(explain.status).toBe(0);
    // On the Service port policy, nobody reaches the Service on any port.
    expect(cli(['list', boutique, '--by-service']).stdout).not.toContain('/svc/');
  });

  test('diff: the gained connection is named by the Service port it now reaches', () => {
    const r = cli(['diff', '--before', boutique, '--after', fixed()]);
    expect(r.stdout).toContain('  boutique/checkoutservice => boutique/emailservice (svc emailservice:5000→8080) : TCP 5000 -> TCP 8080 (svc emailservice:5000) (gained TCP 8080) (lost TCP 5000)\n');
    const md = cli(['diff', '--before', boutique, '--after', fixed(), '-f', 'markdown']).stdout.split('\n');
    expect(md).toContain('| From | To | Before | After | Gained | Lost | Service ports | Why before | Why now |');
    expect(md.find((l) => l.startsWith('| boutique/checkoutservice'))).toContain('| TCP 5000 | TCP 8080 | TCP 8080 | TCP 5000 | gained emailservice:5000 |');
    const json = JSON.parse(cli(['diff', '--before', boutique, '--after', fixed(), '-f', 'json']).stdout);
    expect(json.changed[0].services).toEqual({
      before: [{ service: 'boutique/emailservice', port: 5000, protocol: 'TCP', targetPort: 8080, reachable: false }],
      after: [{ service: 'boutique/emailservice', port: 5000, protocol: 'TCP', targetPort: 8080, reachable: true }],
    });
  });

  test('summary: the destination with its Services, the pod ports, then the Service ports reached', () => {
    expect(cli(['summary', boutique, '--no-legend']).stdout)
      .toBe('boutique: 2 policies; ingress default-deny; checkoutservice → emailservice (svc emailservice:5000→8080):5000\n');
    expect(cli(['summary', fixed(), '--no-legend']).stdout)
      .toBe('boutique: 2 policies; ingress default-deny; checkoutservice → emailservice (svc emailservice:5000→8080):8080 (svc emailservice:5000)\n');
  });
});
