#!/usr/bin/env bash
# Builds the current upstream tools from the pinned wrapper modules beside this script into
# .tools/bin (git-ignored). A tool whose binary already embeds the pinned module version is skipped,
# so a warm run takes seconds. Module and build caches stay in Go's default places so later runs on
# the same machine reuse them. Usage: test/tools/build.sh [tool ...]   (default: all)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="$root/.tools/bin"
src="$root/.tools/src"
mkdir -p "$bin" "$src"

export GOTOOLCHAIN=local CGO_ENABLED=0
# go.sum is committed: a build must never rewrite it.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly"
command -v go >/dev/null || { echo "build.sh: Go is required (1.26 or newer)" >&2; exit 1; }

# tool | wrapper dir | binaries | pinned module | version | the variable that `--version` prints
TOOLS=(
  "prometheus|prometheus|promtool prometheus|github.com/prometheus/prometheus|v0.316.0|github.com/prometheus/common/version.Version=3.16.0"
  "alertmanager|alertmanager|amtool alertmanager|github.com/prometheus/alertmanager|v0.35.0|github.com/prometheus/common/version.Version=0.35.0"
  "sloth|sloth|sloth|github.com/slok/sloth|v0.16.0|github.com/slok/sloth/internal/info.Version=v0.16.0"
  "vmalert|vmalert|vmalert|github.com/VictoriaMetrics/VictoriaMetrics|v1.151.0|github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=vmalert-v1.151.0"
  "thanos|thanos|thanos|github.com/thanos-io/thanos|v0.40.1|github.com/prometheus/common/version.Version=0.40.1"
  # A custom collector: its own main package (main.go, components.go) lists the components.
  "otelcol|otelcol|otelcol-mac|go.opentelemetry.io/collector/otelcol|v0.158.0|"
)

# True when $1 embeds module $2 at exactly version $3 (read from the binary's build info).
has_version() {
  [ -x "$1" ] && go version -m "$1" 2>/dev/null | grep -qE "^[[:space:]]+(dep|mod)[[:space:]]+$2[[:space:]]+$3([[:space:]]|$)"
}

# The alertmanager module zip lacks the web UI build that ui/ embeds (go:embed app/dist), so the
# wrapper's replace points at a writable copy of the verified module with a one-page stub UI.
prepare_alertmanager() {
  local dir
  dir="$(cd "$here/alertmanager" && go mod download -json github.com/prometheus/alertmanager@"$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -n "$dir" ] || { echo "build.sh: could not download alertmanager $1" >&2; exit 1; }
  rm -rf "$src/alertmanager"
  cp -r "$dir" "$src/alertmanager"
  chmod -R u+w "$src/alertmanager"
  mkdir -p "$src/alertmanager/ui/app/dist"
  echo '<!doctype html><title>Alertmanager (API only)</title>' >"$src/alertmanager/ui/app/dist/index.html"
}

wanted=("$@")
total_start=$(date +%s)
for spec in "${TOOLS[@]}"; do
  IFS='|' read -r name dir bins module version ldver <<<"$spec"
  if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " =~ " $name " ]]; then continue; fi
  fresh=1
  for b in $bins; do has_version "$bin/$b" "$module" "$version" || fresh=0; done
  if [ $fresh = 1 ]; then
    echo "tools: $name $version already built"
    continue
  fi
  start=$(date +%s)
  echo "tools: building $name $version ($bins)…"
  [ "$name" = alertmanager ] && prepare_alertmanager "$version"
  ldflags="-s -w${ldver:+ -X $ldver}"
  # netgo: no cgo resolver. remove_all_sd: the generated configs use static and file SD only, and the
  # cloud SD plugins dominate a cold build.
  if [ -f "$here/$dir/main.go" ]; then
    (cd "$here/$dir" && nice go build -tags netgo -trimpath -ldflags "$ldflags" -o "$bin/$bins" .)
  else
    (cd "$here/$dir" && nice go build -tags netgo,remove_all_sd -trimpath -ldflags "$ldflags" -o "$bin/" tool)
  fi
  for b in $bins; do has_version "$bin/$b" "$module" "$version" || { echo "build.sh: $bin/$b does not embed $module $version" >&2; exit 1; }; done
  echo "tools: $name built in $(( $(date +%s) - start ))s"
done
echo "tools: done in $(( $(date +%s) - total_start ))s"
