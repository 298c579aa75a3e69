/**
 * A grant that fails half-way (its pod label cannot be placed) leaves no policy behind, and options are
 * read field by field: an extra key of a plain-JavaScript caller changes nothing.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { deployment } from './support';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { Workloads } from '../../src/workloads/workloads';
import { policyNames, synthApp } from '../support/kube';

function shop() {
  const app = Testing.app();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  return { app, chart, db: deployment(chart, 'db', [{ number: 5432 }]), web: deployment(chart, 'web', [{ number: 8080 }]) };
}

describe('a failed grant leaves no policy behind', () => {
  test('addHubClient whose client already has the access label set otherwise: no hub policy, and the corrected grant works', () => {
    const s = shop();
    s.web.podMetadata.addLabel('networking/allow-db-access', 'false');
    expect(() => Workloads.addHubClient(s.chart, s.db, s.web)).toThrow(/already has the label networking\/allow-db-access="false"/);
    expect(policyNames(synthApp(s.app))).toEqual([]);
    const other = deployment(s.chart, 'api', [{ number: 9000 }]);
    Workloads.addHubClient(s.chart, s.db, other);
    expect(policyNames(synthApp(s.app))).toEqual(['shop/allow-db-access']);
  });

  test('markNewDeployment and addServerTarget roll back the same way', () => {
    const s = shop();
    s.web.podMetadata.addLabel('networking/allow-all-connections', 'no');
    s.web.podMetadata.addLabel('networking/allow-db-to-access', 'no');
    expect(() => Workloads.markNewDeployment(s.chart, s.web)).toThrow(/already has the label/);
    expect(() => Workloads.addServerTarget(s.chart, s.db, s.web)).toThrow(/already has the label/);
    expect(policyNames(synthApp(s.app))).toEqual([]);
  });
});

describe('baseline grant options are read field by field', () => {
  test('an extra namespace key in the options of every baseline grant moves nothing', () => {
    const s = shop();
    const baseline = new NamespaceBaseline(s.chart, 'baseline', { namespace: 'shop', denyEgress: true, internetAccess: false });
    const extra = { namespace: 'kube-system' } as any;
    baseline.addHubClient(s.db, s.web, extra);
    baseline.addServerTarget(s.web, s.db, extra);
    baseline.allowConnection(s.web, s.db, extra);
    baseline.exposeToInternet(s.web, extra);
    baseline.markNewDeployment(s.db, extra);
    const ops = new kplus.Namespace(s.chart, 'ops', { metadata: { name: 'ops' } });
    baseline.allowFromNamespace(ops, s.db, extra);
    const names = policyNames(synthApp(s.app));
    expect(names.filter((n) => !n.startsWith('shop/'))).toEqual([]);
    expect(names.length).toBeGreaterThan(8);
  });
});
