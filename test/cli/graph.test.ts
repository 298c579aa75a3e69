import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, expectNoStack, fixture } from './run-cli';
import { generateCluster } from '../../bench/analysis/generate-cluster';
import { Reachability } from '../../src/analysis/reachability';

/**
 * What the shop fixture allows on TCP/80 (rows: sources). web carries the internet-access label, so
 * everyone reaches it; only web carries the api access label; db and prometheus admit nothing on 80;
 * nothing isolates egress, so every workload reaches the internet.
 */
const SHOP_ALLOWED_80 = [
  'internet -> shop/web',
  'monitoring/prometheus -> internet',
  'monitoring/prometheus -> shop/web',
  'shop/api -> internet',
  'shop/api -> shop/web',
  'shop/db -> internet',
  'shop/db -> shop/web',
  'shop/web -> internet',
  'shop/web -> shop/api',
  'shop/web -> shop/web',
].sort();

const NODES = ['monitoring/prometheus', 'shop/api', 'shop/db', 'shop/web', 'internet'];

describe('graph --format mermaid|dot', () => {
  test('mermaid: one node per workload and internet, one arrow per allowed connection', () => {
    const r = cli(['graph', fixture('shop'), '--port', '80']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^flowchart LR\n/);
    const ids = new Map<string, string>();
    for (const m of r.stdout.matchAll(/^\s+(n\d+)(?:\["|\(\(")([^"]+)/gm)) ids.set(m[1], m[2]);
    expect([...ids.values()].sort()).toEqual([...NODES].sort());
    const arrows = [...r.stdout.matchAll(/^\s+(n\d+) --> (n\d+)$/gm)].map((m) => `${ids.get(m[1])} -> ${ids.get(m[2])}`);
    expect(arrows.sort()).toEqual(SHOP_ALLOWED_80);
    expect(r.stdout).toMatch(/subgraph ns_\d+\["namespace shop"\]/);
  });

  test('dot: the same edges, clusters per namespace', () => {
    const r = cli(['graph', fixture('shop'), '--format', 'dot', '--port', '80']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^digraph reachability \{/);
    expect(r.stdout).toMatch(/subgraph cluster_\d+ \{\n    label=<namespace shop>;/);
    const edges = dotEdges(r.stdout);
    expect(edges.sort()).toEqual(SHOP_ALLOWED_80);
  });

  test('--port changes the question: on 5432 only api reaches db among the workloads', () => {
    const r = cli(['graph', fixture('shop'), '--format', 'dot', '--port', '5432']);
    const edges = dotEdges(r.stdout);
    expect(edges.filter((e) => e.endsWith('shop/db'))).toEqual(['shop/api -> shop/db']);
    expect(r.stdout).toContain('label="who can reach whom on TCP/5432"');
  });

  test('--namespace shows only the workloads of those namespaces (verdicts unchanged)', () => {
    const r = cli(['graph', fixture('shop'), '--format', 'dot', '--namespace', 'shop', '--port', '80']);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('monitoring/prometheus');
    const edges = dotEdges(r.stdout);
    expect(edges.sort()).toEqual(SHOP_ALLOWED_80.filter((e) => !e.includes('monitoring/')));
    const bad = cli(['graph', fixture('shop'), '--namespace', 'shpo']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--namespace "shpo" is not a namespace of the manifests\n  fix: did you mean shop\? the namespaces are: monitoring, shop/);
  });

  test('a Pod and a Deployment with one name stay two nodes, each with its own verdicts', () => {
    const r = cli(['graph', fixture('same-name'), '--format', 'dot', '--port', '80']);
    expect(r.status).toBe(0);
    const edges = dotEdges(r.stdout);
    // Only pods labelled app=pod (the Pod) may reach the Deployment; the Pod is not isolated.
    expect(edges.sort()).toEqual([
      'a/Deployment/web -> a/Pod/web',
      'a/Deployment/web -> internet',
      'a/Pod/web -> a/Deployment/web',
      'a/Pod/web -> a/Pod/web',
      'a/Pod/web -> internet',
      'internet -> a/Pod/web',
    ]);
  });

  test('warns on stderr (and in the html page) when objects the API server would reject are left out', () => {
    const args = ['graph', fixture('guide'), fixture('shop', 'workloads.yaml')];
    const r = cli(args);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/note: 5 objects have errors the API server would reject, and the analysis leaves them out: NetworkPolicy default\/allow-db-access, /);
    const html = cli([...args, '--format', 'html']);
    expect(html.stdout).toMatch(/<p class="note">5 objects have errors the API server would reject/);
  });

  test('says so when the manifests hold no workloads', () => {
    const r = cli(['graph', fixture('guide', '01-default-deny-all.yaml')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/note: the manifests hold no Pods or workloads/);
    expect(r.stdout).toMatch(/n0\(\("internet"\)\)/);
  });

  test.each([
    [['--port', '0'], /--port "0" is not a port number/],
    [['--port', 'http'], /--port "http" is not a port number/],
    [['--protocol', 'ICMP'], /--protocol "ICMP" is not a protocol\n  fix: use TCP, UDP or SCTP/],
    [['--max-endpoints', '0'], /--max-endpoints "0" is not a positive whole number/],
    [['--max-edges', 'many'], /--max-edges "many" is not a positive whole number/],
    [['--format', 'html', '--max-endpoints', '501'], /--max-endpoints 501 is more than an html page can hold \(500 rows: 250000 cells/],
    [['--internet-ip', 'example.com'], /--internet-ip "example.com" is not an IP address/],
  ])('bad option %j exits 2', (args, message) => {
    const r = cli(['graph', fixture('shop'), ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expectNoStack(r);
  });
});

test('--protocol takes any case: udp and Udp are UDP', () => {
  for (const protocol of ['udp', 'Udp']) {
    const r = cli(['graph', fixture('shop'), '--format', 'dot', '--port', '80', '--protocol', protocol]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('label="who can reach whom on UDP/80"');
  }
});

/** A generated cluster (bench/analysis) written to a temporary file. */
function clusterFile(endpoints: number, seed: number): { file: string; manifests: any[] } {
  const manifests = generateCluster(endpoints, seed).manifests;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-graph-')), `cluster-${endpoints}.json`);
  fs.writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }));
  return { file, manifests };
}

/** The arrows of a dot graph, `from -> to`, by the nodes' labels. */
function dotEdges(dot: string): string[] {
  const names = new Map<string, string>();
  for (const m of dot.matchAll(/^\s+(n\d+) \[label=<([^>]*)>/gm)) names.set(m[1], m[2].replace(/&#(\d+);/g, (_, c) => String.fromCodePoint(Number(c))));
  return [...dot.matchAll(/^\s+(n\d+) -> (n\d+);$/gm)].map((m) => `${names.get(m[1])} -> ${names.get(m[2])}`);
}

/** What the engine's whole matrix allows among some namespaces, in the CLI's words (the oracle). */
function engineEdges(manifests: any[], namespaces?: string[], port = 80): string[] {
  const m = Reachability.fromManifests(manifests).matrix({ ports: [port] });
  const shown = (id: string) => id === 'internet' || !namespaces || namespaces.includes(id.split('/')[0]);
  return m.allowedPairs(port).filter((p) => shown(p.from) && shown(p.to)).map((p) => `${p.from} -> ${p.to}`);
}

describe('graph size limits', () => {
  // Past every format's limit (dot: 2,000 endpoints); the old graph built 6 million cell objects for it.
  const large = clusterFile(2500, 11);

  test('a cluster too large to draw is refused with exit 2 and a way out, before the matrix is built', () => {
    for (const format of ['mermaid', 'dot', 'html']) {
      const r = cli(['graph', large.file, '--format', format]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`error: the graph would have 2501 endpoints \\(workloads and internet\\), more than --format ${format} draws \\(\\d+\\)`));
      expect(r.stderr).toMatch(/fix: show fewer with --namespace NS,\.\.\. \(the largest: ns-\d\d \(\d+\)/);
      expect(r.stderr).toMatch(/or raise the limit with --max-endpoints 2501 \(memory grows with its square: about 6 MB\)/);
      expect(r.stdout).toBe('');
      expectNoStack(r);
    }
  });

  test('--namespace narrows a large cluster to what fits, with the verdicts of the whole', () => {
    const namespaces = ['ns-04', 'ns-31'];
    const refused = cli(['graph', large.file, '--format', 'dot', '--namespace', namespaces.join(','), '--max-edges', '100', '--port', '80']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/error: the graph would have \d+ arrows, more than --format dot draws \(100\)\n  fix: show fewer with --namespace NS,\.\.\., or raise the limit with --max-edges \d+\n/);
    const r = cli(['graph', large.file, '--format', 'dot', '--namespace', namespaces.join(','), '--port', '80']);
    expect(r.status).toBe(0);
    const edges = dotEdges(r.stdout);
    expect(edges.length).toBeGreaterThan(1000);
    expect(edges.sort()).toEqual(engineEdges(large.manifests, namespaces).sort());
  });

  test('mermaid draws at most 500 arrows (Mermaid\'s own default), unless --max-edges says more', () => {
    const medium = clusterFile(120, 5);
    const r = cli(['graph', medium.file, '--port', '80']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/error: the graph would have \d+ arrows, more than --format mermaid draws \(500; Mermaid refuses more by default\)/);
    expect(r.stderr).toMatch(/fix: show fewer with --namespace NS,\.\.\., use --format dot \(up to 20000 arrows\), or raise the limit with --max-edges \d+/);
    const raised = cli(['graph', medium.file, '--max-edges', '100000', '--port', '80']);
    expect(raised.status).toBe(0);
    const ids = new Map<string, string>();
    for (const m of raised.stdout.matchAll(/^\s+(n\d+)(?:\["|\(\(")([^"]+)/gm)) ids.set(m[1], m[2].replace(/#(\d+);/g, (_, c) => String.fromCodePoint(Number(c))));
    const arrows = [...raised.stdout.matchAll(/^\s+(n\d+) --> (n\d+)$/gm)].map((m) => `${ids.get(m[1])} -> ${ids.get(m[2])}`);
    expect(arrows.sort()).toEqual(engineEdges(medium.manifests).sort());
    const dot = cli(['graph', medium.file, '--format', 'dot', '--port', '443']);
    expect(dot.status).toBe(0);
    expect(dotEdges(dot.stdout).sort()).toEqual(engineEdges(medium.manifests, undefined, 443).sort());
  });
});

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => fs.existsSync(p));

/** Renders a page in headless Chromium and returns the DOM after its scripts ran. */
function dumpDom(url: string): string {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-chromium-'));
  const r = spawnSync(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`,
    '--dump-dom', url], { encoding: 'utf8', timeout: 90_000 });
  fs.rmSync(profile, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`chromium failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** The cells of the dumped matrix: `from -> to` → verdict. */
function cellsOf(dom: string): Map<string, string> {
  const attr = (tag: string, name: string) => {
    const m = new RegExp(`${name}="([^"]*)"`).exec(tag);
    return m ? m[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : undefined;
  };
  const cells = new Map<string, string>();
  for (const m of dom.matchAll(/<td\b[^>]*>/g)) {
    cells.set(`${attr(m[0], 'data-from')} -> ${attr(m[0], 'data-to')}`, attr(m[0], 'data-verdict')!);
  }
  return cells;
}

describe('graph --format html', () => {
  const html = cli(['graph', fixture('shop'), '--format', 'html', '--port', '80']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-html-'));
  const page = path.join(dir, 'report.html');
  fs.writeFileSync(page, html.stdout);

  test('is one self-contained page: inline CSS and JS, no network address', () => {
    expect(html.status).toBe(0);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(html.stdout).not.toMatch(/<script[^>]+src=|<link\b|@import|url\(/i);
    expect(html.stdout).not.toMatch(/https?:\/\//);
    expect(html.stdout).toContain("default-src 'none'");
  });

  const browserTest = CHROMIUM ? test : test.skip;
  if (!CHROMIUM) {
    // eslint-disable-next-line no-console
    console.warn('SKIPPED: the html report tests need headless Chromium (apt-get install chromium); none found in /usr/bin');
  }

  browserTest('rendered in headless Chromium, the matrix shows the right allowed and denied cells', () => {
    const dom = dumpDom(`file://${page}`);
    expect(dom).toContain('data-ready="true"');
    const cells = cellsOf(dom);
    expect(cells.size).toBe(NODES.length * NODES.length);
    for (const from of NODES) {
      for (const to of NODES) {
        const expected = from === 'internet' && to === 'internet' ? 'n/a'
          : SHOP_ALLOWED_80.includes(`${from} -> ${to}`) ? 'allowed' : 'denied';
        expect(`${from} -> ${to}: ${cells.get(`${from} -> ${to}`)}`).toBe(`${from} -> ${to}: ${expected}`);
      }
    }
    expect(dom).toMatch(/<span id="counts">10 allowed, 14 denied connections between 5 endpoints\.<\/span>/);
    // Hover: every cell carries the engine's explanation as its title.
    expect(dom).toMatch(/<td[^>]*data-from="internet" data-to="shop\/api" data-verdict="denied" title="203\.0\.113\.10 -&gt; shop\/api on TCP\/80: DENIED/);
  }, 120_000);

  browserTest('clicking a cell (or linking to it) shows its explanation', () => {
    // Row 3 is shop/web, column 1 is shop/api (rows and columns sorted by namespace and name).
    const dom = dumpDom(`file://${page}#cell-3-1`);
    expect(dom).toMatch(/<td[^>]*id="cell-3-1"[^>]*class="allowed selected"|<td[^>]*class="allowed selected"[^>]*data-from="shop\/web" data-to="shop\/api"/);
    expect(dom).toMatch(/<pre id="explanation-text">shop\/web -&gt; shop\/api on TCP\/80: ALLOWED\n[^<]*ingress of shop\/api: allowed: [^<]*shop\/allow-api-access/);
  }, 120_000);

  browserTest('names from the manifests cannot inject markup or script', () => {
    const evilDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-evil-'));
    const manifest = path.join(evilDir, 'evil.yaml');
    fs.writeFileSync(manifest, [
      'apiVersion: v1', 'kind: Pod', 'metadata:',
      '  name: "x\\"><img src=x onerror=document.title=1>"',
      '  namespace: "</script><b id=injected>ns</b>"',
      'spec: { containers: [{ name: c, image: x }] }', '---',
      'apiVersion: v1', 'kind: Pod', 'metadata:',
      '  name: "</script><script>document.body.setAttribute(\'data-owned\', 1)</script>\\u2028<!--"',
      '  namespace: shop',
      'spec: { containers: [{ name: c, image: x }] }', '',
    ].join('\n'));
    const r = cli(['graph', manifest, '--format', 'html']);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('</script><b');
    const evilPage = path.join(evilDir, 'evil.html');
    fs.writeFileSync(evilPage, r.stdout);
    const dom = dumpDom(`file://${evilPage}`);
    expect(dom).toContain('data-ready="true"');
    expect(dom).not.toMatch(/<img\b/);
    expect(dom).not.toMatch(/<b id="injected"/);
    expect(dom).not.toMatch(/<body[^>]*data-owned/);
    // Such names are invalid, so the analysis leaves both Pods out; the note naming them shows them as text.
    expect(dom).toContain('Pod shop/&lt;/script&gt;&lt;script&gt;document.body.setAttribute(');
    expect(dom).toContain('Pod &lt;/script&gt;&lt;b id=injected&gt;ns&lt;/b&gt;/x"&gt;&lt;img src=x onerror=document.title=1&gt;');
  }, 120_000);
});

describe('graph without --port: every port', () => {
  /** The labelled arrows of a dot graph, `from -> to : label`. */
  function labelledEdges(dot: string): string[] {
    const text = (t: string) => t.replace(/&#(\d+);/g, (_, c) => String.fromCodePoint(Number(c)));
    const names = new Map<string, string>();
    for (const m of dot.matchAll(/^\s+(n\d+) \[label=<([^>]*)>/gm)) names.set(m[1], text(m[2]));
    return [...dot.matchAll(/^\s+(n\d+) -> (n\d+) \[label=<([^>]*)>\];$/gm)].map((m) => `${names.get(m[1])} -> ${names.get(m[2])} : ${text(m[3])}`);
  }

  test('dot: one arrow per pair with connections, labelled with them; the same pairs as list', () => {
    const r = cli(['graph', fixture('shop'), '--format', 'dot']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('label="who can reach whom on every port"');
    const edges = labelledEdges(r.stdout);
    expect(edges).toContain('shop/api -> shop/db : TCP 5432');
    expect(edges).toContain('monitoring/prometheus -> shop/db : TCP 9090');
    const list = cli(['list', fixture('shop')]).stdout.trim().split('\n').map((l) => l.replace(' => ', ' -> '));
    expect(edges.sort()).toEqual(list.sort());
  });

  test('mermaid: labelled arrows; --protocol keeps one protocol', () => {
    const r = cli(['graph', fixture('shop')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\s+n\d+ -->\|"TCP 5432"\| n\d+$/m);
    const udp = labelledEdges(cli(['graph', fixture('shop'), '-f', 'dot', '--protocol', 'udp']).stdout);
    expect(udp.every((e) => e.endsWith(': UDP 1-65535'))).toBe(true);
    expect(udp.some((e) => e.includes('-> shop/db'))).toBe(false);
    expect(udp.length).toBeGreaterThan(3);
  });

  test('html: each cell carries its connection set and ranges; the page has a port/protocol filter', () => {
    const r = cli(['graph', fixture('shop'), '--format', 'html']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('<title>Who can reach whom on every port</title>');
    expect(r.stdout).toContain('id="port-filter"');
    const json = /<script type="application\/json" id="matrix-data">(.*?)<\/script>/s.exec(r.stdout)![1];
    const data = JSON.parse(json);
    const node = (id: string) => data.nodes.findIndex((n: any) => n.id === id);
    const at = (from: string, to: string) => data.cells[node(from)][node(to)];
    expect(at('shop/api', 'shop/db')).toMatchObject({ verdict: 'allowed', connections: 'TCP 5432', ranges: [['TCP', 5432, 5432]] });
    expect(at('shop/web', 'shop/db')).toMatchObject({ verdict: 'denied', connections: 'No Connections', ranges: [] });
    expect(at('shop/api', 'shop/db').explanation).toMatch(/^shop\/api -> shop\/db: TCP 5432\n.*\ningress of shop\/db: isolated by .*rule 0 of shop\/allow-db-access/s);
  });
});
