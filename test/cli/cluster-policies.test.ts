/**
 * The CLI reads ClusterNetworkPolicy / AdminNetworkPolicy / BaselineAdminNetworkPolicy (no "ignored
 * kinds" note), audit locates their findings in the files, explain names the deciding tier rule.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from './run-cli';

const YAML = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: guard
spec:
  tier: Admin
  priority: 5
  subject:
    namespaces: {}
  egress:
  - name: deny-metadata
    action: Deny
    to:
    - networks: ["169.254.169.254/32"]
  - action: Deny
    to:
    - networks: ["169.254.169.254/32"]
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: i}]}
`;

describe('cluster-scoped policies in the CLI', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-cli-'));
  fs.writeFileSync(path.join(dir, 'all.yaml'), YAML);

  test('audit reports NP022 at the policy\'s line and does not call the kind ignored', () => {
    const r = cli(['audit', dir]);
    expect(r.stderr + r.stdout).not.toContain('ignored kinds');
    expect(r.stdout).toMatch(/all\.yaml:1: WARNING NP022 ClusterNetworkPolicy guard/);
  });

  test('explain names the Admin rule that denies the metadata address', () => {
    const r = cli(['explain', dir, '--from', 'shop/web', '--to', '169.254.169.254']);
    expect(r.stdout).toContain('DENIED: rule 0 ("deny-metadata") of ClusterNetworkPolicy/guard (Admin tier, priority 5) denies 169.254.169.254');
  });
});
