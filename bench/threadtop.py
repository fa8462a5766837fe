#!/usr/bin/env python3
"""Per-thread CPU of a running process, one line per interval (not a test; a reading aid for
docs/benchmarks.md): the process's total cores and its busiest threads, digits in thread names
folded so a pool is one entry. Linux /proc only.

Usage: bench/threadtop.py <pid | pgrep -f pattern> [interval-seconds] [threads-per-line]
  e.g. bench/threadtop.py "[S]haredArchiveFile" 1 8   (Hookyard started by bench/e2e.sh; the
  brackets keep the pattern from matching this script's own command line)
"""
import os, sys, time, subprocess, collections
arg = sys.argv[1]; iv = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0; top = int(sys.argv[3]) if len(sys.argv) > 3 else 8
def find():
    if arg.isdigit(): return arg
    while True:
        out = subprocess.run(["pgrep", "-f", arg], capture_output=True, text=True).stdout.split()
        if out: return out[0]
        time.sleep(0.5)
pid = find(); hz = os.sysconf("SC_CLK_TCK")
def snap():
    d = collections.Counter()
    try:
        for t in os.listdir(f"/proc/{pid}/task"):
            try:
                s = open(f"/proc/{pid}/task/{t}/stat").read()
                name = s[s.index("(")+1:s.rindex(")")]
                f = s[s.rindex(")")+2:].split()
                name = ''.join('#' if c.isdigit() else c for c in name)
                d[name] += int(f[11]) + int(f[12])
            except Exception: pass
    except FileNotFoundError: sys.exit(0)
    return d
prev = snap(); t0 = time.time()
while True:
    time.sleep(iv); cur = snap()
    delta = {k: (cur[k]-prev.get(k,0))/hz/iv for k in cur}
    tot = sum(delta.values())
    items = sorted(delta.items(), key=lambda x: -x[1])[:top]
    print(f"{time.time()-t0:6.0f}s {tot:4.2f} | " + "  ".join(f"{k}:{v:.2f}" for k,v in items if v>0.01), flush=True)
    prev = cur
