#!/usr/bin/env bash
# Builds cdk8s-plus-28's Java package from its npm package (jsii-pacmak, as its authors build it) into
# node_modules/cdk8s-plus-28/dist/java, a local Maven repository: Maven Central as our machines reach it
# serves org.cdk8s:cdk8s and software.constructs:constructs but not org.cdk8s:cdk8s-plus-28, which our
# jar depends on. jsii-pacmak's java target finds it there when it builds our jar, and
# test-bindings/java/pom.xml lists it as a repository. Skipped when the jar is there already.
set -euo pipefail
cd "$(dirname "$0")/.."
plus=node_modules/cdk8s-plus-28
version=$(node -p "require('./$plus/package.json').version")
jar="$plus/dist/java/org/cdk8s/cdk8s-plus-28/$version/cdk8s-plus-28-$version.jar"
if [ -f "$jar" ]; then
  echo "cdk8s-plus-28 $version jar: present"
  exit 0
fi
# Its javadoc takes most of the time and nobody reads it here.
MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.javadoc.skip=true" npx jsii-pacmak "$plus" --target java
test -f "$jar"
echo "cdk8s-plus-28 $version jar: built"
