/**
 * Every ```ts block of the README runs as written, like the Python, Java and Go ones in test-bindings/:
 * after an `app` and a `chart` the snippets continue from, or the setup named by a hidden
 * `<!-- setup: NAME -->` comment on the line before the block. `cdk8s-netpol-baseline` is this source tree.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import * as ts from 'typescript';
import * as lib from '../src';

interface Block { readonly line: number; readonly setup: string; readonly code: string }

function readmeBlocks(language: string): Block[] {
  const lines = readFileSync(join(__dirname, '..', 'README.md'), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```' + language) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]);
    const setup = /^<!--\s*setup:\s*([\w-]+)\s*-->$/.exec(lines[start - 1]?.trim() ?? '');
    blocks.push({ line: start + 1, setup: setup?.[1] ?? 'chart', code: body.join('\n') });
  }
  return blocks;
}

type Names = { app: App; chart: Chart; [name: string]: unknown };

/** The same setups as test-bindings/python/readme_setups.py. */
const SETUPS: Record<string, () => Names> = {
  'chart': () => {
    const app = new App();
    return { app, chart: new Chart(app, 'readme') };
  },
  'shop-pods': () => {
    const names = SETUPS.chart();
    new lib.NamespaceBaseline(names.chart, 'shop', {
      namespace: 'shop', hubs: [{ hubName: 'db', hubLabels: { app: 'db' }, ports: [lib.Ports.tcp(5432)] }],
    });
    const pods = { web: { 'app': 'web', 'networking/allow-internet-access': 'true' }, api: { 'app': 'api', 'networking/allow-db-access': 'true' }, db: { app: 'db' } };
    for (const [name, labels] of Object.entries(pods)) {
      new ApiObject(names.chart, `pod-${name}`, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', labels } });
    }
    return { ...names, objects: names.chart.toJson() };
  },
};

/**
 * The sample outputs of a block: the `//` comment lines right after a `console.log(...)` statement, as
 * a pattern of the whole logged text (`...` stands for any text), so a sample that drifted from what the
 * library prints (a policy name, a verdict) fails.
 */
function sampleOutputs(code: string): RegExp[] {
  const lines = code.split('\n');
  const samples: RegExp[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trimStart().startsWith('console.log(')) continue;
    while (i < lines.length && !/\);\s*$/.test(lines[i])) i++;
    const expected: string[] = [];
    for (i++; i < lines.length && lines[i].startsWith('//'); i++) expected.push(lines[i].replace(/^\/\/ ?/, ''));
    i--;
    if (expected.length === 0) continue;
    const escaped = expected.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\.\\\.\\\./g, '[\\s\\S]*?'));
    // a sample may wrap a long line: a line break in it is a newline or a space of the output
    samples.push(new RegExp(`^${escaped.join('[\n ]')}$`));
  }
  return samples;
}

/** Runs a block: transpiled to CommonJS, its statements in a scope of their own below the setup's names. */
function run(block: Block): void {
  const names = SETUPS[block.setup]();
  const js = ts.transpileModule(block.code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
  // the block's imports: this source tree for the library, the real packages for the rest
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const requireFor = (id: string) => (id === 'cdk8s-netpol-baseline' ? lib : require(id));
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const params = Object.keys(names);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('require', 'exports', ...params, `{\n${js}\n}`)(requireFor, {}, ...params.map((p) => names[p]));
    const logged = log.mock.calls.map((args) => args.join(' '));
    for (const sample of sampleOutputs(block.code)) {
      expect(logged).toContainEqual(expect.stringMatching(sample));
    }
  } finally {
    log.mockRestore();
  }
  // synthesizing runs the validations the block's constructs registered
  names.app.synth();
}

const BLOCKS = readmeBlocks('ts');
const OUTDIR = join(__dirname, '..', 'test-reports', 'readme-dist');

// an App without outdir (as in the README) writes to $CDK8S_OUTDIR, else dist/ of the working directory
beforeAll(() => {
  process.env.CDK8S_OUTDIR = OUTDIR;
});
afterAll(() => {
  delete process.env.CDK8S_OUTDIR;
});

test('the README has TypeScript blocks', () => {
  expect(BLOCKS.length).toBeGreaterThanOrEqual(10);
});

test('the sample outputs are found (the explain text of the engine block)', () => {
  expect(BLOCKS.flatMap((b) => sampleOutputs(b.code)).length).toBeGreaterThanOrEqual(1);
});

test.each(BLOCKS.map((b) => [`README.md:${b.line}`, b]))('%s runs as written', (_id, block) => {
  run(block as Block);
});
