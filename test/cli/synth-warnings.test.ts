import { cli, expectNoStack } from './run-cli';

// Issue #12: lint warnings at synth are printed (stderr, the YAML stays on stdout), and the config's
// `failOnWarnings` turns them into a failed synth. A custom namespace label is forgeable: NP010.
const CONFIG = `namespaceLabelKey: networking/namespace
namespaces:
  - namespace: shop
    allowFrom:
      - fromNamespace: ops
  - ops
`;

test('a warning is printed on stderr, naming the object; the manifests still go to stdout', () => {
  const r = cli(['synth', '--config', '-'], CONFIG);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('kind: NetworkPolicy');
  expect(r.stderr).toMatch(/WARNING NP010 NetworkPolicy shop\/allow-ops-all-pods-to-all-pods: a namespaceSelector uses the label "networking\/namespace"/);
  expect(r.stderr.match(/WARNING NP010/g)).toHaveLength(1);
});

test('failOnWarnings: true fails the synth with the finding and prints no manifests', () => {
  const r = cli(['synth', '--config', '-'], `failOnWarnings: true\n${CONFIG}`);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/WARNING NP010 NetworkPolicy shop\/allow-ops-all-pods-to-all-pods/);
  expectNoStack(r);
});

test('failOnWarnings must be a boolean', () => {
  const r = cli(['synth', '--config', '-'], `failOnWarnings: "yes"\n${CONFIG}`);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/<stdin>:1: failOnWarnings: expected true or false, got string "yes"/);
});
