import * as fc from 'fast-check';
import { isScalar, parseDocument, Scalar } from 'yaml';
import { cli } from './run-cli';
import { Reachability } from '../../src/analysis/reachability';
import { UserError } from '../../src/cli/errors';
import { resolveYaml11, resolveYaml12 } from '../../src/cli/kubectl-yaml';
import { LoadedObject, parseManifestText } from '../../src/cli/load-manifests';
import { splitKubectlList } from '../../src/cli/split-list';

/*
 * kubectl reads manifests with sigs.k8s.io/yaml (go-yaml v2, YAML 1.1); the CLI must read them the same
 * way, because that is what the cluster gets, and report where YAML 1.2 tools read something else.
 */

const parse = (text: string): LoadedObject[] => parseManifestText(text, 'm.yaml', []);

describe('plain scalars resolve as go-yaml v2 resolves them', () => {
  test.each([
    ['yes', true], ['Yes', true], ['YES', true], ['y', true], ['Y', true], ['on', true], ['On', true], ['ON', true], ['true', true],
    ['no', false], ['n', false], ['N', false], ['off', false], ['OFF', false], ['False', false],
    ['', null], ['~', null], ['null', null], ['NULL', null],
    ['0777', 511], ['0o17', 15], ['0x1F', 31], ['+0x1F', 31], ['0b101', 5], ['-0b101', -5], ['1_000', 1000], ['08', 8], ['-12', -12],
    ['1.5', 1.5], ['.5', 0.5], ['1e3', 1000], ['.inf', Infinity], ['-.Inf', -Infinity],
    // strings in go-yaml v2: base 60 (never supported), timestamps (kept as strings in interface{}), mixed case words
    ['1:30', '1:30'], ['2001-12-14', '2001-12-14'], ['yEs', 'yEs'], ['1e400', '1e400'], ['0x', '0x'], ['web', 'web'],
  ])('%j is %j', (source, value) => {
    expect(resolveYaml11(source)).toEqual(value);
  });

  test('YAML 1.2 reads the 1.1 words and octals differently', () => {
    expect(resolveYaml12('yes')).toBe('yes');
    expect(resolveYaml12('0777')).toBe(777);
    expect(resolveYaml12('1_000')).toBe('1_000');
    expect(resolveYaml12('true')).toBe(true);
  });

  test('resolveYaml12 reads every plain scalar as the yaml package\'s core schema does (random scalars)', () => {
    // The alphabet is the characters the core schema's null, bool, int and float forms use, and a few others.
    const random = fc.stringMatching(/^[~nNuUlLtTrRfFaAsSeE0-9+\-._xXoObBiI:y]{0,7}$/);
    const form = fc.constantFrom('~', 'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
      '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '0o17', '0x1F', '1e3', '-12', '+.5', 'yes', 'web');
    const scalar = fc.oneof(random, form, fc.tuple(form, random).map(([a, b]) => a + b));
    let compared = 0;
    fc.assert(fc.property(scalar, (source) => {
      const node = parseDocument(source, { schema: 'core' }).contents;
      fc.pre(isScalar(node) && node.type === Scalar.PLAIN && node.source === source); // not "- a", "a: b", ...
      compared += 1;
      expect(resolveYaml12(source)).toEqual((node as Scalar).value);
    }), { numRuns: 3000 });
    expect(compared).toBeGreaterThan(2000);
  });
});

describe('manifests are read as kubectl reads them', () => {
  const pod = (labels: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: app\n  labels:\n${labels}`;

  test('an unquoted yes label value is the boolean true, with an NP017 difference at its line', () => {
    const [o] = parse(pod('    app: web\n    enabled: yes\n'));
    expect(o.object.metadata.labels).toEqual({ app: 'web', enabled: true });
    expect(o.differences).toEqual([expect.objectContaining({ line: 8, message: expect.stringMatching(/^metadata\.labels\.enabled: the unquoted yes is the boolean true to kubectl \(YAML 1\.1\) but the string "yes" to YAML 1\.2 tools/) })]);
  });

  test('quoted values and explicit !!str are strings, with no difference', () => {
    const [o] = parse(pod('    a: "yes"\n    b: \'on\'\n    c: !!str off\n    d: |\n      no\n'));
    expect(o.object.metadata.labels).toEqual({ a: 'yes', b: 'on', c: 'off', d: 'no\n' });
    expect(o.differences).toBeUndefined();
  });

  test('a boolean label value makes the engine leave the pod out, as the API server rejects it', () => {
    const objects = parse(pod('    app: web\n    public: on\n')).map((o) => o.object);
    const reach = Reachability.fromManifests(objects);
    expect(reach.problems.some((p) => p.code === 'NP011' && p.object.name === 'web')).toBe(true);
  });

  test('a key on: is the key "true"', () => {
    const [o] = parse(pod('    on: x\n'));
    expect(o.object.metadata.labels).toEqual({ true: 'x' });
    expect(o.differences?.[0].message).toMatch(/labels\.on \(the key\): the unquoted on is the boolean true/);
  });

  test('a difference names its field path through lists and maps', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: a\n  - name: b\n' +
      '    env:\n    - name: X\n      value: off\n    ports:\n    - containerPort: 0777\n';
    const [o] = parse(text);
    expect(o.differences?.map((d) => [d.line, d.message.split(':')[0]])).toEqual([
      [11, 'spec.containers[1].env[0].value'],
      [13, 'spec.containers[1].ports[0].containerPort'],
    ]);
  });

  test('<< merge keys are merged (go-yaml v2: a merge overrides the keys before it, later keys override it)', () => {
    const text = 'defaults: &d\n  app: base\n  tier: web\nother: &o\n  tier: other\n  zone: a\n' +
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: first\n    <<: [*d, *o]\n    zone: b\n';
    const [o] = parse(text);
    // *d comes first in the list, so its tier wins over *o's; app from *d overrides the app before the merge.
    expect(o.object.metadata.labels).toEqual({ app: 'base', tier: 'web', zone: 'b' });
    expect(o.differences).toEqual([expect.objectContaining({ line: 13, message: expect.stringMatching(/metadata\.labels: the merge key << is merged by kubectl/) })]);
  });

  test('two keys that kubectl reads as the same key are refused', () => {
    expect(() => parse(pod('    yes: a\n    true: b\n'))).toThrow(/m\.yaml:8: the key "true" appears twice in the map \(as yes and true/);
  });

  test('an alias without anchor is refused with its name', () => {
    expect(() => parse(pod('    app: *nothing\n'))).toThrow(/the alias \*nothing has no anchor/);
  });
});

describe('nesting too deep is reported as such', () => {
  test.each([
    ['flow YAML', '['.repeat(10000) + ']'.repeat(10000)],
    ['JSON', `{"kind": "Pod", "x": ${'['.repeat(10000)}${']'.repeat(10000)}}`],
    ['block YAML', Array.from({ length: 2000 }, (_, i) => `${'  '.repeat(i)}a:`).join('\n') + ' 1\n'],
    ['YAML just over the limit', `kind: Pod\nx: ${'['.repeat(501)}${']'.repeat(501)}\n`],
  ])('%s', (_name, text) => {
    let error: unknown;
    try {
      parse(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^m\.yaml:\d+(:\d+)?: nesting too deep: more than 500 levels of maps and lists$/);
  });

  test('500 levels are read', () => {
    expect(parse(`kind: Pod\nx: ${'['.repeat(499)}${']'.repeat(499)}\n`)).toHaveLength(1);
  });
});

describe('a kubectl List is read entry by entry, exactly as a whole', () => {
  const list = [
    'apiVersion: v1',
    'items:',
    '- apiVersion: v1',
    '  kind: Namespace',
    '  metadata:',
    '    name: app',
    '# a comment between entries',
    '- apiVersion: v1',
    '  kind: Pod',
    '  metadata:',
    '    name: web',
    '    namespace: app',
    '    labels: &l',
    '      app: web',
    '      enabled: yes',
    '  spec:',
    '    containers:',
    '    - name: web',
    '      args:',
    '      - |',
    '        multi',
    '        line',
    '-',
    '- kind: Pod',
    '  metadata: {name: api, namespace: app, labels: {app: api}}',
    'kind: List',
    'metadata:',
    '  resourceVersion: ""',
    '',
  ].join('\n');

  test('the cut keeps lines and columns; the envelope keeps items: empty', () => {
    const split = splitKubectlList(list)!;
    expect(split.entries.map((e) => e.line)).toEqual([3, 8, 23, 24]);
    expect(split.envelope).toBe('apiVersion: v1\nitems:\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  });

  test('entry by entry reads the same objects, lines and differences as the whole document', () => {
    const notes: string[] = [];
    const byEntry = parseManifestText(list, 'm.yaml', notes);
    // A leading "---" disables the cut (several documents are possible): the whole document is parsed.
    const whole = parseManifestText(`---\n${list}`, 'm.yaml', []).map((o) => ({
      ...o, line: o.line - 1, ...(o.differences ? { differences: o.differences.map((d) => ({ ...d, line: d.line - 1 })) } : {}),
    }));
    expect(splitKubectlList(`---\n${list}`)).toBeUndefined();
    expect(byEntry).toEqual(whole);
    expect(byEntry.map((o) => `${o.line}:${o.object.kind}/${o.object.metadata.name}`)).toEqual(['3:Namespace/app', '8:Pod/web', '24:Pod/api']);
    expect(byEntry[1].object.spec.containers[0].args).toEqual(['multi\nline\n']);
    expect(byEntry[1].differences?.[0].line).toBe(15);
    expect(notes).toEqual(['m.yaml:23: ignored a document that is not a Kubernetes object (it has no "kind")']);
  });

  test('a typed List read entry by entry gives its items their kind, as the whole document does', () => {
    const typed = 'apiVersion: v1\nitems:\n- metadata:\n    name: a\n- metadata:\n    name: b\nkind: PodList\n';
    const notes: string[] = [];
    const byEntry = parseManifestText(typed, 'm.yaml', notes);
    const whole = parseManifestText(`---\n${typed}`, 'm.yaml', []).map((o) => ({ ...o, line: o.line - 1 }));
    expect(splitKubectlList(typed)).toBeDefined();
    expect(byEntry).toEqual(whole);
    expect(byEntry.map((o) => `${o.line}:${o.object.kind}/${o.object.metadata.name}`)).toEqual(['3:Pod/a', '5:Pod/b']);
    expect(notes).toEqual([]);
  });

  test('an alias to an anchor of another entry falls back to the whole document', () => {
    const text = list.replace('metadata: {name: api, namespace: app, labels: {app: api}}', 'metadata: {name: api, namespace: app, labels: *l}');
    const api = parse(text).find((o) => o.object.metadata.name === 'api')!;
    expect(api.object.metadata.labels).toEqual({ app: 'web', enabled: true });
  });

  test('a syntax error in an entry names the line of the file', () => {
    expect(() => parse(list.replace('    name: web', '    name: [web'))).toThrow(/^m\.yaml:1[1-3]:\d+: invalid YAML: /);
  });

  test('other layouts are not cut', () => {
    expect(splitKubectlList('kind: List\nitems:\n  - kind: Pod\n')).toBeUndefined();
    expect(splitKubectlList('kind: List\nitems: []\n')).toBeUndefined();
    expect(splitKubectlList('kind: Pod\n---\nkind: List\nitems:\n- kind: Pod\n')).toBeUndefined();
  });
});

describe('through audit and explain', () => {
  const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app\n---\n' +
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: app\n  labels:\n    app: web\n    public: on\n';

  test('audit reports the boolean label as NP011 and the YAML 1.1/1.2 difference as NP017, at the value\'s line', () => {
    const r = cli(['audit', '-', '--format', 'json'], text);
    expect(r.status).toBe(1);
    const findings = JSON.parse(r.stdout).findings;
    expect(findings).toContainEqual(expect.objectContaining({ code: 'NP011', severity: 'ERROR', object: { kind: 'Pod', namespace: 'app', name: 'web' } }));
    expect(findings).toContainEqual(expect.objectContaining({
      code: 'NP017',
      severity: 'WARNING',
      object: { kind: 'Pod', namespace: 'app', name: 'web' },
      file: '<stdin>',
      line: 13,
      message: expect.stringMatching(/^metadata\.labels\.public: the unquoted on is the boolean true to kubectl/),
    }));
    const plain = cli(['audit', '-', '--ignore', 'NP017,NP005,NP006,NP011'], text);
    expect(plain.stdout).toMatch(/^no findings in 2 objects/m);
  });

  test('explain notes the difference', () => {
    const r = cli(['explain', '-', '--from', 'internet', '--to', 'app/web'], text);
    expect(r.stderr).toContain('note: <stdin>:13: metadata.labels.public: the unquoted on is the boolean true to kubectl (YAML 1.1)');
  });

  test('a deeply nested file exits 2 saying so, not with an indentation hint', () => {
    const r = cli(['audit', '-'], `kind: Pod\nx: ${'['.repeat(10000)}${']'.repeat(10000)}\n`);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cdk8s-netpol: error: <stdin>:2(:\d+)?: nesting too deep: more than 500 levels of maps and lists\n {2}fix: no Kubernetes object nests that deep/);
  });
});

describe('a "__proto__" key is a key, as JSON.parse and Go read it', () => {
  test('in a map, it stays an own field and gives the map no inherited labels', () => {
    const [o] = parse('apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    __proto__: {app: db}\n');
    const labels = o.object.metadata.labels;
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    expect(labels.app).toBeUndefined();
    expect(Object.keys(labels)).toEqual(['__proto__']);
  });

  test('through a << merge too', () => {
    const [o] = parse('apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    <<: {__proto__: {app: db}}\n    tier: a\n');
    const labels = o.object.metadata.labels;
    expect(labels.app).toBeUndefined();
    expect(Object.keys(labels).sort()).toEqual(['__proto__', 'tier']);
  });
});
