import { Ports } from '../../src/model/ports';
import { HubAccess } from '../../src/policies/hub-access';
import { ServerAccess } from '../../src/policies/server-access';
import { newChart, policy, synth } from '../support/kube';

describe('HubAccess', () => {
  test('the hub accepts only pods labelled networking/allow-<hub>-access=true', () => {
    const objects = synth((s) => new HubAccess(s, 'db', { namespace: 'shop', hubName: 'db', hubLabels: { app: 'db' }, ports: [Ports.tcp(5432)] }));
    expect(objects).toHaveLength(1);
    const p = policy(objects, 'allow-db-access', 'shop');
    expect(p.spec).toEqual({
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ podSelector: { matchLabels: { 'networking/allow-db-access': 'true' } } }],
        ports: [{ protocol: 'TCP', port: 5432 }],
      }],
    });
  });

  test('a custom access label and name', () => {
    const hub = new HubAccess(newChart(), 'db', { namespace: 'shop', hubName: 'db', hubLabels: { app: 'db' }, accessLabel: 'example.com/db-client' });
    expect(hub.accessLabel).toBe('example.com/db-client');
    expect(hub.name).toBe('allow-db-access');
    const objects = synth((s) => new HubAccess(s, 'db', { namespace: 'shop', hubName: 'db', hubLabels: { app: 'db' }, accessLabel: 'example.com/db-client', name: 'db-clients' }));
    expect(policy(objects, 'db-clients').spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { 'example.com/db-client': 'true' } } }]);
  });

  test('egress: true also lets the spokes connect to the hub, and nothing else', () => {
    const objects = synth((s) => new HubAccess(s, 'db', { namespace: 'shop', hubName: 'db', hubLabels: { app: 'db' }, ports: [Ports.tcp(5432)], egress: true }));
    expect(objects).toHaveLength(2);
    expect(policy(objects, 'allow-db-access-egress', 'shop').spec).toEqual({
      podSelector: { matchLabels: { 'networking/allow-db-access': 'true' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
    });
  });

  test('without egress the spokes\' egress is never touched', () => {
    const objects = synth((s) => new HubAccess(s, 'db', { namespace: 'shop', hubName: 'db', hubLabels: { app: 'db' } }));
    expect(objects.every((o) => !o.spec.policyTypes.includes('Egress'))).toBe(true);
  });
});

describe('ServerAccess', () => {
  test('pods labelled networking/allow-<server>-to-access=true accept the server', () => {
    const objects = synth((s) => new ServerAccess(s, 'backup', { namespace: 'shop', serverName: 'backup', serverLabels: { app: 'backup' } }));
    expect(objects).toHaveLength(1);
    expect(policy(objects, 'allow-backup-to-access', 'shop').spec).toEqual({
      podSelector: { matchLabels: { 'networking/allow-backup-to-access': 'true' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'backup' } } }] }],
    });
  });

  test('egress: true lets the server connect to the labelled pods on the ports', () => {
    const server = new ServerAccess(newChart(), 'backup', {
      namespace: 'shop', serverName: 'backup', serverLabels: { app: 'backup' }, ports: [Ports.tcp(22)], egress: true,
    });
    expect(server.accessLabel).toBe('networking/allow-backup-to-access');
    const objects = synth((s) => new ServerAccess(s, 'backup', {
      namespace: 'shop', serverName: 'backup', serverLabels: { app: 'backup' }, ports: [Ports.tcp(22)], egress: true,
    }));
    expect(policy(objects, 'allow-backup-to-access-egress').spec).toEqual({
      podSelector: { matchLabels: { app: 'backup' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { 'networking/allow-backup-to-access': 'true' } } }], ports: [{ protocol: 'TCP', port: 22 }] }],
    });
  });
});
