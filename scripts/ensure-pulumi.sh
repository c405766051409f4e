#!/usr/bin/env bash
# Ensure a supported Pulumi CLI with the python language host and print the directory holding it (last line of
# stdout).
#
# Order of preference:
#   1. `pulumi` on PATH, if its version is supported (>= the pinned version, < 4) and the python language host
#      (`pulumi-language-python`) and dynamic-provider shim (`pulumi-resource-pulumi-python`) sit next to it or on
#      PATH, as in every official Pulumi distribution;
#   2. the per-user cache  ${PINGONE_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-~/.cache}/pingone-notifications}/pulumi/v<ver>/bin
#      (keyed by version, outside the repository);
#   3. otherwise build it there from the Go module proxy using the wrapper module in toolchain/pulumi-cli
#      (go.mod + go.sum committed, so the build is reproducible). The first build takes several minutes.
#
# The build also installs, next to `pulumi`:
#   pulumi-resource-pulumi-python  the dynamic-provider shim (from the pinned sdk module)
#   pulumi-language-python-exec    the program executor script (from the pinned sdk module)
#   pulumi-language-python         the Go python language host: the upstream module at the pinned commit, else its
#                                  source from $PINGONE_LANGUAGE_HOST_SRC or ../shared/third_party/pulumi-language-python
#   pulumi-analyzer-policy-python  the legacy python policy-pack launcher
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
version=$(tr -d ' \n' <"$root/toolchain/PULUMI_VERSION")
cache=${PINGONE_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pingone-notifications}
bindir="$cache/pulumi/v$version/bin"
stamp="$bindir/.complete"

log() { printf '[ensure-pulumi] %s\n' "$*" >&2; }

# Supported CLI versions: the pinned one (tested in CI) up to, not including, the next major version.
supported() {  # $1 = "vX.Y.Z" -> exit 0 when X.Y.Z >= pinned and X < 4
  local v=${1#v}
  [[ $v =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || return 1
  [ "${BASH_REMATCH[1]}" -lt 4 ] || return 1
  [ "$(printf '%s\n%s\n' "$version" "$v" | sort -V | head -n 1)" = "$version" ]
}
beside_or_on_path() {  # $1 = dir of pulumi, $2 = plugin name
  [ -x "$1/$2" ] || command -v "$2" >/dev/null 2>&1
}

# 1. A supported pulumi on PATH, with its python plugins.
if command -v pulumi >/dev/null 2>&1; then
  onpath=$(command -v pulumi)
  have=$(PULUMI_SKIP_UPDATE_CHECK=true pulumi version 2>/dev/null || true)
  dir=$(dirname "$(readlink -f "$onpath")")
  if supported "$have" && beside_or_on_path "$dir" pulumi-resource-pulumi-python \
      && beside_or_on_path "$dir" pulumi-language-python; then
    if [ "$dir" != "$bindir" ]; then log "using pulumi $have from PATH ($onpath)"; fi
    echo "$dir"
    exit 0
  elif [ -n "$have" ] && [ "$dir" != "$bindir" ]; then
    log "not using pulumi $have from PATH ($onpath): supported are v$version up to v4 with pulumi-language-python and pulumi-resource-pulumi-python beside it"
  fi
fi

command -v go >/dev/null 2>&1 || need_go=1
export GOTOOLCHAIN=local GOSUMDB=off GOFLAGS=-mod=readonly CGO_ENABLED=0
wrapper="$root/toolchain/pulumi-cli"
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"
buildtags=osusergo,grpcnotrace

# The Go python language host, installed next to `pulumi`. Upstream publishes it as its own module without release
# tags (sdk/python/cmd/pulumi-language-python/v3), fetched by commit; where the Go module proxy refuses that module,
# build the same file (upstream's main.go at the pinned tag) from a source directory inside a scratch copy of the
# CLI wrapper module, whose go.mod already requires pkg/v3 and sdk/v3 at the pinned version.
install_language_host() {
  local scratch commit src
  scratch=$(mktemp -d)
  commit=$(tr -d ' \n' <"$root/toolchain/LANGUAGE_HOST_COMMIT")
  cp "$wrapper/go.mod" "$wrapper/go.sum" "$scratch/"
  if (cd "$scratch" && GOFLAGS=-mod=mod go get -tool "github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3@$commit" \
        "github.com/pulumi/pulumi/pkg/v3@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version" \
        && GOBIN="$bindir" GOFLAGS=-mod=mod go install -trimpath -tags "$buildtags" -ldflags "$ldflags" \
             github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3) >"$scratch/upstream.log" 2>&1; then
    log "  pulumi-language-python installed from the upstream module at $commit"
    rm -rf "$scratch"
    return 0
  fi
  log "  the upstream module at $commit could not be fetched: $(grep -v '^go: downloading' "$scratch/upstream.log" | grep -m1 -iE 'forbidden|error|invalid|not' || true)"
  src=${PINGONE_LANGUAGE_HOST_SRC:-$root/../shared/third_party/pulumi-language-python}
  if [ ! -f "$src/main.go" ]; then
    log "  no language host source at $src (set PINGONE_LANGUAGE_HOST_SRC to a directory holding upstream's"
    log "  sdk/python/cmd/pulumi-language-python/main.go of v$version)"
    rm -rf "$scratch"
    return 1
  fi
  if [ -f "$src/README.md" ] && ! grep -q "v$version" "$src/README.md"; then
    log "  $src/README.md does not say it is the source of v$version; the language host must match the CLI"
    rm -rf "$scratch"
    return 1
  fi
  log "  building it from $src"
  mkdir -p "$scratch/cmd/pulumi-language-python"
  cp "$src/main.go" "$scratch/cmd/pulumi-language-python/"
  if (cd "$scratch" && GOFLAGS=-mod=mod go build -trimpath -tags "$buildtags" -ldflags "$ldflags" \
        -o "$bindir/pulumi-language-python" ./cmd/pulumi-language-python) >"$scratch/source.log" 2>&1; then
    log "  pulumi-language-python installed (built from $src)"
    rm -rf "$scratch"
    return 0
  fi
  log "  building the language host from $src failed:"
  grep -v '^go: downloading' "$scratch/source.log" | tail -n 5 | sed 's/^/[ensure-pulumi]     /' >&2
  rm -rf "$scratch"
  return 1
}

# 2. The cache (completing it with the language host when an older build lacks it).
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "v$version" ] && [ -x "$bindir/pulumi" ]; then
  if [ ! -x "$bindir/pulumi-language-python" ]; then
    [ -z "${need_go:-}" ] || { log "Go is required to build the python language host (none on PATH)"; exit 1; }
    log "adding the python language host to the cached CLI in $bindir"
    install_language_host || exit 1
  fi
  echo "$bindir"
  exit 0
fi

# 3. Build.
[ -z "${need_go:-}" ] || { log "Go is required to build the Pulumi CLI v$version (none on PATH)"; exit 1; }
mkdir -p "$bindir"
start=$(date +%s)

log "building Pulumi CLI v$version from the Go module proxy into $bindir"
log "step 1/3: downloading modules and compiling (minutes on 2 cores; progress every 25 modules / 100 packages)"
set +o pipefail
(cd "$wrapper" && GOBIN="$bindir" go install -v -trimpath -tags "$buildtags" -ldflags "$ldflags" tool 2>&1) \
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
install_language_host || exit 1

got=$(PULUMI_SKIP_UPDATE_CHECK=true "$bindir/pulumi" version)
if [ "$got" != "v$version" ]; then
  log "built pulumi reports '$got', expected v$version"
  exit 1
fi
echo "v$version" >"$stamp"
log "done in $(( $(date +%s) - start ))s: $("$bindir/pulumi" version)"
echo "$bindir"
