"""Run one command; print its exit code, wall seconds and peak memory (KiB).

    python benchmarks/measure.py COMMAND [ARGS...]

Peak memory is the largest sum of resident memory (VmRSS) over the command's whole
process tree, sampled every 50 ms from /proc, so worker processes count; it is never
reported below the largest single process's max RSS (getrusage), which a short peak
between samples could otherwise hide.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

PROC = Path("/proc")


def _parents() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def tree_rss_kib(root: int) -> int:
    """Resident memory of `root` and all its descendants, KiB (0 without /proc)."""
    if not PROC.is_dir():
        return 0
    children, total, stack = _parents(), 0, [root]
    while stack:
        pid = stack.pop()
        try:
            for line in (PROC / str(pid) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
        stack += children.get(pid, [])
    return total


def main() -> None:
    start = time.perf_counter()
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_kib(proc.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    single = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(proc.returncode, wall, max(peak, single))


if __name__ == "__main__":
    main()
