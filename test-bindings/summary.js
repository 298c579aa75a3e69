/**
 * The closing line of `.ci/run`: "N passed, N failed" over jest (test-reports/jest-results.json), pytest
 * (test-reports/pytest.xml), Maven Surefire (test-bindings/java/target/surefire-reports/TEST-*.xml) and
 * go test (test-reports/go-test.json), and jest's integration run (test-reports/integration-results.json). A missing report counts as one failure: that runner did not run.
 * Exits 1 when anything failed or nothing passed.
 */
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const read = (file) => (fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : undefined);

/** Sums the counts of every <testsuite> of JUnit XML reports (pytest and Surefire write this format). */
function junit(texts) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const text of texts) {
    for (const [tag] of text.matchAll(/<testsuite\b[^>]*>/g)) {
      const n = (name) => Number((tag.match(new RegExp(`\\s${name}="(\\d+)"`)) ?? [0, 0])[1]);
      const failed = n('failures') + n('errors');
      total.failed += failed;
      total.skipped += n('skipped');
      total.passed += n('tests') - failed - n('skipped');
    }
  }
  return total;
}

const runners = {
  jest: () => {
    const text = read('test-reports/jest-results.json');
    if (text === undefined) return undefined;
    const r = JSON.parse(text);
    return { passed: r.numPassedTests, failed: r.numFailedTests + (r.numRuntimeErrorTestSuites || 0), skipped: r.numPendingTests };
  },
  // the packed tarball in fresh apps, one per cdk8s-plus major (the main jest run skips these tests)
  'jest integration': () => {
    const text = read('test-reports/integration-results.json');
    if (text === undefined) return undefined;
    const r = JSON.parse(text);
    return { passed: r.numPassedTests, failed: r.numFailedTests + (r.numRuntimeErrorTestSuites || 0), skipped: r.numPendingTests, ranSkipped: true };
  },
  pytest: () => {
    const text = read('test-reports/pytest.xml');
    return text === undefined ? undefined : junit([text]);
  },
  surefire: () => {
    const dir = path.join(root, 'test-bindings/java/target/surefire-reports');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^TEST-.*\.xml$/.test(f)) : [];
    return files.length === 0 ? undefined : junit(files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')));
  },
  'go test': () => {
    const text = read('test-reports/go-test.json');
    if (text === undefined) return undefined;
    const total = { passed: 0, failed: 0, skipped: 0 };
    const failedTests = new Set();
    const failedPackages = new Set();
    for (const line of text.split('\n').filter((l) => l.startsWith('{'))) {
      const e = JSON.parse(line);
      if (e.Test === undefined) {
        if (e.Action === 'fail') failedPackages.add(e.Package);
      } else if (e.Action === 'pass') total.passed += 1;
      else if (e.Action === 'skip') total.skipped += 1;
      else if (e.Action === 'fail') {
        total.failed += 1;
        failedTests.add(e.Package);
      }
    }
    // a package that failed without a failed test did not build, or its TestMain failed: one failure
    total.failed += [...failedPackages].filter((p) => !failedTests.has(p)).length;
    return total;
  },
};

const sum = { passed: 0, failed: 0, skipped: 0 };
for (const [name, count] of Object.entries(runners)) {
  const r = count();
  if (r === undefined) {
    console.log(`${name}: no report (did not run)`);
    sum.failed += 1;
    continue;
  }
  console.log(`${name}: ${r.passed} passed, ${r.failed} failed` + (r.skipped ? `, ${r.skipped} skipped` : ''));
  sum.passed += r.passed;
  sum.failed += r.failed;
  sum.skipped += r.skipped || 0;
  // the main jest run counted the integration tests as skipped: they ran here
  if (r.ranSkipped) sum.skipped = Math.max(0, sum.skipped - r.passed - r.failed);
}
if (sum.skipped) console.log(`(${sum.skipped} skipped, not counted)`);
// The last line is plain `N passed, N failed`: CI reads it as is.
console.log(`${sum.passed} passed, ${sum.failed} failed`);
if (sum.failed > 0 || sum.passed === 0) process.exitCode = 1;
