import { cli, fixture } from './run-cli';

/**
 * What `GET /api/v1/pods` (or `kubectl get --raw`) returns: typed lists whose items carry neither kind nor
 * apiVersion. Their items are read as the list's kind, as apimachinery's decodeToList reads them.
 */
describe('typed lists from the API (PodList, NamespaceList, NetworkPolicyList)', () => {
  const files = ['namespaces.json', 'pods.json', 'networkpolicies.json'].map((f) => fixture('api', f));

  test('explain reads the pods and policies of the lists', () => {
    const allowed = cli(['explain', ...files, '--from', 'shop/web-7d9c8b6f5-abcde', '--to', 'shop/db-0', '--port', '5432']);
    expect(allowed.stdout).toMatch(/shop\/web-7d9c8b6f5-abcde -> shop\/db-0 on TCP\/5432: ALLOWED/);
    expect(allowed.status).toBe(0);
    const denied = cli(['explain', ...files, '--from', 'internet', '--to', 'shop/db-0', '--port', '5432']);
    expect(denied.stdout).toMatch(/DENIED/);
    expect(denied.status).toBe(1);
  });

  test('audit finds no problem and ignores nothing', () => {
    const r = cli(['audit', ...files]);
    expect(r.stderr).not.toMatch(/ignored a document/);
    expect(r.stdout).toMatch(/no findings in 5 objects/);
    expect(r.status).toBe(0);
  });
});
