#!/usr/bin/env bash
# Builds the Ruby binding (bindings/ruby) and runs its full test suite:
#   1. rustfmt + clippy on the extension crate (warnings are errors)
#   2. the extension built in place (rake compile: extconf.rb + make) and the
#      minitest suite (shared vectors, corpus, hostile input, json gem
#      compatibility, mimic!, log queries against a Ruby reference and the
#      `brownfield` CLI, built here)
#   3. `gem build` + `gem install --local` into a temporary GEM_HOME, with no
#      network access to RubyGems, then a smoke test of the installed gem.
# Assumes ci/setup.sh has run (ruby-dev, ruby-minitest, rake, libclang-dev).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

echo "== ruby: rustfmt + clippy (brownfield-ruby)"
cargo fmt -p brownfield-ruby -- --check
cargo clippy -q -p brownfield-ruby -- -D warnings

echo "== ruby: build extension + minitest"
# The log tests compare with the CLI (target/debug/brownfield).
cargo build -q -p brownfield-cli
(cd bindings/ruby && rake test)

echo "== ruby: RBS signatures"
if ruby -e 'require "rbs"' 2>/dev/null; then
  (cd bindings/ruby && ruby -rrbs -rrbs/cli -e 'RBS::CLI.new(stdout: File.open(File::NULL, "w"), stderr: $stderr).run(%w[-I sig -r json -r pathname validate])')
else
  echo "rbs is not installed; signatures not validated"
fi

echo "== ruby: gem build + gem install --local"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
gem build -C bindings/ruby brownfield.gemspec --output "$TMP/brownfield.gem" >/dev/null
# Reuse the workspace's compiled dependencies; the gem still builds its own
# standalone manifest against the core sources vendored into the gem.
CARGO_TARGET_DIR="$REPO/target" gem install --local --no-document --install-dir "$TMP/gems" "$TMP/brownfield.gem"
GEM_HOME="$TMP/gems" GEM_PATH="$TMP/gems" ruby -rstringio -e '
  require "brownfield"
  so = $LOADED_FEATURES.grep(%r{brownfield/brownfield\.so\z}).first
  abort "extension not loaded from the installed gem: #{so.inspect}" unless so&.start_with?(ENV["GEM_HOME"])
  value = Brownfield::JSON.parse(%q({"a": [1, 2.5, null, "\u00e9"], "big": 123456789012345678901234567890}))
  text = Brownfield::JSON.generate(value)
  abort "generate mismatch: #{text}" unless text == JSON.generate(value)
  begin
    Brownfield::JSON.parse("[1,")
    abort "no error raised"
  rescue JSON::ParserError => e
    abort "wrong error: #{e.inspect}" unless e.kind == :unexpected_eof && e.offset == 3
  end
  rows = Brownfield::Logs.query(StringIO.new(%Q({"s":1}\n{"s":2}\n{"s":1}\n)), by: ["s"]).to_a
  abort "logs mismatch: #{rows}" unless rows == [{"s" => 1, "count" => 2}, {"s" => 2, "count" => 1}]
  abort "parse_lines mismatch" unless Brownfield::JSON.parse_lines(%Q([1]\n{"a":2}\n)) == [[1], {"a" => 2}]
  puts "installed gem OK: #{Gem.loaded_specs.fetch("brownfield").full_gem_path}"
'
