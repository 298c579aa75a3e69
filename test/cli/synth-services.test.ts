import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { cli, expectNoStack, fixture } from './run-cli';
import { Endpoints } from '../../src/analysis/endpoint';
import { Reachability } from '../../src/analysis/reachability';
import { validateAll } from '../support/kube';

const boutique = fixture('boutique');

function config(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-synth-svc-')), 'baseline.yaml');
  fs.writeFileSync(file, text);
  return file;
}

/** The boutique fixture's workloads: the pods the synthesized policies are proved against. */
const WORKLOADS = parseAllDocuments(fs.readFileSync(path.join(boutique, 'workloads.yaml'), 'utf8')).map((d: any) => d.toJS());

/** `synth -c CONFIG --services <boutique>`, which must succeed: its objects, each valid against the schema. */
function synthWithServices(configFile: string): any[] {
  const r = cli(['synth', '-c', configFile, '--services', boutique]);
  expectNoStack(r);
  expect(r.status).toBe(0);
  const objects = parseAllDocuments(r.stdout).map((d: any) => d.toJS()).filter((o: any) => o !== null);
  validateAll(objects);
  return objects;
}

const EMAIL = config('namespaces:\n  - namespace: boutique\n    internetFacing:\n      - service: emailservice\n');

describe('synth: internetFacing by Service name', () => {
  test('--services: the Service\'s selector and targetPort (8080), never its port (5000); proved through the Service', () => {
    const objects = synthWithServices(EMAIL);
    const policy = objects.find((o: any) => o.kind === 'NetworkPolicy' && o.metadata.name === 'internet-access-emailservice');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'emailservice' } });
    expect(policy.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    const reach = Reachability.fromManifests([...WORKLOADS, ...objects]);
    expect(reach.canConnect(Endpoints.ip('203.0.113.10'), Endpoints.service('boutique', 'emailservice', 5000))).toBe(true);
    expect(reach.canConnect(Endpoints.ip('203.0.113.10'), Endpoints.pod('boutique', 'emailservice'), { port: 5000 })).toBe(false);
  });

  test('allowFrom toService: the other namespace reaches the Service\'s targetPort', () => {
    const r = cli(['synth', '-c', config('namespaces:\n  boutique:\n    allowFrom: [{ fromNamespace: monitoring, toService: emailservice }]\n  monitoring: {}\n'), '--services', boutique]);
    expectNoStack(r);
    expect(r.status).toBe(0);
    const policy = parseAllDocuments(r.stdout).map((d: any) => d.toJS()).find((o: any) => o?.kind === 'NetworkPolicy' && o.metadata.name.startsWith('allow-monitoring'));
    expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'emailservice' } });
    expect(policy.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    const typo = cli(['synth', '-c', config('namespaces:\n  boutique:\n    allowFrom: [{ fromNamespace: monitoring, toService: email }]\n'), '--services', boutique]);
    expect(typo.stderr).toMatch(/allowFrom\[0\]\.toService "email": no v1 Service of that name in namespace boutique/);
  });

  test('hubs hubService: a spoke with the access label reaches the hub\'s targetPort (8080), never its port (5000), through the Service', () => {
    const objects = synthWithServices(config('denyEgress: true\nnamespaces:\n  boutique:\n    hubs: [{ hubName: email, hubService: emailservice }]\n'));
    const policy = objects.find((o: any) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-email-access');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'emailservice' } });
    expect(policy.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    const spoke = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'spoke', namespace: 'boutique', labels: { 'networking/allow-email-access': 'true' } }, spec: { containers: [{ name: 'c' }] } };
    const reach = Reachability.fromManifests([...WORKLOADS, ...objects, spoke]);
    expect(reach.canConnect(Endpoints.pod('boutique', 'spoke'), Endpoints.service('boutique', 'emailservice', 5000))).toBe(true);
    expect(reach.canConnect(Endpoints.pod('boutique', 'spoke'), Endpoints.pod('boutique', 'emailservice'), { port: 5000 })).toBe(false);
    expect(reach.canConnect(Endpoints.pod('boutique', 'checkoutservice'), Endpoints.service('boutique', 'emailservice', 5000))).toBe(false);
    const typo = cli(['synth', '-c', config('namespaces:\n  boutique:\n    hubs: [{ hubName: email, hubService: email }]\n'), '--services', boutique]);
    expect(typo.stderr).toMatch(/hubs\[0\]\.hubService "email": no v1 Service of that name in namespace boutique/);
    const both = cli(['synth', '-c', config('namespaces:\n  boutique:\n    hubs: [{ hubName: email, hubService: emailservice, hubLabels: { app: x } }]\n'), '--services', boutique]);
    expect(both.stderr).toMatch(/hubs\[0\]: give only one of the fields "hubLabels" and "hubService"/);
  });

  test('connections toService: the from pods reach the Service\'s targetPort (8080), never its port (5000), through the Service', () => {
    const objects = synthWithServices(config('namespaces:\n  boutique:\n    connections: [{ fromLabels: { app: checkoutservice }, toService: emailservice }]\n'));
    const policy = objects.find((o: any) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-checkoutservice-to-emailservice');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'emailservice' } });
    expect(policy.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    const reach = Reachability.fromManifests([...WORKLOADS, ...objects]);
    expect(reach.canConnect(Endpoints.pod('boutique', 'checkoutservice'), Endpoints.service('boutique', 'emailservice', 5000))).toBe(true);
    expect(reach.canConnect(Endpoints.pod('boutique', 'checkoutservice'), Endpoints.pod('boutique', 'emailservice'), { port: 5000 })).toBe(false);
    const typo = cli(['synth', '-c', config('namespaces:\n  boutique:\n    connections: [{ fromLabels: { app: a }, toService: email }]\n'), '--services', boutique]);
    expect(typo.stderr).toMatch(/connections\[0\]\.toService "email": no v1 Service of that name in namespace boutique/);
    const both = cli(['synth', '-c', config('namespaces:\n  boutique:\n    connections: [{ fromLabels: { app: a }, toService: emailservice, toLabels: { app: x } }]\n'), '--services', boutique]);
    expect(both.stderr).toMatch(/connections\[0\]: give only one of the fields "toLabels" and "toService"/);
    const neither = cli(['synth', '-c', config('namespaces:\n  boutique:\n    connections: [{ fromLabels: { app: a } }]\n')]);
    expect(neither.status).toBe(2);
    expect(neither.stderr).toMatch(/connections\[0\]: give one of the fields "toLabels" and "toService"/);
  });

  test('an unknown Service: did you mean; no --services: say where to find it', () => {
    const typo = cli(['synth', '-c', config('namespaces:\n  boutique:\n    internetFacing: [{ service: emailservce }]\n'), '--services', boutique]);
    expectNoStack(typo);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/namespaces\[boutique\]\.internetFacing\[0\]\.service "emailservce": no v1 Service of that name in namespace boutique in the --services manifests; did you mean "emailservice"\?/);
    const none = cli(['synth', '-c', EMAIL]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/the config names Services \(service: NAME\), but synth has no manifests to find them in/);
    expect(none.stderr).toMatch(/--services k8s\//);
  });

  test('the config gives exactly one of podLabels and service', () => {
    const both = cli(['synth', '-c', config('namespaces:\n  boutique:\n    internetFacing: [{ service: emailservice, podLabels: { app: x } }]\n'), '--services', boutique]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/namespaces\.boutique\.internetFacing\[0\]: give only one of the fields "podLabels" and "service"/);
    const neither = cli(['synth', '-c', config('namespaces:\n  boutique:\n    internetFacing: [{ ports: [80] }]\n')]);
    expect(neither.status).toBe(2);
    expect(neither.stderr).toMatch(/internetFacing\[0\]: give one of the fields "podLabels" and "service"/);
  });
});
