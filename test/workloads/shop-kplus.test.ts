/**
 * The example examples/shop-kplus.ts: the guide's shop with cdk8s-plus Deployments and the baseline
 * allows exactly what its comments declare, through the reachability engine.
 */
import { allowedConnections } from './support';
import { shopKplusApp } from '../../examples/shop-kplus';
import { objectNamed, policyNames, synthApp } from '../support/kube';

const PORTS = [80, 3000, 5432, 8080, 8443, 9090, 9102];

describe('examples/shop-kplus.ts', () => {
  test('every object is valid and every policy name unique', () => {
    const objects = synthApp(shopKplusApp());
    expect(policyNames(objects)).toEqual([
      'monitoring/allow-grafana-to-prometheus',
      'monitoring/default-deny-ingress',
      'shop/allow-backup-to-access',
      'shop/allow-db-access',
      'shop/allow-monitoring-prometheus-to-api',
      'shop/allow-web-to-api',
      'shop/default-deny-ingress',
      'shop/internet-access',
      'shop/internet-access-web',
    ]);
  });

  test('who reaches whom: exactly what the example declares', () => {
    const everyoneToWeb = ['internet', 'shop/api', 'shop/db', 'shop/backup', 'monitoring/prometheus', 'monitoring/grafana']
      .map((from) => `${from} -> shop/web:8443`);
    expect(allowedConnections(shopKplusApp(), PORTS)).toEqual([
      ...everyoneToWeb,
      'shop/web -> shop/api:8080',
      'shop/api -> shop/db:5432',
      'shop/backup -> shop/db:5432',
      'monitoring/prometheus -> shop/api:9102',
      'monitoring/grafana -> monitoring/prometheus:9090',
    ].sort());
  });

  test('the pod templates carry the access labels; the selectors are the app labels', () => {
    const objects = synthApp(shopKplusApp());
    const templates = Object.fromEntries(['web', 'api', 'db', 'backup'].map((name) => {
      const d = objectNamed(objects, 'Deployment', name);
      expect(d.spec.selector).toEqual({ matchLabels: { app: name } });
      return [name, d.spec.template.metadata.labels];
    }));
    expect(templates).toMatchSnapshot();
  });
});
