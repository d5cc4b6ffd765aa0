#!/usr/bin/env bash
# Start-up time of short vtopo commands, whole process (launcher + JVM), as a Markdown table of medians:
#
#   scripts/bench-startup.sh [RUNS]          (default 21 rounds, after 2 warm-up runs per row)
#
# Rows: the checkout's ./vtopo launcher and the installed command (dist/src/main/launcher/vtopo in the tarball's
# layout, in a temporary directory: bin/vtopo, share/vtopo/vtopo.jar), each with its class-data-sharing archive, C1
# only and the --version fast path; the same jar with plain `java -jar` (no archive, default JIT: what a command cost
# before issue 15); and `java -version`, the JVM's own floor. The rows are measured in interleaved rounds (one run of
# each row per round), so that a change in the machine's load hits every row alike. Run it on a quiet machine: other
# work on the cores stretches and scatters the wall times (the min/max columns show it); the CPU column (user + system
# time of the process tree) moves much less. The load average is printed at the start and at the end.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
runs="${1:-21}"
./vtopo --version >/dev/null # builds the jar and the archive if needed
inst="$(mktemp -d)"
trap 'rm -rf "$inst"' EXIT
mkdir -p "$inst/bin" "$inst/share/vtopo/examples"
cp dist/src/main/launcher/vtopo "$inst/bin/vtopo"
cp cli/target/vtopo.jar "$inst/share/vtopo/"
cp examples/*.yaml "$inst/share/vtopo/examples/"
"$inst/bin/vtopo" --version >/dev/null # makes the installed command's archive
python3 - "$runs" "$inst/bin/vtopo" <<'PY'
import os, resource, statistics, subprocess, sys, time
runs, inst = int(sys.argv[1]), sys.argv[2]
ex = "examples/lab-two-vlans.yaml"
rows = [
    ("./vtopo --version", ["./vtopo", "--version"]),
    ("./vtopo validate " + ex, ["./vtopo", "validate", ex]),
    ("installed vtopo --version", [inst, "--version"]),
    ("installed vtopo validate " + ex, [inst, "validate", ex]),
    ("java -jar cli/target/vtopo.jar --version", ["java", "-jar", "cli/target/vtopo.jar", "--version"]),
    ("java -jar cli/target/vtopo.jar validate " + ex, ["java", "-jar", "cli/target/vtopo.jar", "validate", ex]),
    ("java -version", ["java", "-version"]),
]
load0 = os.getloadavg()[0]
for _, cmd in rows:
    for _ in range(2):
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
wall = {label: [] for label, _ in rows}
cpu = {label: [] for label, _ in rows}
for _ in range(runs):
    for label, cmd in rows:
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        wall[label].append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[label].append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
print("| command | median wall | min | max | median CPU (user+sys) | runs |")
print("|---|---|---|---|---|---|")
for label, _ in rows:
    t = wall[label]
    print(f"| `{label}` | {statistics.median(t):.3f} s | {min(t):.3f} s | {max(t):.3f} s"
          f" | {statistics.median(cpu[label]):.3f} s | {runs} |")
print()
print(f"{os.cpu_count()} CPUs, load average {load0:.2f} at the start, {os.getloadavg()[0]:.2f} at the end")
PY
