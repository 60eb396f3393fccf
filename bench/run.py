"""Benchmark: `factpack build` against the plain pyarrow conversion and the real `frictionless validate`.

For each size N it generates a synthetic project (bench/generate.py), then runs, each as its own
process on the same machine in the same run:

  build        factpack build --project DIR       (every check, CSV + Parquet written)
  pyarrow      read each curated CSV with pyarrow.csv (type inference), write it as Parquet (zstd)
  frictionless frictionless validate DIR/datapackage/datapackage.json   (the built package)

and reports wall time and peak memory (the child's maxrss, from wait4) with the ratios the targets
are stated in. It also times the shipped dataset (factpack build, then frictionless validate, as
`make package` runs them) and the import time of the build path.

    .venv/bin/python bench/run.py                      # N = 10k, 100k, 1M
    .venv/bin/python bench/run.py --sizes 10000 --repeat 3 --frictionless-max 100000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = REPO / "bench" / "out"

PYARROW_CONVERSION = """
import sys
from pathlib import Path
import pyarrow.csv, pyarrow.parquet
src, dst = Path(sys.argv[1]), Path(sys.argv[2])
dst.mkdir(parents=True, exist_ok=True)
for path in sorted(src.glob("*.csv")):
    pyarrow.parquet.write_table(pyarrow.csv.read_csv(path), dst / (path.stem + ".parquet"), compression="zstd")
"""


def run(command: list[str], cwd: Path | None = None) -> dict:
    """Run a command as a child process; its wall time, peak memory and exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "exit": process.returncode,
            "tail": output.decode("utf-8", "replace").strip().splitlines()[-1:]}


def best(command: list[str], repeat: int) -> dict:
    """The fastest of repeat runs, with the median of their times beside it."""
    runs = [run(command) for _ in range(repeat)]
    for r in runs:
        if r["exit"] != 0:
            raise SystemExit(f"{' '.join(command)} failed: {r['tail']}")
    times = sorted(r["seconds"] for r in runs)
    return {**min(runs, key=lambda r: r["seconds"]), "median_seconds": times[len(times) // 2]}


def machine() -> dict:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.*)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(re.search(r"MemTotal:\s*(\d+)", meminfo.read_text()).group(1))
        memory = f"{kb / 1024 ** 2:.0f} GiB"
    return {"cores": os.cpu_count(), "cpu": cpu, "memory": memory, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}",
            **{name: version(name) for name in ("pyarrow", "frictionless", "pandas", "typer")}}


def bench_size(n: int, repeat: int, frictionless: bool, reuse: bool) -> dict:
    root = OUT / f"n{n}"
    if not (reuse and (root / "curated").is_dir()):
        # In a process of its own: Linux gives a child the peak memory of its parent's address space when
        # it starts (execve), so a parent that had built a million rows would inflate every peak measured.
        subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(root), str(n)], check=True,
                       stdout=subprocess.DEVNULL)
    rows = {p.stem: sum(1 for _ in open(p, "rb")) - 1 for p in sorted((root / "curated").glob("*.csv"))}
    csv_bytes = sum(p.stat().st_size for p in (root / "curated").glob("*.csv"))
    result = {"n": n, "csv_bytes": csv_bytes, "lines": rows}
    result["build"] = best([str(BIN / "factpack"), "build", "--project", str(root)], repeat)
    result["pyarrow"] = best([sys.executable, "-c", PYARROW_CONVERSION, str(root / "curated"),
                              str(root / "pyarrow-parquet")], repeat)
    if frictionless:
        result["frictionless"] = run([str(BIN / "frictionless"), "validate", str(root / "datapackage" / "datapackage.json")])
    shutil.rmtree(root / "pyarrow-parquet", ignore_errors=True)
    return result


def bench_shipped(repeat: int) -> dict:
    """The shipped dataset: `make package` itself (it rebuilds datapackage/ to the same bytes), with and
    without frictionless; and the imports a build makes."""
    repeat = max(repeat, 9)  # short runs: more of them, and the median is reported beside the fastest
    make = {"make package": best(["make", "-s", "-C", str(REPO), "package"], repeat),
            "make package SKIP_FRICTIONLESS=1": best(["make", "-s", "-C", str(REPO), "package",
                                                      "SKIP_FRICTIONLESS=1"], repeat),
            "factpack build": best([str(BIN / "factpack"), "build", "--project", str(REPO)], repeat),
            "frictionless validate": best([str(BIN / "frictionless"), "validate",
                                           str(REPO / "datapackage" / "datapackage.json")], repeat)}
    trace = subprocess.run([sys.executable, "-X", "importtime", "-m", "factpack", "build", "--project", str(REPO)],
                           capture_output=True, text=True).stderr
    imports = {}
    for line in trace.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$", line)
        if found:
            imports[found.group(4)] = (int(found.group(1)), int(found.group(2)), len(found.group(3)))
    packages = {name: imports[name][1] / 1e6 for name in ("typer", "pyarrow", "numpy", "pandas", "frictionless")
                if name in imports}
    return {"seconds": {name: r["seconds"] for name, r in make.items()},
            "median_seconds": {name: r["median_seconds"] for name, r in make.items()},
            "import_seconds": sum(own for own, _, _ in imports.values()) / 1e6,
            "package_imports": packages,
            }


def table(results: list[dict]) -> str:
    lines = ["| N events | CSV in | build | pyarrow CSV→Parquet | build ÷ pyarrow | frictionless validate | "
             "frictionless ÷ build | build µs/row | build peak memory | peak ÷ CSV in | pyarrow peak memory |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        b, p, f = r["build"], r["pyarrow"], r.get("frictionless")
        total_rows = sum(r["lines"].values())
        lines.append(
            f"| {r['n']:,} | {r['csv_bytes'] / 1e6:,.0f} MB | {b['seconds']:.2f} s | {p['seconds']:.2f} s | "
            f"{b['seconds'] / p['seconds']:.2f}× | " + (f"{f['seconds']:.1f} s | {f['seconds'] / b['seconds']:.1f}× | "
                                                         if f else "– | – | ")
            + f"{b['seconds'] / total_rows * 1e6:.2f} | {b['peak_mb']:,.0f} MB | "
            f"{b['peak_mb'] * 2 ** 20 / r['csv_bytes']:.2f}× | {p['peak_mb']:,.0f} MB |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000],
                        help="project sizes (none: only the shipped dataset)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of build and pyarrow per size (the fastest is kept)")
    parser.add_argument("--frictionless-max", type=int, default=1_000_000, help="largest N to run frictionless on")
    parser.add_argument("--reuse", action="store_true", help="keep projects generated by an earlier run")
    parser.add_argument("--no-shipped", action="store_true")
    args = parser.parse_args()

    report = {"machine": machine(), "sizes": []}
    print(json.dumps(report["machine"]), flush=True)
    if not args.no_shipped:
        report["shipped"] = bench_shipped(args.repeat)
        s = report["shipped"]
        print("shipped dataset (fastest / median of 9): " + ", ".join(
            f"{name} {seconds:.2f} / {s['median_seconds'][name]:.2f} s" for name, seconds in s["seconds"].items()))
        print(f"imports during a build: {s['import_seconds']:.2f} s in all; "
              + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in s["package_imports"].items()), flush=True)
    for n in args.sizes:
        r = bench_size(n, args.repeat, n <= args.frictionless_max, args.reuse)
        report["sizes"].append(r)
        print(table([r]).splitlines()[-1], flush=True)
    if report["sizes"]:
        print()
        print(table(report["sizes"]))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
