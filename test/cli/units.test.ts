import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { LineCounter, parseDocument } from 'yaml';
import { CONFIG_SCHEMA, parseConfig } from '../../src/cli/config';
import { PORT_SPEC, SchemaChecker } from '../../src/cli/config-schema';
import { didYouMean } from '../../src/cli/errors';
import { escapeHtml, scriptSafeJson } from '../../src/cli/html-report';
import { parseManifestText } from '../../src/cli/load-manifests';

// The CLI's tests run the built bin; these few check the pure helpers in-process, where a table is clearer.

describe('html escaping', () => {
  test('escapeHtml escapes every character that can open markup or close an attribute', () => {
    expect(escapeHtml('<a href="x" title=\'y\'>&</a>')).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  test('scriptSafeJson cannot close its <script> element and round-trips', () => {
    const value = { name: '</script><script>alert(1)</script>', other: '<!-- \u2028 \u2029 &' };
    const json = scriptSafeJson(value);
    expect(json).not.toMatch(/<|>|&|\u2028|\u2029/);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('did you mean', () => {
  test.each([
    ['hubLables', ['hubName', 'hubLabels', 'ports'], 'hubLabels'],
    ['internetAcess', ['internetAccess', 'internetEgress'], 'internetAccess'],
    ['shop/wbe', ['shop/web', 'shop/db'], 'shop/web'],
    ['UPD', ['TCP', 'UDP', 'SCTP'], 'UDP'],
    ['completely-different', ['hubName', 'ports'], undefined],
  ])('%s -> %s', (word, candidates, expected) => {
    expect(didYouMean(word, candidates)).toBe(expected);
  });
});

describe('config schema', () => {
  const problems = (text: string) => {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter });
    const checker = new SchemaChecker(lineCounter);
    checker.check(doc.contents as any, CONFIG_SCHEMA, '');
    return checker.problems.map((p) => `${p.line}: ${p.path}: ${p.message}`);
  };

  test('a valid config in every shape has no problem', () => {
    expect(problems('namespaces: [a, { namespace: b, hubs: [{ hubName: db, hubLabels: { app: db }, ports: [5432, { name: pg }] }] }]')).toEqual([]);
    expect(problems('denyEgress: true\nnamespaces:\n  a: {}\n  b:\n  c: { allowFrom: [{ fromNamespace: a }] }')).toEqual([]);
  });

  test('in the map form, the key is the namespace and repeating it is an error', () => {
    expect(problems('namespaces:\n  a: { namespace: a }')).toEqual(['2: namespaces.a.namespace: the key of the map already gives namespace; remove this field']);
    expect(problems('namespaces:\n  Bad_Name: {}')).toEqual([expect.stringMatching(/^2: namespaces.Bad_Name: invalid namespace name "Bad_Name"/)]);
  });

  test('normalizes the map form, bare names and bare port numbers', () => {
    const config = parseConfig('allowDns: false\nnamespaces:\n  a:\n  b: { hubs: [{ hubName: db, hubLabels: { app: db }, ports: [5432] }] }\n', 'c.yaml');
    expect(config.shared).toEqual({ allowDns: false });
    expect(config.namespaces.map((n) => n.namespace)).toEqual(['a', 'b']);
    expect(config.namespaces[1].hubs).toEqual([{ hubName: 'db', hubLabels: { app: 'db' }, ports: [{ port: 5432 }] }]);
  });
});

describe('manifest parsing', () => {
  test('objects get the line where they start, List items theirs', () => {
    const notes: string[] = [];
    const objects = parseManifestText([
      '# comment',
      'kind: Pod',
      'metadata: { name: a }',
      '---',
      'kind: List',
      'items:',
      '  - kind: Pod',
      '    metadata: { name: b }',
      '  - kind: Service',
      '    metadata: { name: c }',
    ].join('\n'), 'f.yaml', notes);
    expect(objects.map((o) => `${o.object.metadata.name}@${o.line}`)).toEqual(['a@2', 'b@7', 'c@9']);
    expect(notes).toEqual([]);
  });
});

describe('the config schema follows the construct props (a new prop must not be silently unusable)', () => {
  // Reads the props interfaces from the sources with the TypeScript compiler, following `extends`.
  const sources = ['src/baseline/options.ts', 'src/baseline/specs.ts', 'src/baseline/namespace-baseline.ts', 'src/model/ports.ts',
    'src/policies/hub-access.ts', 'src/policies/server-access.ts', 'src/policies/allow-connection.ts', 'src/policies/cross-namespace-allow.ts']
    .map((f) => ts.createSourceFile(f, fs.readFileSync(path.join(__dirname, '..', '..', f), 'utf8'), ts.ScriptTarget.ES2022, true));
  const propsOf = (name: string): string[] => {
    for (const source of sources) {
      for (const statement of source.statements) {
        if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) {
          const own = statement.members.filter(ts.isPropertySignature).map((m) => m.name.getText(source));
          const inherited = (statement.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText(source)));
          return [...own, ...inherited.flatMap(propsOf)].sort();
        }
      }
    }
    throw new Error(`interface ${name} not found`);
  };
  const fields = (schema: any) => Object.keys(schema.fields).sort();
  const namespaceSchema = (CONFIG_SCHEMA as any).fields.namespaces.items;
  const lists = ['hubs', 'servers', 'internetFacing', 'connections', 'allowFrom'];

  test('a namespace takes exactly the NamespaceBaselineProps', () => {
    expect(fields(namespaceSchema)).toEqual(propsOf('NamespaceBaselineProps'));
  });

  test('the top level takes the shared options (every prop but namespace and the lists) and namespaces', () => {
    const shared = propsOf('NamespaceBaselineProps').filter((p) => p !== 'namespace' && !lists.includes(p));
    expect(fields(CONFIG_SCHEMA)).toEqual([...shared, 'namespaces'].sort());
  });

  test.each([
    ['hubs', 'BaselineHubSpec'],
    ['servers', 'ServerSpec'],
    ['internetFacing', 'InternetFacingSpec'],
    ['connections', 'BaselineConnectionSpec'],
    ['allowFrom', 'NamespaceIngressSpec'],
  ])('%s takes exactly the %s props', (list, spec) => {
    expect(fields(namespaceSchema.fields[list].items)).toEqual(propsOf(spec));
  });

  test('ports take exactly the PortSpec props', () => {
    expect(fields(PORT_SPEC)).toEqual(propsOf('PortSpec'));
  });
});
