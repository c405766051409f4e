#!/usr/bin/env bash
# Ensure the pinned Pulumi CLI is available and print the directory holding it (last line of stdout).
#
# Order of preference:
#   1. `pulumi` on PATH, if `pulumi version` equals the pinned version and the python dynamic-provider
#      shim sits next to it or on PATH;
#   2. the per-user cache  ${PINGONE_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-~/.cache}/pingone-notifications}/pulumi/v<ver>/bin
#      (keyed by version, outside the repository);
#   3. otherwise build it there from the Go module proxy using the wrapper module in toolchain/pulumi-cli
#      (go.mod + go.sum committed, so the build is reproducible). The first build takes several minutes.
#
# The build also installs, next to `pulumi`:
#   pulumi-resource-pulumi-python  the dynamic-provider shim (from the pinned sdk module)
#   pulumi-language-python-exec    the program executor script (from the pinned sdk module)
#   pulumi-language-python         the Go language host, *if the Go module proxy serves it* (see toolchain/README.md)
#   pulumi-analyzer-policy-python  the python policy-pack launcher the CLI falls back to without a language host
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
version=$(tr -d ' \n' <"$root/toolchain/PULUMI_VERSION")
cache=${PINGONE_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pingone-notifications}
bindir="$cache/pulumi/v$version/bin"
stamp="$bindir/.complete"

log() { printf '[ensure-pulumi] %s\n' "$*" >&2; }

# 1. A matching pulumi on PATH.
if command -v pulumi >/dev/null 2>&1; then
  onpath=$(command -v pulumi)
  have=$(PULUMI_SKIP_UPDATE_CHECK=true pulumi version 2>/dev/null || true)
  dir=$(dirname "$(readlink -f "$onpath")")
  if [ "$have" = "v$version" ] && { [ -x "$dir/pulumi-resource-pulumi-python" ] || command -v pulumi-resource-pulumi-python >/dev/null 2>&1; }; then
    if [ "$dir" != "$bindir" ]; then log "using pulumi $have from PATH ($onpath)"; fi
    echo "$dir"
    exit 0
  fi
fi

# 2. The cache.
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "v$version" ] && [ -x "$bindir/pulumi" ]; then
  echo "$bindir"
  exit 0
fi

# 3. Build.
command -v go >/dev/null 2>&1 || { log "Go is required to build the Pulumi CLI v$version (none on PATH)"; exit 1; }
export GOTOOLCHAIN=local GOSUMDB=off GOFLAGS=-mod=readonly CGO_ENABLED=0
mkdir -p "$bindir"
wrapper="$root/toolchain/pulumi-cli"
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"
start=$(date +%s)

log "building Pulumi CLI v$version from the Go module proxy into $bindir"
log "step 1/3: downloading modules and compiling (minutes on 2 cores; progress every 25 modules / 100 packages)"
set +o pipefail
(cd "$wrapper" && GOBIN="$bindir" go install -v -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" tool 2>&1) \
  | awk -v s="$start" '
  /^go: downloading / { d++; if (d % 25 == 0) { printf "[ensure-pulumi]   %d modules downloaded (%ds)\n", d, systime()-s; fflush() }; next }
  { n++; if (n % 100 == 0) { printf "[ensure-pulumi]   %d packages compiled (%ds)\n", n, systime()-s; fflush() } }
  /[Ee]rror|cannot|undefined|Forbidden/ { print "[ensure-pulumi]   " $0; fflush() }
  END { printf "[ensure-pulumi]   %d modules downloaded, %d packages compiled\n", d, n }' >&2
status=${PIPESTATUS[0]}
set -o pipefail
if [ "$status" -ne 0 ]; then log "compiling the Pulumi CLI failed (exit $status)"; exit "$status"; fi

log "step 2/3: installing the python shims from the sdk module"
sdkdir=$(cd "$wrapper" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
install -m 755 "$sdkdir/python/dist/pulumi-resource-pulumi-python" "$bindir/"
install -m 755 "$sdkdir/python/cmd/pulumi-language-python-exec" "$bindir/"
shimdir=$(cd "$root/toolchain/pulumi-analyzer-shim" && go mod download -json github.com/pulumi/pulumi/sdk/v3 \
  | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
install -m 755 "$shimdir/python/dist/pulumi-analyzer-policy-python" "$bindir/"

log "step 3/3: the Go python language host"
# The language host is its own module (sdk/python/cmd/pulumi-language-python/v3) with no release tags, so it can
# only be fetched by commit. Try it in a scratch copy of the wrapper; record the proxy's answer if it refuses.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$wrapper/go.mod" "$wrapper/go.sum" "$scratch/"
commit=$(tr -d ' \n' <"$root/toolchain/LANGUAGE_HOST_COMMIT")
if (cd "$scratch" && GOFLAGS=-mod=mod go get -tool "github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3@$commit" \
      "github.com/pulumi/pulumi/pkg/v3@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version" \
      && GOBIN="$bindir" GOFLAGS=-mod=mod go install -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" \
           github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3) >"$scratch/lh.log" 2>&1; then
  rm -f "$bindir/language-host.unavailable"
  log "  pulumi-language-python installed"
else
  grep -v '^go: downloading' "$scratch/lh.log" | tail -n 3 >"$bindir/language-host.unavailable"
  log "  the Go module proxy does not serve the python language host; recorded in $bindir/language-host.unavailable:"
  sed 's/^/[ensure-pulumi]     /' "$bindir/language-host.unavailable" >&2
  log "  programs run through the Automation API's inline mode instead (same CLI and engine; see toolchain/README.md)"
fi

got=$(PULUMI_SKIP_UPDATE_CHECK=true "$bindir/pulumi" version)
if [ "$got" != "v$version" ]; then
  log "built pulumi reports '$got', expected v$version"
  exit 1
fi
echo "v$version" >"$stamp"
log "done in $(( $(date +%s) - start ))s: $("$bindir/pulumi" version)"
echo "$bindir"
