#!/usr/bin/env bash
# Runs the interop tests against Debian's mosquitto clients. Fails, never skips, when the
# clients are missing: install them with `apt-get install mosquitto-clients` (.ci/run does).
set -euo pipefail
cd "$(dirname "$0")/.."

for client in mosquitto_pub mosquitto_sub; do
  if ! command -v "$client" >/dev/null; then
    echo "interop-check: $client not found: install mosquitto-clients (apt-get install mosquitto-clients)" >&2
    exit 1
  fi
done

npx tsc -p tsconfig.json
node scripts/run-tests.js test/interop/
