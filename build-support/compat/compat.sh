#!/usr/bin/env bash
# The version matrix: builds the pack and runs the whole test command on each Keycloak version the
# pack supports, one after the other, then prints and writes the table README's compatibility
# section is filled from (build-support/compat/target/compatibility.md). Run through `./mvnw -Pcompat verify`.
# COMPAT_VERSIONS overrides the versions; COMPAT_ARGS adds Maven arguments (e.g. -o).
set -uo pipefail
cd "$(dirname "$0")/../.."

versions=${COMPAT_VERSIONS:-"26.4.7 26.5.6 26.7.3"}
out=build-support/compat/target
mkdir -p "$out"
table="$out/compatibility.md"
{
  echo "| Keycloak | result | tests | failures | errors | skipped | minutes |"
  echo "|---|---|---:|---:|---:|---:|---:|"
} > "$table"

# Sums an attribute of every JUnit XML report the build left (surefire and failsafe, all modules).
count() {
  cat */target/surefire-reports/TEST-*.xml */target/failsafe-reports/TEST-*.xml 2>/dev/null \
    | grep -o "<testsuite [^>]*" | grep -o " $1=\"[0-9]*\"" | grep -o "[0-9]*" \
    | awk '{ s += $1 } END { print s + 0 }'
}

status=0
for version in $versions; do
  echo "== Keycloak $version: ./mvnw -B clean verify -Dkeycloak.version=$version (log: $out/keycloak-$version.log)"
  start=$(date +%s)
  # shellcheck disable=SC2086
  ./mvnw -B clean verify -Dkeycloak.version="$version" ${COMPAT_ARGS:-} > "$out/keycloak-$version.log" 2>&1
  rc=$?
  minutes=$(( ( $(date +%s) - start + 30 ) / 60 ))
  result=pass
  [ $rc -eq 0 ] || { result=FAIL; status=1; }
  echo "| $version | $result | $(count tests) | $(count failures) | $(count errors) | $(count skipped) | $minutes |" >> "$table"
  tail -n 1 "$table"
  # The build directory of one version is cleaned by the next; keep the table's evidence.
  mkdir -p "$out/reports-$version"
  cp */target/failsafe-reports/*.txt */target/surefire-reports/*.txt "$out/reports-$version/" 2>/dev/null || true
done
echo
echo "Compatibility (written to $table):"
cat "$table"
exit $status
