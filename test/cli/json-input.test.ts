import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BIN, fixture, ROOT } from './run-cli';
import { scanJson } from '../../src/cli/json-list';
import { parseManifestText } from '../../src/cli/load-manifests';

/*
 * JSON (`kubectl get -o json`) is read with JSON.parse, entry by entry, and must give exactly what the
 * YAML reading gives (objects, lines, differences, notes, and the same refusals).
 */

/** Both readings of one text: the objects and notes, or the message each throws. */
function read(text: string, how: 'auto' | 'yaml'): unknown {
  const notes: string[] = [];
  try {
    return { objects: parseManifestText(text, 'm.json', notes, how), notes };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const fixtureText = (...parts: string[]) => fs.readFileSync(path.join(ROOT, fixture(...parts)), 'utf8');
const pod = (name: string, extra = '') => `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "${name}", "labels": {"app": "web"}}${extra}}`;
const list = (...items: string[]) => `{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n    ${items.join(',\n    ')}\n  ]\n}\n`;

const CASES: [string, string][] = [
  ['kubectl/shop-list.json', fixtureText('kubectl', 'shop-list.json')],
  ['api/pods.json', fixtureText('api', 'pods.json')],
  ['api/namespaces.json', fixtureText('api', 'namespaces.json')],
  ['api/networkpolicies.json', fixtureText('api', 'networkpolicies.json')],
  ['compact, on one line', JSON.stringify(JSON.parse(fixtureText('kubectl', 'shop-list.json')))],
  ['CRLF line ends', fixtureText('kubectl', 'shop-list.json').replace(/\n/g, '\r\n')],
  ['one object, not a List', `\n\n  ${pod('web')}\n`],
  ['items of no kind in a typed list', '{"kind": "PodList", "apiVersion": "v1", "items": [\n{"metadata": {"name": "a"}},\n  {"metadata": {"name": "b"}}]}'],
  ['entries that are not objects', list('1', 'null', '"x"', '[]', '{}', pod('web'))],
  ['an empty List', list()],
  ['items: null', '{"kind": "List", "apiVersion": "v1", "items": null}'],
  ['a List in a List', list(pod('a'), `{"kind": "List", "apiVersion": "v1", "items": [\n${pod('b')},\n${pod('c')}]}`)],
  ['a List of no kind', '{"items": [{"kind": "Pod"}]}'],
  ['not a List but with items', '{"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "a"}, "items": [1, 2]}'],
  ['a top-level array', `[${pod('a')}]`],
  ['status and managedFields dropped', list(pod('a', ', "status": {"phase": "Running"}').replace('"labels"', '"managedFields": [{"manager": "x"}], "labels"'))],
  ['escapes and unicode', list(pod('a', ', "spec": {"x": "a\\"b\\\\c\\/d\\u00e9\\ud83d\\ude00\\n", "y": "\u00e9\u4e2d"}'))],
  ['a key with escapes', `{"apiVersion": "v1", "kind": "List", "\\u0069tems": [${pod('a')}]}`],
  ['numbers', list(pod('a', ', "spec": {"n": [0, -1, 1.5, 1e3, 1E-3, 12345678901234567890, 1e308, -0.0, 0.0]}'))],
  ['an overflowing number (YAML keeps the string, with a difference)', list(pod('a'), pod('b', ', "spec": {"n": 1e400}'))],
  ['the integer -0', list(pod('a', ', "spec": {"n": -0}'))],
  ['a duplicate key in an entry', list(pod('a'), pod('b', ', "spec": {"x": 1, "x": 2}'))],
  ['a duplicate key by escapes', list(pod('a', ', "spec": {"x": 1, "\\u0078": 2}'))],
  ['a duplicate key in the envelope', '{"kind": "List", "kind": "List", "items": []}'],
  ['items twice', `{"kind": "List", "items": [${pod('a')}], "items": [${pod('b')}]}`],
  ['a duplicate key in one object', pod('a', ', "spec": {}, "spec": {}')],
  ['__proto__ as a key', list(pod('a', ', "spec": {"__proto__": {"x": 1}}'))],
  ['nesting deeper than the scan depth', list(pod('a', `, "spec": ${'['.repeat(150)}${']'.repeat(150)}`))],
  ['nesting deeper than the YAML limit', list(pod('a', `, "spec": ${'['.repeat(600)}${']'.repeat(600)}`))],
  ['a syntax error in an entry', list(pod('a'), pod('b').replace('"name": "b"', '"name" "b"'))],
  ['a syntax error in the envelope', '{"kind": "List" "items": []}'],
  ['not closed', list(pod('a')).slice(0, -3)],
  ['flow YAML, not JSON', '{kind: List, items: [{kind: Pod, metadata: {name: a, labels: {on: yes}}}]}'],
  ['a tab inside a string (YAML allows it, JSON does not)', list(pod('a\tb'))],
  ['a trailing comma', list(pod('a'), '')],
  ['two JSON values', `${pod('a')}\n${pod('b')}`],
  ['a lone carriage return', `{"kind": "List",\r"items": [\r${pod('a')}]}`],
];

describe('JSON read with JSON.parse gives what the YAML reading gives', () => {
  test.each(CASES)('%s', (_name, text) => {
    expect(read(text, 'auto')).toEqual(read(text, 'yaml'));
  });

  test('the cases cover what they claim', () => {
    const shop = read(fixtureText('kubectl', 'shop-list.json'), 'auto') as any;
    expect(shop.objects.length).toBeGreaterThan(5);
    expect(shop.objects[0].line).toBe(8);
    expect((read(list(pod('b', ', "spec": {"x": 1, "x": 2}')), 'auto') as any).error).toMatch(/^m\.json:5:\d+: invalid JSON: Map keys must be unique/);
    expect((read(list(pod('a'), pod('b', ', "spec": {"n": 1e400}')), 'auto') as any).objects[1].object.spec.n).toBe('1e400');
    const typed = read('{"kind": "PodList", "apiVersion": "v1", "items": [\n{"metadata": {"name": "a"}}]}', 'auto') as any;
    expect(typed.objects.map((o: any) => [o.line, o.object.kind])).toEqual([[2, 'Pod']]);
  });
});

describe('a large JSON dump', () => {
  test('is cut at the entries of the root items array', () => {
    const tricky = '{"x": "],[{\\""}'; // brackets, a comma and an escaped quote inside a string
    const text = list(pod('a'), tricky, '7');
    const scan = scanJson(text)!;
    expect(scan.items!.entries.map((e) => [e.line, e.column, text.slice(e.start, e.end).trim()])).toEqual([
      [5, 4, pod('a')], [6, 4, tricky], [7, 4, '7'],
    ]);
    expect(scan.envelopeKeys).toBe(3);
    expect(scan.items!.entries[0].keys).toBe(6);
  });

  test('too large for the YAML reading is read entry by entry, with a small heap', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-json-'));
    const file = path.join(dir, 'dump.json');
    const pods = Array.from({ length: 20000 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: `ns-${i % 10}`, labels: { app: `a${i % 7}` }, managedFields: [{ manager: 'kubelet', operation: 'Update' }] },
      status: { phase: 'Running', podIP: `10.0.${Math.floor(i / 256) % 256}.${i % 256}` },
    }));
    fs.writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pods }, null, 4));
    // 0.6 * 128 MB / 40 bytes a byte: the YAML reading takes at most about 2 MB of text at once
    expect(fs.statSync(file).size).toBeGreaterThan(4 * 2 ** 20);
    const r = spawnSync(process.execPath, ['--max-old-space-size=128', BIN, 'audit', file, '--format', 'json'], { encoding: 'utf8', maxBuffer: 2 ** 28 });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.stderr).not.toMatch(/too large/);
    expect([0, 1]).toContain(r.status);
    expect(JSON.parse(r.stdout).summary.objects).toBe(20000);
  });
});
