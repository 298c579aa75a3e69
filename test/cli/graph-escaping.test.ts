import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from './run-cli';
import { dotText, mermaidText, ReachabilityGraph, renderDot, renderMermaid } from '../../src/cli/graph';
import { renderHtmlReport } from '../../src/cli/html-report';
import { visible } from '../../src/cli/printable';
import { Protocol } from '../../src/model/protocol';

/**
 * Names come from untrusted manifests (an invalid name is read with an NP011 finding), so each one
 * below tries to break out of its place in one format or another.
 */
const HOSTILE = [
  'web\nlinkStyle default stroke-width:0px',
  '"]; evil',
  'x"] --> n0\n  click n0 "javascript:alert(1)"',
  '</script><script>alert(1)</script>',
  '<!--',
  'a\u2028b\u2029c',
  '%%{init: {"theme": "dark"}}%%',
  'back\\',
  'esc\u001b[31mred\u0007',
  'bidi\u202egnp.exe',
  '#quot;',
  'café ☕ 𝒳',
];

const graph: ReachabilityGraph = {
  port: 80,
  protocol: Protocol.TCP,
  nodes: [...HOSTILE.map((name, i) => ({ id: `${i % 2 ? HOSTILE[i - 1] : 'shop'}/${name}`, namespace: i % 2 ? HOSTILE[i - 1] : 'shop' })),
    { id: 'internet' }],
  edges: HOSTILE.map((_, i) => [i, (i + 1) % (HOSTILE.length + 1)] as [number, number]),
};

/** What a label may hold as it is written. */
const LABEL = '[A-Za-z0-9 ./_:()#;-]*';

describe('names are escaped in every graph format', () => {
  test('mermaid: every line is one of the renderer\'s own statements; labels decode to the names', () => {
    const out = renderMermaid(graph);
    const statement = new RegExp('^(flowchart LR|  %% who can reach whom on TCP/80 \\(cdk8s-netpol graph\\)|' +
      `  subgraph ns_\\d+\\["namespace ${LABEL}"\\]|    n\\d+\\["${LABEL}"\\]|  n\\d+\\(\\("${LABEL}"\\)\\)|  end|  n\\d+ --> n\\d+)$`);
    const lines = out.trimEnd().split('\n');
    expect(lines.filter((l) => !statement.test(l))).toEqual([]);
    expect(lines.filter((l) => / --> /.test(l))).toHaveLength(HOSTILE.length);
    expect(out).not.toMatch(/%%\{|\u2028|\u001b/);
    const decode = (s: string) => s.replace(/#(\d+);/g, (_, c) => String.fromCodePoint(Number(c)));
    const labels = [...out.matchAll(/^ {4}n\d+\["([^"]*)"\]$/gm)].map((m) => decode(m[1]));
    expect(labels.sort()).toEqual(graph.nodes.slice(0, -1).map((n) => visible(n.id)).sort());
  });

  test('dot: every line is one of the renderer\'s own statements; ids are generated, names are HTML-like labels', () => {
    const out = renderDot(graph);
    const statement = new RegExp('^(digraph reachability \\{|  rankdir=LR;|  label="who can reach whom on TCP/80";|  node \\[shape=box\\];|' +
      `  subgraph cluster_\\d+ \\{|    label=<namespace ${LABEL.replace('#', '#&')}>;|    n\\d+ \\[label=<${LABEL.replace('#', '#&')}>\\];|` +
      `  n\\d+ \\[label=<${LABEL.replace('#', '#&')}>, shape=ellipse, style=dashed\\];|  \\}|  n\\d+ -> n\\d+;|\\})$`);
    const lines = out.trimEnd().split('\n');
    expect(lines.filter((l) => !statement.test(l))).toEqual([]);
    expect(out).not.toMatch(/\\|"\]|\u2028|\u001b/);
    const decode = (s: string) => s.replace(/&#(\d+);/g, (_, c) => String.fromCodePoint(Number(c)));
    const labels = [...out.matchAll(/^ {4}n\d+ \[label=<([^>]*)>\];$/gm)].map((m) => decode(m[1]));
    expect(labels.sort()).toEqual(graph.nodes.slice(0, -1).map((n) => visible(n.id)).sort());
  });

  test('html: the embedded data cannot close its script element and reads back as the names', () => {
    const cells = graph.nodes.map(() => graph.nodes.map(() => ({ verdict: 'denied' as const, explanation: 'a\n</script><script>alert(2)</script>\u2028' })));
    const page = renderHtmlReport({ port: 80, protocol: Protocol.TCP, nodes: graph.nodes, cells, notes: ['note </script><b>\u001b'] });
    expect(page.match(/<\/script/gi)).toHaveLength(2); // the data's and the code's own closing tags
    expect(page).not.toMatch(/<!--|\u2028|\u2029|\u001b|<b>alert|<script>alert/);
    const json = /<script type="application\/json" id="matrix-data">(.*)<\/script>/.exec(page)![1];
    const data = JSON.parse(json);
    expect(data.nodes.map((n: { id: string }) => n.id)).toEqual(graph.nodes.map((n) => visible(n.id)));
    expect(data.cells[0][0].explanation).toBe('a\n</script><script>alert(2)</script>\\u2028');
    expect(page).toContain('<p class="note">note &lt;/script&gt;&lt;b&gt;\\u001b</p>');
  });

  test('invisible characters are shown as escapes; the label escapers keep plain names as they are', () => {
    expect(visible('a\nb\tc\u001b\u2028\u202e')).toBe('a\\nb\\tc\\u001b\\u2028\\u202e');
    expect(visible('line 1\nline 2\u0007', '\n')).toBe('line 1\nline 2\\u0007');
    expect(mermaidText('shop/web-1.v2 (Deployment)')).toBe('shop/web-1.v2 (Deployment)');
    expect(mermaidText('a"b\n%;')).toBe('a#34;b#92;n#37;#59;');
    expect(dotText('a<b>&"\\')).toBe('a&#60;b&#62;&#38;&#34;&#92;');
  });
});

describe('hostile names read from manifests', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-hostile-'));
  const file = path.join(dir, 'hostile.yaml');
  fs.writeFileSync(file, [
    'apiVersion: v1', 'kind: Pod', 'metadata:',
    '  name: "web\\nlinkStyle default stroke-width:0px"',
    '  namespace: shop',
    '  labels: { app: web }',
    'spec: { containers: [{ name: c, image: x }] }',
    '---',
    'apiVersion: v1', 'kind: Pod', 'metadata: { name: db, namespace: shop, labels: { app: db } }',
    'spec: { containers: [{ name: c, image: x }] }',
    '---',
    'apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:',
    '  name: "deny\\e]0;owned\\a"',
    '  namespace: shop',
    'spec: { podSelector: { matchLabels: { app: db } }, policyTypes: [Ingress] }',
    '',
  ].join('\n'));

  // Such names are invalid, so the analysis leaves the Pod and the policy out (they cannot exist in a
  // cluster); they still reach the output in the note that names what was left out, escaped.
  const leftOutNote = 'leaves them out: Pod shop/web\\nlinkStyle default stroke-width:0px, NetworkPolicy shop/deny\\u001b]0;owned\\u0007;';

  test('graph --format mermaid: the newline cannot add a statement', () => {
    const r = cli(['graph', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/^\s*linkStyle/m);
    expect(r.stdout).not.toContain('linkStyle');
    expect(r.stderr).toContain(leftOutNote);
  });

  test('graph --format dot: the name is one label', () => {
    const r = cli(['graph', file, '--format', 'dot']);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/^\s*linkStyle/m);
    expect(r.stderr).toContain(leftOutNote);
  });

  test('explain, text: a terminal escape in a policy name is printed as an escape', () => {
    const r = cli(['explain', file, '--from', 'internet', '--to', 'shop/db']);
    expect(r.status).toBe(0); // the policy is left out: nothing isolates shop/db
    expect(r.stderr).toContain(leftOutNote);
    expect(r.stdout + r.stderr).not.toMatch(/[\u0007\u001b]/);
  });
});
