#!/usr/bin/env bash
# Runs every test of OrleansBridge on a fresh machine: installs what the tests need when it is
# missing, builds, runs all test projects, and exits non-zero on any failure. Processes the tests
# need (Kestrel, Azurite, ...) are started and stopped by the tests' own fixtures.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use.
APT_PACKAGES=(ffmpeg chromium afl++)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages go into a local folder, never global.
NPM_PACKAGES=(azurite@3.35.0 gltf-validator@2.0.0-dev.3.10)
for spec in "${NPM_PACKAGES[@]}"; do
  name="${spec%@*}"
  if [ ! -d ".tools/node_modules/$name" ]; then
    echo "test.sh: installing $spec into .tools/"
    npm install --prefix .tools --no-audit --no-fund --loglevel=error "$spec"
  fi
done

# The Bicep compiler (NuGet package Azure.Bicep.CommandLine.linux-x64, version pinned in
# Directory.Packages.props) into .tools/bicep/, for the deployment tests that compile azure/bicep.
# The package ships the binary executable by its owner only.
dotnet restore tests/Tools/Bicep/Bicep.proj --packages "$PWD/.tools/bicep" -v q
chmod a+rx .tools/bicep/azure.bicep.commandline.linux-x64/*/tools/bicep

dotnet build OrleansBridge.sln -c Release -nologo -v:q
log=$(mktemp)
results=$(mktemp -d)
status=0
# A test that hangs is stopped after 5 minutes (its name and a mini dump go to the results), so a
# hang fails the run in minutes instead of eating CI's whole time limit.
dotnet test OrleansBridge.sln -c Release --no-build -nologo \
  --blame-hang-timeout 5min --blame-hang-dump-type mini \
  --logger "console;verbosity=normal" --logger trx --results-directory "$results" 2>&1 | tee "$log" || status=$?

# Every test assembly must have run tests: one that ran none (a broken discovery, a filter that
# matches nothing) would otherwise pass silently.
empty=()
while IFS= read -r -d '' trx; do
  executed=$(grep -o '<Counters [^>]*>' "$trx" | grep -o 'executed="[0-9]*"' | grep -o '[0-9]*' || echo 0)
  if [ "${executed:-0}" -eq 0 ]; then
    empty+=("$(basename "$trx")")
  fi
done < <(find "$results" -name '*.trx' -print0)
trx_count=$(find "$results" -name '*.trx' | wc -l)
# Test projects are tests/<name>/<name>.csproj; tests/Tools and tests/Plugins hold helpers one level deeper.
assemblies=$(find tests -mindepth 2 -maxdepth 2 -name '*.csproj' | wc -l)
if grep -q "No test is available in" "$log"; then
  empty+=("$(grep -o 'No test is available in [^ ]*' "$log" | sed 's/No test is available in //')")
fi

# A short, bounded pass of the wire fuzzer (bench/README.md "fuzz") from the committed corpus; a crash fails the run.
fuzz_status=0
dotnet bench/bin/Release/net10.0/OrleansBridge.Bench.dll fuzz --seconds 30 || fuzz_status=$?
if [ "$fuzz_status" -ne 0 ]; then
  echo "test.sh: the wire fuzzer failed or found a crash (exit $fuzz_status)"
  status=1
fi

# One plain summary line over all test projects.
count() { { grep -Eo "^ +$1: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
# The failed tests again, at the end where a truncated CI log still shows them: name, message, the
# first lines of the stack (at most 40 lines each).
if grep -qE '^ +Failed [^:]' "$log"; then
  echo "test.sh: failed tests:"
  awk '/^ +Failed [^:]/ { n = 40 } n > 0 { print; n-- }' "$log" | grep -vE '^\{"Timestamp"' | head -n 200
fi
rm -rf "$log" "$results"
if ((${#empty[@]})); then
  echo "test.sh: test assemblies that executed no test: ${empty[*]}"
  status=1
fi
if [ "$trx_count" -lt "$assemblies" ]; then
  echo "test.sh: $assemblies test projects but only $trx_count reported results"
  status=1
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
