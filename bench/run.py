"""Benchmark: `factpack build` against pyarrow doing the same I/O, and against `frictionless validate`.

For each mode (clone, synthetic: see bench/generate.py) and size (citations), it generates a project,
then alternates, each as its own process on the same machine in the same run:

  build      factpack build --project DIR   (every check; CSV and Parquet written, hashed, swapped in)
  reference  pyarrow, the same I/O and no checks: each curated CSV read (pyarrow.csv, types
             inferred), written as Parquet (zstd, as the build) and again as CSV

and reports the medians of their wall times and peak memory (the child's maxrss, from wait4), with
their ratios. At --frictionless sizes it also times `frictionless validate` on the built package; and
it times `make package` on the shipped dataset (warm: the .venv is there).

    .venv/bin/python bench/run.py                        # 200k and 1M citations, both modes
    .venv/bin/python bench/run.py --sizes 20000 --repeat 3 --no-shipped
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = REPO / "bench" / "out"

REFERENCE = """
import sys
from pathlib import Path
import pyarrow.csv, pyarrow.parquet
src, dst = Path(sys.argv[1]), Path(sys.argv[2])
(dst / "data").mkdir(parents=True, exist_ok=True)
for path in sorted(src.glob("*.csv")):
    table = pyarrow.csv.read_csv(path)
    pyarrow.parquet.write_table(table, dst / "data" / (path.stem + ".parquet"), compression="zstd")
    pyarrow.csv.write_csv(table, dst / "data" / path.name)
"""


def run(command: list[str]) -> dict:
    """Run a command as a child process; its wall time, peak memory and exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    result = {"seconds": time.perf_counter() - start, "peak_mb": usage.ru_maxrss / 1024,
              "exit": os.waitstatus_to_exitcode(status)}
    if result["exit"] != 0:
        raise SystemExit(f"{' '.join(command)} failed: {output.decode('utf-8', 'replace')[-2000:]}")
    return result


def alternate(commands: dict[str, list[str]], repeat: int) -> dict:
    """Each command `repeat` times, taking turns (so that a slow spell of the machine hits all of them);
    the median time and peak of each, with every run's time."""
    runs: dict[str, list[dict]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(run(command))
    return {name: {"seconds": statistics.median(r["seconds"] for r in rs),
                   "peak_mb": statistics.median(r["peak_mb"] for r in rs),
                   "runs": [round(r["seconds"], 3) for r in rs]} for name, rs in runs.items()}


def machine() -> dict:
    cpuinfo, meminfo = Path("/proc/cpuinfo"), Path("/proc/meminfo")
    cpu = re.search(r"model name\s*:\s*(.*)", cpuinfo.read_text()) if cpuinfo.exists() else None
    memory = re.search(r"MemTotal:\s*(\d+)", meminfo.read_text()) if meminfo.exists() else None
    return {"cores": os.cpu_count(), "cpu": cpu.group(1).strip() if cpu else "unknown",
            "memory": f"{int(memory.group(1)) / 1024 ** 2:.0f} GiB" if memory else "unknown",
            "python": platform.python_version(), "system": f"{platform.system()} {platform.release()}",
            **{name: version(name) for name in ("pyarrow", "frictionless")}}


def bench_size(mode: str, citations: int, repeat: int, frictionless: bool) -> dict:
    root = OUT / f"{mode}-{citations}"
    # In a process of its own: Linux gives a child the peak memory of its parent's address space when
    # it starts (execve), so a parent that had generated a million rows would inflate every peak measured.
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(root), str(citations), "--mode", mode],
                   check=True, stdout=subprocess.DEVNULL)
    rows = {p.stem: sum(1 for _ in open(p, "rb")) - 1 for p in sorted((root / "curated").glob("*.csv"))}
    result = {"mode": mode, "citations": rows.get("citations", 0), "rows": sum(rows.values()),
              "csv_bytes": sum(p.stat().st_size for p in (root / "curated").glob("*.csv"))}
    result |= alternate({"build": [str(BIN / "factpack"), "build", "--project", str(root)],
                         "reference": [sys.executable, "-c", REFERENCE, str(root / "curated"),
                                       str(root / "reference")]},
                        repeat)
    if frictionless:
        result["frictionless"] = run([str(BIN / "frictionless"), "validate",
                                      str(root / "datapackage" / "datapackage.json")])
    shutil.rmtree(root, ignore_errors=True)
    return result


def bench_shipped(repeat: int) -> dict:
    """`make package` on the shipped dataset (it rebuilds datapackage/ to the same bytes and runs
    frictionless on it), and its two parts."""
    return alternate({"make package": ["make", "-s", "-C", str(REPO), "package"],
                      "factpack build": [str(BIN / "factpack"), "build", "--project", str(REPO)],
                      "frictionless validate": [str(BIN / "frictionless"), "validate",
                                                str(REPO / "datapackage" / "datapackage.json")]}, max(repeat, 9))


def table(results: list[dict]) -> str:
    lines = ["| mode | citations | rows | CSV in | build | reference | ratio | build peak | reference peak | ratio "
             "| frictionless | frictionless ÷ build |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        b, p, f = r["build"], r["reference"], r.get("frictionless")
        lines.append(f"| {r['mode']} | {r['citations']:,} | {r['rows']:,} | {r['csv_bytes'] / 1e6:,.0f} MB | "
                     f"{b['seconds']:.2f} s | {p['seconds']:.2f} s | {b['seconds'] / p['seconds']:.2f}× | "
                     f"{b['peak_mb']:,.0f} MB | {p['peak_mb']:,.0f} MB | {b['peak_mb'] / p['peak_mb']:.2f}× | "
                     + (f"{f['seconds']:.1f} s | {f['seconds'] / b['seconds']:.1f}× |" if f else "– | – |"))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[20_000, 200_000, 1_000_000],
                        help="citations per project (none: only the shipped dataset)")
    parser.add_argument("--modes", nargs="+", choices=["clone", "synthetic"], default=["clone", "synthetic"])
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs of build and reference per size")
    parser.add_argument("--frictionless", type=int, nargs="*", default=[20_000],
                        help="sizes at which frictionless validate is timed too")
    parser.add_argument("--no-shipped", action="store_true")
    args = parser.parse_args()

    report: dict = {"machine": machine(), "sizes": []}
    print(json.dumps(report["machine"]), flush=True)
    if not args.no_shipped:
        shipped = report["shipped"] = bench_shipped(args.repeat)
        print("shipped dataset, medians of 9 alternating runs: "
              + ", ".join(f"{name} {r['seconds']:.2f} s" for name, r in shipped.items()), flush=True)
    for citations in args.sizes:
        for mode in args.modes:
            r = bench_size(mode, citations, args.repeat, citations in args.frictionless)
            report["sizes"].append(r)
            print(table([r]).splitlines()[-1], flush=True)
    if report["sizes"]:
        print("\n" + table(report["sizes"]))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
