import { ConnectionSet } from '../../src/analysis/connection-set';
import { Reachability } from '../../src/analysis/reachability';
import { ServiceLabels } from '../../src/cli/service-labels';
import { Protocol } from '../../src/model/protocol';
import { deployment, service } from '../analysis/service-objects';

const reach = Reachability.fromManifests([
  deployment('web', [{ containerPort: 8080, name: 'http' }, { containerPort: 8443 }, { containerPort: 53, protocol: 'UDP', name: 'dns' }]),
  deployment('other', []),
  service('web', { app: 'web' }, [{ port: 80, targetPort: 'http' }, { port: 443, targetPort: 8443 }, { port: 9000, targetPort: 'missing' }]),
  service('web-headless', { app: 'web' }, [{ port: 80 }], 'boutique', { clusterIP: 'None' }),
  service('dns', { app: 'web' }, [{ port: 5353, targetPort: 'dns', protocol: 'UDP' }]),
  service('nothing', { app: 'none' }, [{ port: 80 }]),
]);
const labels = new ServiceLabels(reach);

test('a workload is named by every Service that sends to it, each port with the pod port it arrives on', () => {
  // Port 9000 names a container port the pod does not declare: the pod is no endpoint of it.
  expect(labels.label('boutique/web')).toBe('boutique/web (svc web:80→8080,443→8443; web-headless:80; dns:5353→53)');
  expect(labels.label('boutique/other')).toBe('boutique/other');
  expect(labels.of('internet')).toBeUndefined();
});

test('the Service ports a set in pod ports reaches, by protocol', () => {
  expect(labels.through('boutique/web', ConnectionSet.ports(Protocol.TCP, 8080))).toEqual(['web:80']);
  expect(labels.through('boutique/web', ConnectionSet.ports(Protocol.TCP, 80))).toEqual(['web-headless:80']);
  expect(labels.through('boutique/web', ConnectionSet.ports(Protocol.TCP, 53))).toEqual([]);
  expect(labels.setText('boutique/web', ConnectionSet.ports(Protocol.UDP, 53))).toBe('UDP 53 (svc dns:udp/5353)');
  expect(labels.setText('boutique/web', ConnectionSet.all())).toBe('All Connections (svc web:80, web:443, web-headless:80, dns:udp/5353)');
  expect(labels.json('boutique/web', ConnectionSet.ports(Protocol.TCP, 8443)).filter((p) => p.reachable))
    .toEqual([{ service: 'boutique/web', port: 443, protocol: 'TCP', targetPort: 8443, reachable: true }]);
});
