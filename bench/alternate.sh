#!/bin/sh
# Two builds compared on one command, run by turns so that the machine's drift falls on both:
# the median wall and user time and the range of peak memory (/usr/bin/time) of each.
#   sh bench/alternate.sh N BEFORE AFTER ARGS...
# e.g. sh bench/alternate.sh 8 /tmp/groupprod-old .build/release/groupprod check /tmp/g300k.csv
# (outputs go to /dev/null). This is how the before/after figures in README and the commits
# that say "alternating" were taken.
set -eu
N=$1; A=$2; B=$3; shift 3
TIMES=$(mktemp)
trap 'rm -f "$TIMES"' EXIT
for _ in $(seq "$N"); do
    for bin in "$A" "$B"; do
        /usr/bin/time -f "$bin %e %U %M" -a -o "$TIMES" "$bin" "$@" >/dev/null 2>&1 || true
    done
done
python3 - "$TIMES" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    if line.startswith("Command"):
        continue
    name, wall, user, peak = line.rsplit(maxsplit=3)
    runs[name].append((float(wall), float(user), int(peak)))
for name, v in runs.items():
    print(f"{name}: n={len(v)} wall median {statistics.median(x[0] for x in v):.3f} s (min {min(x[0] for x in v):.3f}), "
          f"user median {statistics.median(x[1] for x in v):.3f} s, peak {min(x[2] for x in v)}-{max(x[2] for x in v)} KiB")
PY
