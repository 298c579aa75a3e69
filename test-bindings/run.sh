#!/usr/bin/env bash
# Runs the Python, Java and Go tests against the packages `npx projen package-all` built (dist/python,
# dist/java, dist/go), each in the way its users would install them. Usage:
#   bash test-bindings/run.sh [python] [java] [go]      (default: all three)
# Reports: test-reports/pytest.xml, test-bindings/java/target/surefire-reports/, test-reports/go-test.json
# (test-bindings/summary.js adds them up). Exits non-zero when any language fails.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
languages=("$@")
[ ${#languages[@]} -gt 0 ] || languages=(python java go)
mkdir -p test-reports
status=0

# The TypeScript shop example's YAML, which each language's port must reproduce byte for byte.
npx projen examples >/dev/null || { echo "::: npx projen examples failed"; exit 1; }

python_tests() {
  rm -f test-reports/pytest.xml
  ls dist/python/*.whl >/dev/null || { echo "no wheel in dist/python: run npx projen package-all"; return 1; }
  # a fresh virtual environment: the wheel and the runtime packages from PyPI, nothing else
  rm -rf test-bindings/.venv
  python3 -m venv test-bindings/.venv \
    && test-bindings/.venv/bin/pip install -q -r test-bindings/python/requirements.txt dist/python/*.whl \
    || return 1
  (cd test-bindings/python && PYTHONDONTWRITEBYTECODE=1 ../.venv/bin/python -m pytest -q -p no:cacheprovider \
    --junitxml="$ROOT/test-reports/pytest.xml")
}

java_tests() {
  rm -rf test-bindings/java/target/surefire-reports
  ls dist/java/io/github/cdk8s-netpol-baseline/cdk8s-netpol-baseline/*/*.jar >/dev/null \
    || { echo "no jar in dist/java: run npx projen package-all"; return 1; }
  # Maven copies a release version (0.0.0) into its local repository once and never reads dist/java
  # again: drop that copy, so the tests compile against the jar just built, not a stale one.
  rm -rf "${MAVEN_LOCAL_REPO:-$HOME/.m2/repository}/io/github/cdk8s-netpol-baseline/cdk8s-netpol-baseline"
  (cd test-bindings/java && mvn -B -q -Dstyle.color=never test)
}

go_tests() {
  rm -f test-reports/go-test.json
  [ -f dist/go/cdk8snetpolbaseline/go.mod ] || { echo "no module in dist/go: run npx projen package-all"; return 1; }
  (cd test-bindings/go && go run ./internal/readmegen "$ROOT/README.md" \
    && CDK8S_OUTDIR=$(mktemp -d) go test -count=1 -json ./... >"$ROOT/test-reports/go-test.json"; rc=$?
    # the readable part of the JSON stream: what tests printed (failures) and each package's result
    node -e 'for (const l of require("fs").readFileSync(process.argv[1], "utf8").split("\n")) {
      const e = l.startsWith("{") ? JSON.parse(l) : undefined;
      if (e?.Action === "output" && !/^(=== (RUN|PAUSE|CONT)|--- PASS|PASS$)/.test(e.Output.trim())) process.stdout.write(e.Output);
    }' "$ROOT/test-reports/go-test.json"
    exit $rc)
}

for language in "${languages[@]}"; do
  start=$SECONDS
  echo "::: $language bindings"
  if "${language}_tests"; then
    echo "::: $language: passed in $((SECONDS - start)) s"
  else
    echo "::: FAILED: $language bindings ($((SECONDS - start)) s)"
    status=1
  fi
done
exit $status
