import { parseAllDocuments } from 'yaml';
import { cli, expectNoStack } from './run-cli';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { Ports } from '../../src/model/ports';
import { internet, net, pod } from '../engine/support';
import { synth, validateAll } from '../support/kube';

// Issue #12: YAML teams name their internet-facing pods by the labels they already carry, with ports,
// instead of editing the Deployment to add the gate label (`internetFacing`, the config form of
// `exposeToInternet`; `NamespaceBaseline.addInternetFacing` in code).

const CONFIG = `namespaces:
  - namespace: shop
    internetFacing:
      - podLabels: { app: web }
        ports: [443]
      - podLabels: { app: partner-api }
        sources: [203.0.113.0/24]
        name: partner-access
`;

const web = pod('shop', { app: 'web' });
const api = pod('shop', { app: 'api' });
const partner = pod('shop', { app: 'partner-api' });

describe('internetFacing in the config', () => {
  const r = cli(['synth', '--config', '-'], CONFIG);
  const objects = parseAllDocuments(r.stdout).map((d) => d.toJS()).filter((o) => o);

  test('synthesizes valid policies named internet-access-<labels>, or as named', () => {
    expect(r.status).toBe(0);
    validateAll(objects);
    const names = objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['internet-access-web', 'partner-access']));
  });

  test('the pods with those labels accept the internet on those ports, nobody else', () => {
    expect(net(objects).canConnect(internet, web, 443)).toBe(true);
    expect(net(objects).canConnect(internet, web, 80)).toBe(false);
    expect(net(objects).canConnect(internet, api, 443)).toBe(false);
    expect(net(objects).canConnect({ ip: '203.0.113.7' }, partner, 8443)).toBe(true);
    expect(net(objects).canConnect({ ip: '198.51.100.7' }, partner, 8443)).toBe(false);
  });

  test('mistakes are reported with their config line', () => {
    const bad = cli(['synth', '--config', '-'], `namespaces:
  - namespace: shop
    internetFacing:
      - ports: [443]
      - podLabels: {}
      - podLabels: { app: web }
        sources: [10.0.0.5/8]
      - podLabels: { app: web }
        prots: [443]
`);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('<stdin>:4: namespaces[0].internetFacing[0]: give one of the fields "podLabels" and "service"');
    expect(bad.stderr).toMatch(/<stdin>:5: namespaces\[0\].internetFacing\[1\].podLabels: /);
    expect(bad.stderr).toMatch(/<stdin>:7: namespaces\[0\].internetFacing\[2\].sources\[0\]: invalid CIDR "10.0.0.5\/8": host bits are set; did you mean "10.0.0.0\/8"\?/);
    expect(bad.stderr).toMatch(/<stdin>:9: namespaces\[0\].internetFacing\[3\].prots: unknown field "prots"; did you mean "ports"\?/);
    expectNoStack(bad);
  });
});

describe('NamespaceBaseline internetFacing / addInternetFacing', () => {
  test('the same policies in code', () => {
    const objects = synth((chart) => {
      const b = new NamespaceBaseline(chart, 'shop', { namespace: 'shop', internetFacing: [{ podLabels: { app: 'web' }, ports: [Ports.tcp(443)] }] });
      b.addInternetFacing({ podLabels: { app: 'partner-api' }, sources: ['203.0.113.0/24'], name: 'partner-access' });
    });
    expect(net(objects).canConnect(internet, web, 443)).toBe(true);
    expect(net(objects).canConnect(internet, api, 443)).toBe(false);
    expect(net(objects).canConnect({ ip: '203.0.113.7' }, partner, 1)).toBe(true);
  });

  test('podLabels are required: without them the gate label would be selected instead', () => {
    expect(() => synth((chart) => {
      new NamespaceBaseline(chart, 'shop', { namespace: 'shop' }).addInternetFacing({} as any);
    })).toThrow(/shop: internetFacing.podLabels is missing/);
  });
});
