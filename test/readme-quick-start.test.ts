/**
 * The README's "Use it in your cdk8s app" (issue #12): its main.ts, run as `cdk8s synth` runs an app
 * (CDK8S_OUTDIR set to the output folder), writes exactly the file and objects the README lists, and
 * they allow what its comments say. test/readme-blocks.test.ts runs (and type-checks) it like every block.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import * as lib from '../src';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

/** The fenced block of `language` right after `<!-- marker -->`. */
function blockAfter(marker: string, language: string): string {
  const match = new RegExp(`<!-- ${marker} -->\\s*\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(README);
  if (!match) throw new Error(`README.md has no \`\`\`${language} block after <!-- ${marker} -->`);
  return match[1];
}

/** Runs main.ts as `npx ts-node main.ts` would under `cdk8s synth`, writing into `outdir`; returns its names. */
function runMain(outdir: string): Record<string, any> {
  const code = `${blockAfter('example: quick-start', 'ts')}\nexports.names = { app, web, api };`;
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const requireFor = (id: string) => (id === 'cdk8s-netpol-baseline' ? lib : require(id));
  const exported: Record<string, any> = {};
  const before = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('require', 'exports', js)(requireFor, exported);
  } finally {
    if (before === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = before;
  }
  return exported.names;
}

describe('Use it in your cdk8s app', () => {
  let outdir: string;
  let names: Record<string, any>;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'netpol-quick-start-'));
    names = runMain(outdir);
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('dist/ gets shop.k8s.yaml holding exactly the objects the README lists, in its order', () => {
    expect(README).toContain('`npx cdk8s synth` (or `cdk8s synth`) writes `dist/shop.k8s.yaml`:');
    expect(readdirSync(outdir)).toEqual(['shop.k8s.yaml']);
    const objects = parseAllDocuments(readFileSync(join(outdir, 'shop.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    const listed = blockAfter('dist: quick-start', 'text').trim().split('\n').map((line) => line.split(/\s+/).slice(0, 2).join(' '));
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(listed);
  });

  test('the workloads get generated names, as the README shows them', () => {
    expect(README).toContain(`(${names.api.name})`);
    expect(names.web.name).toMatch(/^shop-web-/);
  });

  test('what the comments say is what the engine finds', () => {
    const reach = lib.Reachability.fromApp(names.app);
    const web = { namespace: 'shop', pod: names.web.name };
    const api = { namespace: 'shop', pod: names.api.name };
    const internet = { ip: '203.0.113.10' };
    expect(reach.canConnect(internet, web, { port: 8080 })).toBe(true);
    expect(reach.canConnect(internet, web, { port: 9000 })).toBe(false);
    expect(reach.canConnect(web, api, { port: 9000 })).toBe(true);
    expect(reach.canConnect(internet, api, { port: 9000 })).toBe(false);
    expect(reach.canConnect({ namespace: 'shop', labels: { app: 'other' } }, api, { port: 9000 })).toBe(false);
    // internet-facing means everyone: the internet and every pod
    expect(reach.canConnect(api, web, { port: 8080 })).toBe(true);
  });
});
