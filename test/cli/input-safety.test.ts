import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BIN, cli, expectNoStack, fixture, ROOT } from './run-cli';
import { UserError } from '../../src/cli/errors';
import { checkHeap, checkWholeDocumentSize } from '../../src/cli/load-manifests';

/*
 * Only regular files and standard input are read, within a size limit checked before reading; what
 * a folder walk cannot read stops the command. A pull request can add a link to /dev/zero or a FIFO
 * to a folder that CI audits: that must end in exit 2 at once, never hang, grow or pass silently.
 */

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: app\n';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-input-'));
  fs.writeFileSync(path.join(dir, 'pod.yaml'), POD);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

describe('only regular files are read', () => {
  test('a folder with a *.yaml link to /dev/zero exits 2 at once, naming the link', () => {
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
    const r = cli(['audit', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${path.join(dir, 'zero.yaml')}: cannot read it: it is a device, not a regular file`);
    expectNoStack(r);
  });

  test('a folder with a *.yaml FIFO exits 2 instead of hanging', () => {
    mkfifo(path.join(dir, 'pipe.yaml'));
    const r = cli(['audit', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${path.join(dir, 'pipe.yaml')}: cannot read it: it is a FIFO (named pipe), not a regular file`);
  });

  test('a FIFO or a device named on the command line exits 2 with a hint to use "-"', () => {
    mkfifo(path.join(dir, 'pipe.yaml'));
    const fifo = cli(['audit', path.join(dir, 'pipe.yaml')]);
    expect(fifo.status).toBe(2);
    expect(fifo.stderr).toMatch(/pipe\.yaml: cannot read it: it is a FIFO \(named pipe\), not a file or folder\n {2}fix: .*"-"/);
    const zero = cli(['explain', '/dev/zero', '--from', 'internet', '--to', 'app/web']);
    expect(zero.status).toBe(2);
    expect(zero.stderr).toContain('/dev/zero: cannot read it: it is a device, not a file or folder');
  });

  test('a broken *.yaml link in a folder exits 2; other files that cannot be followed are noted', () => {
    fs.symlinkSync(path.join(dir, 'gone'), path.join(dir, 'README'));
    const noted = cli(['audit', dir]);
    expect(noted.stderr).toContain(`note: ${path.join(dir, 'README')}: skipped, it cannot be followed`);
    fs.symlinkSync(path.join(dir, 'gone.yaml'), path.join(dir, 'broken.yaml'));
    const r = cli(['audit', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${path.join(dir, 'broken.yaml')}: cannot read it (no such file (a broken link?))`);
  });

  test('a linked sub-folder is followed, and a loop of links is read once with a note', () => {
    const real = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-linked-'));
    try {
      fs.writeFileSync(path.join(real, 'other.yaml'), POD.replace('web', 'api'));
      fs.symlinkSync(real, path.join(dir, 'linked'));
      fs.symlinkSync(dir, path.join(dir, 'loop'));
      const r = cli(['explain', dir, '--from', 'app/api', '--to', 'app/web']);
      expect(r.status).toBe(0); // app/api was found through the link
      expect(r.stderr).toContain(`note: ${path.join(dir, 'loop')}: not read again: it leads to the folder ${dir}, read already`);
    } finally {
      fs.rmSync(real, { recursive: true, force: true });
    }
  });

  test('a file linked twice in a folder is read once (no NP003 duplicate)', () => {
    fs.symlinkSync(path.join(dir, 'pod.yaml'), path.join(dir, 'same.yaml'));
    const r = cli(['audit', dir, '--format', 'json']);
    const out = JSON.parse(r.stdout);
    expect(out.findings.map((f: any) => f.code)).not.toContain('NP003');
    expect(out.notes).toContain(`${path.join(dir, 'same.yaml')}: not read again: it leads to the file ${path.join(dir, 'pod.yaml')}, read already`);
  });
});

describe('--max-input-size', () => {
  test('a file over the limit is refused before reading, with the option to raise it', () => {
    const r = cli(['audit', fixture('shop'), '--max-input-size', '1K']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cdk8s-netpol: error: test\/fixtures\/shop\/\w+\.yaml: [\d.]+ KB( \(with the [\d.]+ (KB|bytes) read before it\))? is more than the input limit of 1\.0 KB\n {2}fix: if the input is really that large, raise the limit: --max-input-size 1G/);
    expectNoStack(r);
  });

  test('the limit counts all inputs together; raising it reads them', () => {
    const size = fs.readdirSync(path.join(ROOT, fixture('shop'))).reduce((n, f) => n + fs.statSync(path.join(ROOT, fixture('shop'), f)).size, 0);
    expect(cli(['audit', fixture('shop'), '--max-input-size', String(size - 1)]).status).toBe(2);
    expect(cli(['audit', fixture('shop'), '--max-input-size', String(size)]).status).not.toBe(2);
  });

  test('standard input is read within the limit', () => {
    const r = cli(['audit', '-', '--max-input-size', '100'], POD.repeat(10));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('<stdin>: 101 bytes or more is more than the input limit of 100 bytes');
  });

  test('a bad size is refused', () => {
    const r = cli(['graph', fixture('shop'), '--max-input-size', 'lots']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--max-input-size "lots": not a size');
  });

  test('the default is documented in --help', () => {
    expect(cli(['audit', '--help']).stdout).toMatch(/--max-input-size <size>[\s\S]*\(default:\s+"512M"\)/);
  });
});

describe('a file larger than node can hold as one string', () => {
  test('exits 2 with the size and a way out, instead of an internal error', () => {
    const file = path.join(dir, 'huge.json');
    fs.writeFileSync(file, '{"kind": "List", "items": [');
    fs.truncateSync(file, 2 ** 29 + 2 ** 20); // sparse: 513 MB of zero bytes after the start
    const r = cli(['audit', file, '--max-input-size', '1G']);
    fs.rmSync(file);
    expect(r.stderr).toContain('huge.json: 513.0 MB of text is more than node can hold as one string (512.0 MB)');
    expect(r.status).toBe(2);
  });
});

describe('running out of memory', () => {
  test('reading stops with exit 2 and a clear message when the heap fills, instead of a V8 abort', () => {
    const gb = 2 ** 30;
    expect(() => checkHeap('dump.yaml:1200', { used_heap_size: 0.5 * gb, heap_size_limit: gb })).not.toThrow();
    let error: unknown;
    try {
      checkHeap('dump.yaml:1200', { used_heap_size: 0.7 * gb, heap_size_limit: gb });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe("dump.yaml:1200: the input is too large for node's memory: reading it has used 717 MB of the 1024 MB heap");
    expect((error as UserError).hint).toBe('give node more memory (NODE_OPTIONS=--max-old-space-size=2048) or read fewer objects at once');
  });
});

describe('a document too large to parse whole', () => {
  test('is refused up front with exit 2 and the ways out, instead of a V8 abort', () => {
    const heap = { heap_size_limit: 4 * 2 ** 30 };
    expect(() => checkWholeDocumentSize('dump.json', 60 * 2 ** 20, heap)).not.toThrow();
    expect(() => checkWholeDocumentSize('dump.json', 200 * 2 ** 20, heap))
      .toThrow("dump.json: 200 MB is too large to read as one document with node's 4096 MB heap (at most about 61 MB)");
  });

  test('through the CLI, with a small heap', () => {
    // flow YAML (not JSON, which is read entry by entry: json-input.test.ts) in one document
    const file = path.join(dir, 'big.yaml');
    const items = Array.from({ length: 80000 }, (_, i) => `{kind: Pod, metadata: {name: p${i}}}`);
    fs.writeFileSync(file, `{kind: List, items: [${items.join(', ')}]}`);
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', BIN, 'audit', file], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/big\.yaml: \d+ MB is too large to read as one document with node's \d+ MB heap/);
  });
});
