#!/usr/bin/env bash
# Idempotent set-up: .venv with the project (editable) and its dev dependencies, plus the pinned Pulumi CLI.
# A second run with nothing changed does no installs (a few seconds). Writes .venv/toolchain.env, which
# the Makefile sources so every command sees the right `pulumi` and offline settings.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
t0=$(date +%s%N)
log() { printf '[setup] %s\n' "$*" >&2; }

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  log "creating .venv with $($python --version)"
  "$python" -m venv .venv
fi

# Reinstall only when the dependency declarations change.
want=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat .venv/.deps-stamp 2>/dev/null || true)" != "$want" ]; then
  log "installing the project and its dev dependencies (pinned by constraints.txt)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
  echo "$want" >.venv/.deps-stamp
fi

bindir=$(bash scripts/ensure-pulumi.sh | tail -n 1)
cat >.venv/toolchain.env <<EOF
# Written by scripts/setup.sh. Local-only, offline Pulumi settings for this project.
export PULUMI_BIN_DIR="$bindir"
export PATH="$root/.venv/bin:$bindir:\$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
EOF

ms=$(( ($(date +%s%N) - t0) / 1000000 ))
log "ready in $((ms / 1000)).$(printf '%03d' $((ms % 1000)))s: $("$bindir/pulumi" version) at $bindir"
