/**
 * The CLI reads ClusterNetworkPolicy / AdminNetworkPolicy / BaselineAdminNetworkPolicy (no "ignored
 * kinds" note), audit locates their findings in the files, explain names the deciding tier rule.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, fixture } from './run-cli';

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

/** The tiers fixture without its cluster-scoped policies: the "before" of a pull request that adds them. */
function tiersWithoutClusterPolicies(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-before-'));
  for (const file of ['namespaces.yaml', 'workloads.yaml']) fs.copyFileSync(path.join(fixture('tiers'), file), path.join(dir, file));
  return dir;
}

describe('list, graph on every port and diff evaluate the tiers (test/fixtures/tiers)', () => {
  test('list: the Admin Deny narrows a NetworkPolicy, the Baseline deny closes unselected pods, the internet is not a CNP ingress peer', () => {
    const r = cli(['list', fixture('tiers')]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'internet => shop/web : All Connections',
      'internet => tools/debug : All Connections',
      'shop/db => internet : All Connections',
      'shop/db => shop/db : TCP 5432',
      'shop/web => internet : All Connections',
      'shop/web => shop/db : TCP 5432',
      'tools/debug => internet : All Connections',
    ]);
  });

  test('graph on every port: mermaid, dot and html show the same edges, and the html names the tier rule', () => {
    const mermaid = cli(['graph', fixture('tiers')]);
    expect(mermaid.status).toBe(0);
    expect(mermaid.stdout).toMatch(/n1 -->\|"TCP 5432"\| n0/);
    expect(mermaid.stdout).not.toMatch(/n2 -->\|[^|]*\| n0/);
    const dot = cli(['graph', fixture('tiers'), '--format', 'dot']);
    expect(dot.status).toBe(0);
    expect(dot.stdout.match(/ -> /g)).toHaveLength(7);
    const html = cli(['graph', fixture('tiers'), '--format', 'html']);
    expect(html.status).toBe(0);
    expect(html.stdout).toContain('Admin tier: rule 0 (\\"only-shop\\") of ClusterNetworkPolicy/guard-db (priority 10) denies All Connections');
  });

  test('diff of a pull request that adds the cluster policies: removed rows, each naming the tier rule that denies it now', () => {
    const r = cli(['diff', '--before', tiersWithoutClusterPolicies(), '--after', fixture('tiers'), '--format', 'json']);
    expect(r.status).toBe(0);
    const diff = JSON.parse(r.stdout);
    expect(diff.added).toEqual([]);
    expect(diff.removed.map((c: any) => `${c.from} => ${c.to} : ${c.lost}`).sort()).toEqual([
      'shop/db => shop/web : All Connections',
      'shop/db => tools/debug : All Connections',
      'shop/web => shop/web : All Connections',
      'shop/web => tools/debug : All Connections',
      'tools/debug => shop/db : TCP 5432',
      'tools/debug => shop/web : All Connections',
      'tools/debug => tools/debug : All Connections',
    ]);
    const debugToDb = diff.removed.find((c: any) => c.from === 'tools/debug' && c.to === 'shop/db');
    expect(debugToDb.afterReasons[1].reason).toContain('Admin tier: rule 0 ("only-shop") of ClusterNetworkPolicy/guard-db (priority 10) denies All Connections');
    const text = cli(['diff', '--before', tiersWithoutClusterPolicies(), '--after', fixture('tiers')]);
    expect(text.stdout).toContain('now: ingress of shop/web: Baseline tier: rule 0 ("deny-pods") of ClusterNetworkPolicy/default-deny (priority 100) denies All Connections');
    expect(cli(['diff', '--before', tiersWithoutClusterPolicies(), '--after', fixture('tiers'), '--fail-on', 'any']).status).not.toBe(0);
  });
});
