#!/usr/bin/env bash
# Start-up time of short vtopo commands, whole process (launcher + JVM), as a Markdown table of medians:
#
#   scripts/bench-startup.sh [RUNS]          (default 21 runs per row, after 2 warm-up runs)
#
# Rows: the ./vtopo launcher as users run it (class-data-sharing archive, C1 only, freshness check), the same jar
# with plain `java -jar` (what every command cost before), and `java -version` as the floor. Run it on a quiet
# machine: with other work on the cores the wall times grow and scatter (the min/max columns show it); the CPU
# column (user + system time of the process tree) is what the start-up itself costs and moves much less.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
runs="${1:-21}"
./vtopo --version >/dev/null # builds the jar and the archive if needed
python3 - "$runs" <<'PY'
import resource, statistics, subprocess, sys, time, os
runs = int(sys.argv[1])
ex = "examples/lab-two-vlans.yaml"
rows = [
    ("./vtopo --version", ["./vtopo", "--version"]),
    ("./vtopo validate " + ex, ["./vtopo", "validate", ex]),
    ("java -jar cli/target/vtopo.jar --version", ["java", "-jar", "cli/target/vtopo.jar", "--version"]),
    ("java -jar cli/target/vtopo.jar validate " + ex, ["java", "-jar", "cli/target/vtopo.jar", "validate", ex]),
    ("java -version", ["java", "-version"]),
]
print(f"| command | median wall | min | max | median CPU (user+sys) | runs |")
print(f"|---|---|---|---|---|---|")
for label, cmd in rows:
    for _ in range(2):
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    t = []
    cpu = []
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        t.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    print(f"| `{label}` | {statistics.median(t):.3f} s | {min(t):.3f} s | {max(t):.3f} s"
          f" | {statistics.median(cpu):.3f} s | {runs} |")
print()
print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the end")
PY
