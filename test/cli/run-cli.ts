import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// Every test spawns node (0.3-1 s each, more on a busy CI machine): jest's 5 s default is too tight.
jest.setTimeout(60_000);

/** The repository root. */
export const ROOT = path.join(__dirname, '..', '..');

/** The built bin, exactly as npm links it for users. */
export const BIN = path.join(ROOT, 'lib', 'cli', 'main.js');

/** A fixture path relative to the repository root (as a user would type it). */
export function fixture(...parts: string[]): string {
  return path.join('test', 'fixtures', ...parts);
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Fails with a message that says how to build the bin when it is missing. */
export function requireBin(): void {
  if (!fs.existsSync(BIN)) {
    throw new Error(`${BIN} is missing: these tests run the built CLI. Compile first: ` +
      '`npx tsc -p tsconfig.json` (or `npx projen compile`), then run the tests again.');
  }
}

/**
 * Runs `node lib/cli/main.js ...args` from the repository root, as a user would.
 * @param nodeArgs options for node itself, before the bin (`-r preload.js`)
 */
export function cli(args: string[], input?: string, nodeArgs: string[] = []): CliResult {
  requireBin();
  const result = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], {
    cwd: ROOT,
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, CDK8S_NETPOL_DEBUG: '' },
    timeout: 60_000,
  });
  if (result.error) {
    throw result.error;
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** No stack trace leaked to the user. */
export function expectNoStack(result: CliResult): void {
  expect(result.stderr).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
  expect(result.stderr).not.toMatch(/internal error/);
}
