#!/usr/bin/env bash
# Scale benchmark (issue 17 item 2): the synthetic corpus at 1,000, 10,000 and 100,000 pages,
# brightspot (search on) and Hugo interleaved at each size, with each brightspot stage's time
# per size (so a stage growing faster than the site shows) and every build's peak RSS.
#
#   bash bench/scale.sh          # about 40 min on 2 cores, most of it the 100k corpus and Hugo
#
# A build whose resident memory passes RSS_CAP_MB (20,000 MB by default, below this machine's
# 24 GiB) is stopped and reported as how far it got, not as a failure. Results go to
# bench/out/scale.md and scale.json; other settings are run.sh's.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export SIZES="${SIZES:-1000:1:3 10000:1:2 100000:0:1}"
export PROFILE_N="${PROFILE_N:-none}"
export RSS_CAP_MB="${RSS_CAP_MB:-20000}"
export RESULTS="${RESULTS:-bench/out/scale}"
exec bash "$here/run.sh"
