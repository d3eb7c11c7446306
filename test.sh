#!/usr/bin/env bash
# Runs every test of OrleansBridge on a fresh machine: installs what the tests need when it is
# missing, builds, runs all test projects, and exits non-zero on any failure. Processes the tests
# need (Kestrel, Azurite, ...) are started and stopped by the tests' own fixtures.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use.
APT_PACKAGES=(ffmpeg chromium)
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
NPM_PACKAGES=(azurite@3.35.0)
for spec in "${NPM_PACKAGES[@]}"; do
  name="${spec%@*}"
  if [ ! -d ".tools/node_modules/$name" ]; then
    echo "test.sh: installing $spec into .tools/"
    npm install --prefix .tools --no-audit --no-fund --loglevel=error "$spec"
  fi
done

dotnet build OrleansBridge.sln -c Release -nologo -v:q
log=$(mktemp)
status=0
dotnet test OrleansBridge.sln -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?

# One plain summary line over all test projects.
count() { { grep -Eo "^ +$1: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
rm -f "$log"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
