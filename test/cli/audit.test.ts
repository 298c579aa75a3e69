import { cli, expectNoStack, fixture } from './run-cli';

interface Finding {
  severity: string;
  code: string;
  object: { kind: string; namespace?: string; name?: string };
  message: string;
  fix: string;
  file?: string;
  line?: number;
  locations: { file: string; line: number }[];
}

function auditJson(args: string[]): { status: number | null; findings: Finding[]; summary: any } {
  const r = cli(['audit', ...args, '--format', 'json']);
  expectNoStack(r);
  const parsed = JSON.parse(r.stdout);
  return { status: r.status, findings: parsed.findings, summary: parsed.summary };
}

describe('audit of the guide\'s own sample YAMLs (test/fixtures/guide, transcribed as printed)', () => {
  const { status, findings } = auditJson([fixture('guide')]);
  const about = (name: string, code: string) => findings.filter((f) => f.object.name === name && f.code === code);

  test('fails: the guide\'s samples contain errors', () => {
    expect(status).toBe(1);
  });

  test.each([
    ['04-allow-db-access-hub.yaml', 2, 'default', 'allow-db-access'],
    ['05-allow-db-access-server.yaml', 2, 'default', 'allow-db-access'],
    ['06-allow-server-to-access.yaml', 2, 'default', 'allow-server-to-access'],
    ['07-allow-n1-a-to-n2-b.yaml', 2, 'N2', 'allow-n1-a-to-n2-b'],
    ['08-allow-ingress-from-new.yaml', 2, 'N2', 'allow-ingress-from-new'],
    ['08-allow-ingress-from-new.yaml', 19, 'default', 'allow-ingress-from-new'],
  ])('%s:%d: `policyTypes: - Ingress:` (NP001) with ingress nested under it (NP002), in %s/%s', (file, line, namespace, name) => {
    for (const code of ['NP001', 'NP002']) {
      const hits = findings.filter((f) => f.code === code && f.object.namespace === namespace && f.object.name === name &&
        f.file === `test/fixtures/guide/${file}`);
      expect(hits).toHaveLength(1);
      expect(hits[0].severity).toBe('ERROR');
      expect(hits[0].line).toBe(line);
    }
  });

  test('the name allow-db-access used for two different policies (NP003) points at both files', () => {
    const hits = about('allow-db-access', 'NP003');
    expect(hits).toHaveLength(1);
    expect(hits[0].severity).toBe('ERROR');
    expect(hits[0].file).toBeUndefined();
    expect(hits[0].locations).toEqual([
      { file: 'test/fixtures/guide/04-allow-db-access-hub.yaml', line: 2 },
      { file: 'test/fixtures/guide/05-allow-db-access-server.yaml', line: 2 },
    ]);
    const text = cli(['audit', fixture('guide')]);
    expect(text.stdout).toContain('test/fixtures/guide/04-allow-db-access-hub.yaml:2, test/fixtures/guide/05-allow-db-access-server.yaml:2: ERROR NP003 NetworkPolicy default/allow-db-access\n');
  });

  test('the namespace name N2 is invalid (NP011, upper case) on both objects that use it', () => {
    const hits = findings.filter((f) => f.code === 'NP011');
    expect(hits.map((f) => `${f.severity} ${f.file}:${f.line} ${f.object.namespace}/${f.object.name}`).sort()).toEqual([
      'ERROR test/fixtures/guide/07-allow-n1-a-to-n2-b.yaml:2 N2/allow-n1-a-to-n2-b',
      'ERROR test/fixtures/guide/08-allow-ingress-from-new.yaml:2 N2/allow-ingress-from-new',
    ]);
    expect(hits.every((f) => f.message.includes('"N2"'))).toBe(true);
  });

  test('the spoofable networking/namespace selector (NP010) is reported although the policy is rejected', () => {
    const hits = findings.filter((f) => f.code === 'NP010');
    expect(hits.map((f) => `${f.severity} ${f.file}:${f.line} ${f.object.namespace}/${f.object.name}`)).toEqual([
      'WARNING test/fixtures/guide/07-allow-n1-a-to-n2-b.yaml:2 N2/allow-n1-a-to-n2-b',
    ]);
    expect(hits[0].message).toContain('networking/namespace');
  });

  test('the correct samples (default-deny-all, internet-access, allow-same-namespace) get no finding', () => {
    for (const name of ['default-deny-all', 'internet-access', 'allow-same-namespace']) {
      expect(findings.filter((f) => f.object.name === name)).toEqual([]);
    }
  });

  test('every finding has a code, a message and a fix', () => {
    expect(findings.length).toBeGreaterThanOrEqual(16);
    for (const f of findings) {
      expect(f.code).toMatch(/^NP\d{3}$/);
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.fix.length).toBeGreaterThan(5);
    }
  });

  test('the text format shows file:line, severity, code, object, message and fix', () => {
    const r = cli(['audit', fixture('guide', '04-allow-db-access-hub.yaml')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('test/fixtures/guide/04-allow-db-access-hub.yaml:2: ERROR NP001 NetworkPolicy default/allow-db-access\n');
    // The wording is the lint's; the shape (message line, then a fix line) is the CLI's.
    expect(r.stdout).toMatch(/NetworkPolicy default\/allow-db-access\n  \S.*policyTypes.*\n  fix: \S.*\n/);
    expect(r.stdout).toMatch(/2 errors, 0 warnings, 0 info in 1 object \(failing: 2 at or above warning\)\n$/);
  });
});

describe('audit exit statuses and --fail-on', () => {
  test('a clean baseline exits 0', () => {
    const r = cli(['audit', fixture('shop')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('no findings in 12 objects\n');
  });

  test('warnings fail by default (--fail-on warning): no default-deny, unisolated pod, implicit policyTypes, spoofable label', () => {
    const { status, findings } = auditJson([fixture('legacy')]);
    expect(status).toBe(1);
    expect(findings.map((f) => `${f.severity} ${f.code} ${f.object.kind} ${f.object.namespace ?? ''}/${f.object.name}`).sort()).toEqual([
      'WARNING NP004 NetworkPolicy legacy/billing-from-ops',
      'WARNING NP005 Namespace /legacy',
      'WARNING NP006 Deployment legacy/reports',
      'WARNING NP010 NetworkPolicy legacy/billing-from-ops',
    ]);
  });

  test('--fail-on error lets warnings pass', () => {
    expect(cli(['audit', fixture('legacy'), '--fail-on', 'error']).status).toBe(0);
  });

  test('--fail-on error still fails on errors', () => {
    expect(cli(['audit', fixture('guide'), '--fail-on', 'error']).status).toBe(1);
  });

  test('informational findings never fail', () => {
    const { status, findings } = auditJson([fixture('info-only')]);
    expect(status).toBe(0);
    expect(findings.map((f) => `${f.severity} ${f.code}`)).toEqual(['INFO NP013']);
  });

  test('--ignore leaves codes out (and the exit status follows)', () => {
    const some = auditJson([fixture('legacy'), '--ignore', 'NP005,np006']);
    expect(some.findings.map((f) => f.code).sort()).toEqual(['NP004', 'NP010']);
    const all = auditJson([fixture('legacy'), '--ignore', 'NP004,NP005,NP006,NP010']);
    expect(all.findings).toEqual([]);
    expect(all.status).toBe(0);
  });

  test('--namespace keeps the findings about those namespaces', () => {
    const legacy = auditJson([fixture('legacy'), fixture('guide'), '--namespace', 'legacy']);
    expect(legacy.findings.length).toBe(4);
    expect(legacy.findings.every((f) => f.object.namespace === 'legacy' || (f.object.kind === 'Namespace' && f.object.name === 'legacy'))).toBe(true);
    const n2 = auditJson([fixture('legacy'), fixture('guide'), '-n', 'N2']);
    expect(n2.findings.map((f) => `${f.code} ${f.object.name}`).sort()).toEqual([
      'NP001 allow-ingress-from-new', 'NP001 allow-n1-a-to-n2-b', 'NP002 allow-ingress-from-new', 'NP002 allow-n1-a-to-n2-b',
      'NP010 allow-n1-a-to-n2-b', 'NP011 allow-ingress-from-new', 'NP011 allow-n1-a-to-n2-b',
    ]);
  });

  test('a misspelt --namespace exits 2 instead of passing silently', () => {
    const r = cli(['audit', fixture('legacy'), '--namespace', 'legcy']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--namespace "legcy" is not a namespace of the manifests\n  fix: did you mean legacy\?/);
  });

  test('--ignore with a bad code exits 2', () => {
    const r = cli(['audit', fixture('legacy'), '--ignore', 'NP5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/"NP5" is not a finding code/);
  });

  test('json output carries the summary', () => {
    const { summary } = auditJson([fixture('legacy')]);
    expect(summary).toEqual({ errors: 0, warnings: 4, infos: 0, objects: 5 });
  });
});
