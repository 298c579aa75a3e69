/**
 * The npm tarball as a new user gets it: installed into fresh cdk8s apps with each cdk8s-plus major, 28 to 34
 * (and the cdk8s and constructs npm resolves for them, as `cdk8s init` would), the README's workload
 * example compiled with `tsc --strict`, synthesized, and its result checked with the packaged engine.
 *
 * It needs the packed tarball: `.ci/run` sets NETPOL_IT_TARBALL after `npx projen package:js` (a stale
 * tarball from an earlier build would prove nothing, so the test does not look for one by itself).
 * Downloads go through npm's cache (--prefer-offline).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const TARBALL = process.env.NETPOL_IT_TARBALL;
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Every cdk8s-plus major on npm from the one the core writes with (28) to the newest (34). */
const MAJORS = ['cdk8s-plus-28', 'cdk8s-plus-29', 'cdk8s-plus-30', 'cdk8s-plus-31', 'cdk8s-plus-32', 'cdk8s-plus-33', 'cdk8s-plus-34'];

/** The README's TypeScript workload example (the block after `<!-- example: workloads -->`). */
function readmeExample(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const match = /<!-- example: workloads -->\s*```ts\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README.md has no ```ts block after <!-- example: workloads -->');
  return match[1];
}

function run(cwd: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  } catch (e: any) {
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

// cdk8s init's tsconfig, strict.
const TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true,
    declaration: true,
    experimentalDecorators: true,
    lib: ['es2020'],
    module: 'CommonJS',
    noEmitOnError: true,
    noFallthroughCasesInSwitch: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noImplicitThis: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    resolveJsonModule: true,
    strict: true,
    strictNullChecks: true,
    strictPropertyInitialization: true,
    stripInternal: true,
    target: 'ES2020',
    types: [],
  },
  include: ['main.ts'],
};

/** What the example must allow and deny, asked of the packaged engine (names are cdk8s-plus's generated ones). */
const CHECK = `
const { Reachability } = require('cdk8s-netpol-baseline');
const { Yaml } = require('cdk8s');
const r = Reachability.fromManifests(Yaml.load('dist/shop.k8s.yaml'));
const pod = (id) => {
  const w = r.workloads.find((x) => x.name === id || x.name.startsWith('shop-' + id + '-'));
  if (!w) throw new Error('no workload ' + id + ' in ' + r.workloads.map((x) => x.name));
  return { namespace: 'shop', pod: w.name };
};
const ask = (from, to, port) => r.canConnect(from === 'internet' ? { ip: '203.0.113.10' } : pod(from), pod(to), { port });
console.log(JSON.stringify({
  policies: r.policies.length,
  allowed: [['internet', 'web', 8443], ['web', 'api', 8080], ['api', 'db', 5432], ['backup', 'db', 5432], ['backup', 'api', 8080], ['api', 'cache', 6379]]
    .map(([f, t, p]) => f + '->' + t + ':' + p + '=' + ask(f, t, p)),
  denied: [['internet', 'api', 8080], ['web', 'db', 5432], ['web', 'cache', 6379], ['db', 'api', 8080]]
    .map(([f, t, p]) => f + '->' + t + ':' + p + '=' + ask(f, t, p)),
}));
`;

const describeIt = TARBALL ? describe : describe.skip;
const SKIPPED = TARBALL ? '' : ' (skipped: NETPOL_IT_TARBALL is not set; bash .ci/run sets it to the packed dist/js/*.tgz)';

describeIt(`the packed tarball in fresh cdk8s apps of every tested cdk8s-plus major${SKIPPED}`, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-kplus-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('package.json: cdk8s-plus-28 is the only cdk8s-plus peer (the L1 classes the core writes with), next to cdk8s and constructs', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['cdk8s', 'cdk8s-plus-28', 'constructs']);
  });

  test.each(MAJORS)('%s: the README example compiles with tsc --strict, synthesizes and allows what it says', (major) => {
    const started = Date.now();
    const dir = path.join(tmp, major);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `app-${major}`, version: '0.0.0', private: true }));
    run(dir, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.resolve(ROOT, TARBALL!), major, 'cdk8s', 'constructs']);
    const example = readmeExample().replace(/from 'cdk8s-plus-\d+'/g, `from '${major}'`);
    fs.writeFileSync(path.join(dir, 'main.ts'), example);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    run(dir, process.execPath, [TSC, '-p', '.']);
    run(dir, process.execPath, ['main.js']);
    fs.writeFileSync(path.join(dir, 'check.js'), CHECK);
    const result = JSON.parse(run(dir, process.execPath, ['check.js']));
    expect(result.allowed.filter((a: string) => !a.endsWith('=true'))).toEqual([]);
    expect(result.denied.filter((a: string) => !a.endsWith('=false'))).toEqual([]);
    const versions = JSON.parse(run(dir, 'npm', ['ls', '--json', 'cdk8s', 'constructs', major, 'cdk8s-plus-28'])).dependencies;
    // eslint-disable-next-line no-console
    console.log(`${major}: ${Math.round((Date.now() - started) / 1000)} s, cdk8s ${versions.cdk8s.version}, constructs ` +
      `${versions.constructs.version}, ${major} ${versions[major].version}, ${result.policies} policies`);

    // Without cdk8s-plus-28 (an install that skips peer dependencies), loading the package says what is missing.
    if (major !== 'cdk8s-plus-28') {
      const plus28 = path.join(dir, 'node_modules', 'cdk8s-plus-28');
      fs.renameSync(plus28, `${plus28}.away`);
      expect(() => run(dir, process.execPath, ['-e', 'require("cdk8s-netpol-baseline")']))
        .toThrow(/cdk8s-netpol-baseline needs the package cdk8s-plus-28 \(\^2\.5\.6\) installed: .*cdk8s-plus-28 to cdk8s-plus-34 are supported/);
      fs.renameSync(`${plus28}.away`, plus28);
    }
  }, 600_000);
});
