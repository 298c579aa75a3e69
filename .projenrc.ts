import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-netpol-baseline',
  description:
    'Kubernetes network policy baselines for cdk8s: default-deny, label-gated internet and hub access, ' +
    'explicit allows, DNS-safe egress, plus a reachability engine and lint that prove what they allow.',
  author: 'cdk8s-netpol-baseline developers',
  authorAddress: 'dev@example.com',
  repositoryUrl: 'https://github.com/example/cdk8s-netpol-baseline.git',
  keywords: ['cdk8s', 'kubernetes', 'networkpolicy', 'network-policy', 'security', 'zero-trust'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  // package.json `engines`: the Node versions we build and test on (20 and later).
  minNodeVersion: '20.0.0',

  // Versions known to work on our machines (see DEVELOPERS.md).
  cdk8sVersion: '2.68.12',
  cdk8sVersionPinning: false,
  constructsVersion: '10.3.0',
  jsiiVersion: '~6.0.0',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  devDeps: [
    'cdk8s-plus-28@2.5.6',
    // The workload helpers take workloads of every cdk8s-plus major: tests build some with the newest ones.
    'cdk8s-plus-33@2.5.57',
    'cdk8s-plus-34@2.0.54',
    'kubernetes-models@4.5.1',
    // A real CEL evaluator, to run the expressions of the admission policies we emit.
    '@bufbuild/cel@0.6.1',
    '@bufbuild/protobuf@^2.6.2',
    'fast-check@^4',
    // An independent IP library, as an oracle in the engine's property tests (src reads addresses itself).
    'ipaddr.js@^2.2.0',
    'ts-node',
    'typescript@~6.0.0',
    '@types/node@^20',
  ],
  // Runtime dependencies that are not jsii modules must be bundled into the tarball.
  bundledDeps: ['yaml@^2.5.0', 'commander@^14'],
  bin: { 'cdk8s-netpol': 'lib/cli/main.js' },

  jestOptions: {
    jestVersion: '^30',
    // A wrong snapshot must fail the run, never be rewritten silently: use `npx projen test:update`.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/lib/', '/dist/'],
      // The property-based and engine tests are CPU-heavy; two cores are all we have.
      maxWorkers: 2,
      // Writes jest's JSON results to test-reports/jest-results.json for `.ci/run`'s summary line.
      testResultsProcessor: '<rootDir>/test/support/write-results.js',
    },
  },

  // Publishing targets: `npx projen package-all` builds js, python, java and go into dist/ (see below);
  // dotnet is only generated (`npx projen bindings`): no .NET SDK or NuGet on our machines.
  publishToPypi: {
    distName: 'cdk8s-netpol-baseline',
    module: 'cdk8s_netpol_baseline',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdk8s_netpol_baseline',
    mavenGroupId: 'io.github.cdk8s-netpol-baseline',
    mavenArtifactId: 'cdk8s-netpol-baseline',
  },
  publishToNuget: {
    dotNetNamespace: 'Cdk8sNetpolBaseline',
    packageId: 'Cdk8sNetpolBaseline',
  },
  publishToGo: {
    moduleName: 'github.com/example/cdk8s-netpol-baseline-go',
  },

  // CI is `.ci/run` on our own machines, not GitHub Actions.
  github: false,
  release: false,
  depsUpgrade: false,
  gitignore: [
    '/dist/examples/', '/examples/dist/', '/bench/out/', '/.bindings/', '/test-reports/',
    // what test-bindings/run.sh makes: a virtual environment, Maven's output, the README's Go blocks as tests
    '/test-bindings/.venv/', '/test-bindings/java/target/', '/test-bindings/go/readme_*_gen_test.go', '__pycache__/',
    '/test-bindings/go/dist/', // `go test` run by hand, without CDK8S_OUTDIR
  ],
});

// jsii prints a banner on every run under Node 20 (end of jsii's support); Node 20 is what we support, so
// every projen task (compile, test, package, ...) runs without it, not only CI (`.ci/run` sets it too).
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

for (const pattern of ['/examples/', '/bench/', '/.ci/', '/.bindings/', '/test-bindings/']) {
  project.addPackageIgnore(pattern);
}

// The packages of every language we can build here (dotnet: see `bindings`). `build` packages js
// only, as before: the java package alone takes minutes; `.ci/run` runs package-all after the build.
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);
const packageAll = project.tasks.tryFind('package-all')!;
packageAll.reset();
for (const target of ['js', 'python', 'java', 'go']) {
  packageAll.spawn(project.tasks.tryFind(`package:${target}`)!);
}
// Our jar depends on org.cdk8s:cdk8s-plus-28, which Maven Central as our machines reach it lacks:
// build it from its npm package first (a local Maven repository that jsii-pacmak finds).
project.tasks.tryFind('package:java')!.prependExec('bash test-bindings/cdk8s-plus-jar.sh');
// jsii-pacmak's own Go build runs `go mod tidy` on cdk8s-plus-go's requirements, which name a
// cdk8s-core-go version the Go module proxy does not serve to us: generate the module, then compile it
// from test-bindings/go, whose go.mod pins a version it serves.
project.tasks.tryFind('package:go')!.reset('jsii-pacmak -v --target go --code-only');
project.tasks.tryFind('package:go')!.exec('go build github.com/example/cdk8s-netpol-baseline-go/cdk8snetpolbaseline', {
  cwd: 'test-bindings/go',
  env: { GOFLAGS: '-buildvcs=false' },
});

// The Python, Java and Go tests, against the packages package-all built.
project.addTask('test:bindings', {
  description: 'Run the Python (pytest), Java (JUnit) and Go tests against dist/ (after `npx projen package-all`)',
  exec: 'bash test-bindings/run.sh',
  receiveArgs: true,
});

// Prove that python, java, dotnet and go bindings generate from the jsii assembly.
project.addTask('bindings', {
  description: 'Generate (code only) the python, java, dotnet and go bindings from the jsii assembly',
  exec: 'jsii-pacmak --code-only --outdir .bindings --targets python,java,dotnet,go --force-subdirectory',
});

// The main job of the quick start: synthesize every example app and print what it allows.
project.addTask('examples', {
  description: 'Synthesize examples/ to dist/examples/*.k8s.yaml and print a summary per namespace',
  exec: 'ts-node --project test/tsconfig.json examples/run-all.ts',
});

project.addTask('bench', {
  description: 'Run the benchmarks under bench/ and write bench/results.json',
  exec: 'node --expose-gc -r ts-node/register/transpile-only bench/run.ts',
  env: { TS_NODE_PROJECT: 'test/tsconfig.json' },
});

project.addTask('bench:compare', {
  description: 'Compare every bench case with another checkout (BENCH_OLD=<path>), old and new interleaved: medians and ratios new/old',
  exec: 'node -r ts-node/register/transpile-only bench/compare-commits.ts',
  env: { TS_NODE_PROJECT: 'test/tsconfig.json' },
});

// The layers point one way: cli -> baseline -> workloads -> policies -> model; analysis -> model only
// (a pure engine over plain objects). Each zone lists what a layer may import of ours; the layers that
// write objects may also import src/k8s.ts, the one module the L1 `k8s` classes come from. model and
// analysis may not: loading the L1 classes loads cdk8s-plus-28 and cdk8s, which the CLI's reading
// commands never need (test/cli/module-loading.test.ts).
const WITHOUT_L1 = ['model', 'analysis'];
const LAYERS: { [layer: string]: string[] } = {
  model: [],
  analysis: ['model'],
  policies: ['model'],
  workloads: ['policies', 'model'],
  baseline: ['workloads', 'policies', 'analysis', 'model'],
};
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: Object.entries(LAYERS).map(([layer, allowed]) => {
      const imports = [...allowed, ...(WITHOUT_L1.includes(layer) ? [] : ['k8s.ts'])];
      return {
        target: `./src/${layer}`,
        from: './src',
        except: [layer, ...imports].map((l) => `./${l}`),
        message: `src/${layer} may import ${imports.length === 0 ? 'nothing of ours' : `only ${imports.map((l) => `src/${l}`).join(', ')}`} (see the README's layers)`,
      };
    }),
  }],
});
// The L1 classes come through src/k8s.ts only, so swapping their source is one file.
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  excludedFiles: ['src/k8s.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      paths: [{ name: 'cdk8s-plus-28', message: 'import the L1 classes as `import { k8s } from \'<path>/k8s\'` (src/k8s.ts is their one source)' }],
    }],
  },
});

project.synth();
