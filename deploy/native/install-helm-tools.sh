#!/usr/bin/env bash
# Installs Helm and kubeconform, which render the chart in deploy/helm and validate every rendered
# document offline against the schemas kept in deploy/helm/schemas (test/deploy/helm-chart.test.ts).
# Both are built with `go install` at a pinned version into a cache folder outside the checkout, so
# a fresh clone on the same machine reuses them. Idempotent: a binary already built at the pinned
# version is kept.
set -euo pipefail

helm_version=v4.3.2
kubeconform_version=v0.8.0
# The test looks for the binaries here too.
tools_bin="$HOME/.cache/thermostream/tools/bin"

# The module version a go-installed binary was built from, or nothing.
built_version() {
  [ -x "$1" ] && go version -m "$1" 2>/dev/null | awk '$1 == "mod" { print $3; exit }'
}

install_tool() {
  local name=$1 package=$2 version=$3
  if [ "$(built_version "$tools_bin/$name")" = "$version" ]; then
    return 0
  fi
  echo "Building $name $version into $tools_bin (a few minutes the first time)"
  GOBIN="$tools_bin" go install "$package@$version"
}

# Where the official Go archive installs itself, for a shell whose PATH does not name it.
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  PATH="/usr/local/go/bin:$PATH"
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Missing: the Go toolchain, which builds Helm and kubeconform. Install Go 1.26 or newer and run: bash $0" >&2
  exit 1
fi
mkdir -p "$tools_bin"
install_tool helm helm.sh/helm/v4/cmd/helm "$helm_version"
install_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$kubeconform_version"
