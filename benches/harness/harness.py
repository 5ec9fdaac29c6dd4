#!/usr/bin/env python3
"""Cross-language benchmark harness: every brownfield binding against the
libraries each language's users would pick instead, in the same run.

Each language has a runner (runners/) that measures every library it knows
on every workload and input once and prints JSON lines. The harness runs the
runners round after round, rotating their order so no language always runs
first, then reports per (language, workload, file) the median over rounds,
the spread (min..max), MB/s and brownfield's ratio to the best peer.

Outputs in --out (default benches/results; quick mode: target/harness-quick):
  report.md      Markdown tables per workload, with the machine's description
  results.json   every measurement and the summary
  results.csv    the summary, one row per (lang, lib, workload, file)
  *.png          grouped bar charts per workload and language (if matplotlib)

usage: harness.py [--quick] [--rounds N] [--langs rust,python,ruby,cpp] [--out DIR]
"""
import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
DATA = Path(os.environ.get("BROWNFIELD_DATA_DIR", ROOT.parent / "shared" / "data"))
VENV_PY = ROOT / ".venv" / "bin" / "python"

QUICK_FILES = ["github_events.json", "numbers.json", "amazon_cellphones.ndjson"]
# Generated request logs for the logs-q1q2 workload (the 1M lines).
QUICK_LOG_LINES = 300
FULL_LOG_LINES = 1_000_000


def sh(cmd, **kw):
    """Runs a command, failing loudly with its output."""
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def build_runners(langs):
    """Builds what the runners need; returns {lang: argv prefix}."""
    cmds = {}
    if "rust" in langs:
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "brownfield-benches", "--bin", "rust_runner"],
                       cwd=ROOT, check=True)
        cmds["rust"] = [str(TARGET / "release" / "rust_runner")]
    if "python" in langs:
        cmds["python"] = [str(VENV_PY if VENV_PY.exists() else sys.executable), str(HERE / "runners" / "py_runner.py")]
    if "ruby" in langs:
        cmds["ruby"] = ["ruby", "-I", str(ROOT / "bindings" / "ruby" / "lib"), str(HERE / "runners" / "rb_runner.rb")]
    if "cpp" in langs:
        build = TARGET / "harness-cpp"
        subprocess.run(["cmake", "-S", str(HERE / "runners" / "cpp"), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["cmake", "--build", str(build), "-j2"], check=True, stdout=subprocess.DEVNULL)
        cmds["cpp"] = [str(build / "cpp_runner")]
    return cmds


def inputs(quick):
    """The input files: corpus JSON documents plus generated NDJSON."""
    corpus = sorted(list((DATA / "json").glob("*.json")) + list((DATA / "json").glob("*.ndjson")))
    if not corpus:
        sys.exit(f"harness: no corpus at {DATA / 'json'} (set BROWNFIELD_DATA_DIR)")
    if quick:
        corpus = [p for p in corpus if p.name in QUICK_FILES]
    lines = QUICK_LOG_LINES if quick else FULL_LOG_LINES
    gen = TARGET / "bench-data" / f"requests_{lines}.ndjson"
    if not gen.exists():
        gen.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "gen_ndjson.py"), "--lines", str(lines), str(gen)], check=True)
    return [str(p) for p in corpus] + [str(gen)]


def machine():
    """A description of this machine and toolchain for the report header."""
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(cmd):
        try:
            return sh(cmd).splitlines()[0].strip()
        except (OSError, subprocess.CalledProcessError):
            return "not found"

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "os": f"{platform.system()} {platform.release()}",
        "rustc": version(["rustc", "--version"]),
        "python": version([str(VENV_PY if VENV_PY.exists() else sys.executable), "--version"]),
        "ruby": version(["ruby", "--version"]),
        "g++": version(["g++", "--version"]),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def run(cmds, files, rounds, min_time):
    """Runs every runner `rounds` times, rotating the order; returns rows."""
    rows = []
    langs = list(cmds)
    for r in range(rounds):
        order = langs[r % len(langs):] + langs[:r % len(langs)]
        for lang in order:
            t0 = time.time()
            out = sh(cmds[lang] + ["--min-time", str(min_time)] + files, cwd=ROOT)
            for line in out.splitlines():
                if line.startswith("{"):
                    row = json.loads(line)
                    row["round"] = r
                    rows.append(row)
            print(f"harness: round {r + 1}/{rounds} {lang} done in {time.time() - t0:.1f}s", file=sys.stderr)
    return rows


def ours(lib):
    """True for brownfield's own entries (brownfield, brownfield-c, ...)."""
    return lib.startswith("brownfield")


def summarize(rows):
    """Median and spread per (lang, lib, workload, file), plus ratios."""
    groups = {}
    for row in rows:
        key = (row["lang"], row["lib"], row["workload"], row["file"])
        groups.setdefault(key, {"version": row["version"], "bytes": row["bytes"], "seconds": []})
        groups[key]["seconds"].append(row["seconds"])
    summary = []
    for (lang, lib, workload, file), g in sorted(groups.items()):
        med = statistics.median(g["seconds"])
        summary.append({
            "lang": lang, "lib": lib, "version": g["version"], "workload": workload, "file": file,
            "bytes": g["bytes"], "rounds": len(g["seconds"]), "median_s": med,
            "min_s": min(g["seconds"]), "max_s": max(g["seconds"]),
            "mb_s": g["bytes"] / med / 1e6,
        })
    # brownfield's ratio to the best peer in the same language/workload/file;
    # log queries compare across languages (DuckDB and Polars are the peers
    # whichever language calls them).
    def scope(r):
        return (r["workload"], r["file"]) if r["workload"].startswith("logs") else (r["lang"], r["workload"], r["file"])
    for s in summary:
        peers = [p["mb_s"] for p in summary if scope(p) == scope(s) and not ours(p["lib"])]
        best = max(peers) if peers else None
        s["ratio_to_best_peer"] = s["mb_s"] / best if best else None
    return summary


def totals(summary):
    """Markdown: per language and workload, every library's throughput over
    all its files together (total bytes / total median time), best first,
    with brownfield's ratio to the best peer."""
    groups = {}
    for s in summary:
        key = ("logs" if s["workload"].startswith("logs") else s["lang"], s["workload"])
        g = groups.setdefault(key, {}).setdefault((s["lang"], s["lib"], s["version"]), [0, 0.0])
        g[0] += s["bytes"]
        g[1] += s["median_s"]
    lines = ["| language | workload | library | MB/s (all files) | vs best peer |", "|---|---|---|---:|---:|"]
    for (scope, workload), libs in sorted(groups.items()):
        rates = {k: b / t / 1e6 for k, (b, t) in libs.items()}
        peers = [r for (lang, lib, _), r in rates.items() if not ours(lib)]
        best = max(peers) if peers else None
        for (lang, lib, ver), r in sorted(rates.items(), key=lambda kv: -kv[1]):
            name = f"**{lib}** {ver}" if ours(lib) else f"{lib} {ver}"
            ratio = f"{r / best:.2f}x" if ours(lib) and best else ""
            lines.append(f"| {lang} | {workload} | {name} | {r:.0f} | {ratio} |")
    return "\n".join(lines) + "\n"


def report(summary, info, mode, out):
    """Writes report.md, summary.md, results.csv and charts."""
    (out / "summary.md").write_text(totals(summary))
    lines = [f"# brownfield cross-language benchmark ({mode})", "",
             f"- machine: {info['cpu']}, {info['cores']} cores, {info['os']}",
             f"- toolchain: {info['rustc']}; {info['python']}; {info['ruby']}; {info['g++']}",
             f"- date: {info['date']}",
             "- each figure: median over rounds of the best per-operation time; spread is min..max over rounds;",
             "  ratio = MB/s divided by the best peer's MB/s in the same language, workload and file (>1 means brownfield is faster);",
             "  for logs-q1q2 (Q1: by status count+mean; Q2: by region,path count,p50,p99,sum top 20) the peers of every language count",
             "", "Libraries measured (name and version as reported by each runner):", ""]
    seen = sorted({(s["lang"], s["lib"], s["version"]) for s in summary})
    lines += [f"- {lang}: {lib} {ver}" for lang, lib, ver in seen]
    lines += ["", "## Totals per language and workload", "", totals(summary)]
    for workload in sorted({s["workload"] for s in summary}):
        lines += ["", f"## {workload}", "",
                  "| file | lang | library | MB/s | median ms | spread ms | ratio to best peer |",
                  "|---|---|---|---:|---:|---:|---:|"]
        for s in sorted((s for s in summary if s["workload"] == workload),
                        key=lambda s: (s["file"], s["lang"], -s["mb_s"])):
            ratio = f"{s['ratio_to_best_peer']:.2f}x" if ours(s["lib"]) and s["ratio_to_best_peer"] else ""
            lib = f"**{s['lib']}**" if ours(s["lib"]) else s["lib"]
            lines.append(f"| {s['file']} | {s['lang']} | {lib} {s['version']} | {s['mb_s']:.1f} | "
                         f"{s['median_s'] * 1e3:.3f} | {s['min_s'] * 1e3:.3f}..{s['max_s'] * 1e3:.3f} | {ratio} |")
    (out / "report.md").write_text("\n".join(lines) + "\n")
    with open(out / "results.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(summary[0]))
        w.writeheader()
        w.writerows(summary)
    charts(summary, out)


def charts(summary, out):
    """One PNG per workload: grouped bars (MB/s) per file, one panel per language."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("harness: matplotlib not installed, no charts", file=sys.stderr)
        return
    for workload in sorted({s["workload"] for s in summary}):
        rows = [s for s in summary if s["workload"] == workload]
        langs = sorted({s["lang"] for s in rows})
        fig, axes = plt.subplots(len(langs), 1, figsize=(12, 3.2 * len(langs)), squeeze=False)
        for ax, lang in zip(axes[:, 0], langs):
            lr = [s for s in rows if s["lang"] == lang]
            files = sorted({s["file"] for s in lr})
            libs = sorted({s["lib"] for s in lr}, key=lambda lib: (not ours(lib), lib))
            width = 0.8 / len(libs)
            for i, lib in enumerate(libs):
                vals = [next((s["mb_s"] for s in lr if s["file"] == f and s["lib"] == lib), 0) for f in files]
                ax.bar([x + i * width for x in range(len(files))], vals, width, label=lib)
            ax.set_xticks([x + width * (len(libs) - 1) / 2 for x in range(len(files))])
            ax.set_xticklabels(files, rotation=30, ha="right", fontsize=8)
            ax.set_ylabel("MB/s")
            ax.set_title(f"{workload} — {lang}")
            ax.legend(fontsize=7, ncol=len(libs))
        fig.tight_layout()
        fig.savefig(out / f"{workload}.png", dpi=90)
        plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description="brownfield cross-language benchmark harness")
    ap.add_argument("--quick", action="store_true", help="small inputs, one round (the test command runs this)")
    ap.add_argument("--rounds", type=int, default=None, help="rounds (default 5, quick 1)")
    ap.add_argument("--min-time", type=float, default=None, help="seconds of repetitions per measurement")
    ap.add_argument("--langs", default="rust,python,ruby,cpp")
    ap.add_argument("--out", default=None)
    ap.add_argument("--from-results", default=None, help="re-render the reports from a results.json, measuring nothing")
    args = ap.parse_args()
    if args.from_results:
        saved = json.loads(Path(args.from_results).read_text())
        out = Path(args.out) if args.out else Path(args.from_results).parent
        report(saved["summary"], saved["machine"], saved["mode"], out)
        print(f"harness: reports re-rendered in {out}")
        return
    mode = "quick" if args.quick else "full"
    rounds = args.rounds or (1 if args.quick else 5)
    min_time = args.min_time or (0.005 if args.quick else 0.3)
    out = Path(args.out) if args.out else (TARGET / "harness-quick" if args.quick else ROOT / "benches" / "results")
    out.mkdir(parents=True, exist_ok=True)
    langs = args.langs.split(",")
    cmds = build_runners(langs)
    files = inputs(args.quick)
    info = machine()
    rows = run(cmds, files, rounds, min_time)
    missing = [lang for lang in langs if not any(r["lang"] == lang and ours(r["lib"]) for r in rows)]
    if missing:
        sys.exit(f"harness: no brownfield measurements from {missing}")
    summary = summarize(rows)
    (out / "results.json").write_text(json.dumps({"mode": mode, "machine": info, "rounds": rounds,
                                                  "measurements": rows, "summary": summary}, indent=1))
    report(summary, info, mode, out)
    print(f"harness: {len(rows)} measurements, report in {out / 'report.md'}")


if __name__ == "__main__":
    main()
