#!/usr/bin/env bash
# The main job: set up, build every binding, run the four "legacy" example
# apps (C, C++, Python, Ruby) on the bundled corpus with their native JSON
# library and with brownfield, and print what the swap gained, per language.
# Usage: ci/main.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export BROWNFIELD_DATA_DIR=${BROWNFIELD_DATA_DIR:-$(cd "$ROOT/.." && pwd)/shared/data}
[ -d "$BROWNFIELD_DATA_DIR/json" ] || { echo "main: corpus not found at $BROWNFIELD_DATA_DIR/json (set BROWNFIELD_DATA_DIR)" >&2; exit 2; }
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

"$ROOT/ci/setup.sh"

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for lang in c cpp python ruby; do
  echo
  echo "=== example: $lang"
  # Each run.sh builds what it needs, runs the app in both modes and prints
  # `BENCH <lang> <native|brownfield> <seconds>` lines.
  "$ROOT/examples/$lang/run.sh" | tee -a "$results"
done

echo
echo "=== what the one-line swap gained (hot path, best of 3, corpus: $BROWNFIELD_DATA_DIR/json)"
python3 - "$results" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 4 and parts[0] == "BENCH":
        rows.setdefault(parts[1], {})[parts[2]] = float(parts[3])
native_lib = {"c": "cJSON", "cpp": "nlohmann::json", "python": "json (stdlib)", "ruby": "JSON (stdlib)"}
print(f"| language | native library | native s | brownfield s | speed-up |")
print(f"|---|---|---:|---:|---:|")
missing = []
for lang in ["c", "cpp", "python", "ruby"]:
    r = rows.get(lang, {})
    if "native" not in r or "brownfield" not in r:
        missing.append(lang)
        continue
    print(f"| {lang} | {native_lib[lang]} | {r['native']:.4f} | {r['brownfield']:.4f} | {r['native'] / r['brownfield']:.2f}x |")
if missing:
    print(f"main: no timings from: {', '.join(missing)}", file=sys.stderr)
    sys.exit(1)
PY
