import * as fs from 'fs';
import * as path from 'path';
// eslint-disable-next-line import/no-extraneous-dependencies -- bench code runs from a dev checkout only
import * as ts from 'typescript';

/**
 * Transpiles `src/` and `bench/` once into `bench/out/js/` (no type check, like ts-node's
 * transpile-only), so every measured child process starts as plain node: no TypeScript compiler in
 * its memory, no per-child compile time.
 */

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  experimentalDecorators: true,
  sourceMap: false,
};

function tsFiles(dir: string, skip: (p: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip(full)) continue;
    if (entry.isDirectory()) out.push(...tsFiles(full, skip));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Transpiles and returns the output root (`<root>/bench/out/js`). */
export function transpileProject(root: string): string {
  const outRoot = path.join(root, 'bench', 'out', 'js');
  const benchOut = path.join(root, 'bench', 'out');
  fs.rmSync(outRoot, { recursive: true, force: true });
  const files = [
    ...tsFiles(path.join(root, 'src'), () => false),
    ...tsFiles(path.join(root, 'bench'), (p) => p === benchOut),
  ];
  for (const file of files) {
    const result = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: OPTIONS, fileName: file });
    const target = path.join(outRoot, path.relative(root, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, result.outputText);
  }
  return outRoot;
}
