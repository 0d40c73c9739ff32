#!/usr/bin/env bash
# Sizes of the files the build makes from content images: each image's own format at 480, 800
# and 1,200 pixels beside lossless WebP at the same widths (the evidence for when the build
# keeps WebP; see bench/README.md), then what stripping their metadata saves of each original.
# Usage: bench/images/run.sh IMAGE...
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$#" -gt 0 ] || { echo "usage: $0 IMAGE..." >&2; exit 2; }
nice -n 10 cargo run --quiet --release -p render --example image_sizes -- "$@"
echo
nice -n 10 cargo run --quiet --release -p content --example image_metadata -- "$@"
