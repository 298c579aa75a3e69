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
