/**
 * Every ```ts block of the README compiles as written under `strict` (test/readme-blocks.test.ts runs
 * them, but transpiled only: a wrong prop type or a missing import would still pass there). Each block
 * is its own module; the names a setup gives it (`app`, `chart`, `objects`) are declared globally, so a
 * block that makes its own `app` shadows them as in the run.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

function blocks(): Array<{ line: number; code: string }> {
  const lines = README.split('\n');
  const found: Array<{ line: number; code: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```ts') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]);
    found.push({ line: start + 1, code: body.join('\n') });
  }
  return found;
}

const SETUP_NAMES = `import type { App, Chart } from 'cdk8s';
declare global {
  const app: App;
  const chart: Chart;
  const objects: unknown[];
}
export {};
`;

test('every README TypeScript block type-checks (strict)', () => {
  const files = new Map<string, string>([[join(ROOT, 'readme-blocks', 'setup.d.ts'), SETUP_NAMES]]);
  const byFile = new Map<string, number>();
  for (const b of blocks()) {
    const file = join(ROOT, 'readme-blocks', `block-${b.line}.ts`);
    // `export {}` makes a block without imports a module too, so its names stay its own
    files.set(file, `${b.code}\nexport {};\n`);
    byFile.set(file, b.line);
  }
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
    baseUrl: ROOT,
    paths: { 'cdk8s-netpol-baseline': ['src/index.ts'] },
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => files.get(f) ?? read(f);
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => files.has(f) || exists(f);
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, ...rest) => (files.has(f) ? ts.createSourceFile(f, files.get(f)!, lang) : getSource(f, lang, ...rest));
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && files.has(d.file.fileName))
    .map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `README.md:${byFile.get(d.file!.fileName)! + 1 + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  expect(problems).toEqual([]);
}, 120_000);
