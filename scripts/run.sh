#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Sets up a fresh Debian 12 machine, builds Sluice (release) and starts the main job: the
# operations console on the built-in launch night (headless: a rendered screenshot).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target sluice sluice-sim
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ -n "${QT_QPA_PLATFORM:-}" ]; then
  # The console on the built-in launch night (F5 runs it; --help lists the options).
  exec ./build/release/app/sluice/sluice "$@"
fi
# No display: run the same night headless to 22:00 KST, project the rest of the night at a
# lower admission rate (the what-if: a throttle), and render the console to a PNG.
echo "run.sh: no display; rendering the console headless to console.png" >&2
QT_QPA_PLATFORM=offscreen ./build/release/app/sluice/sluice --run-until 10800 \
  --what-if-rate 4000 --screenshot console.png "$@" 2> >(grep -v propagateSizeHints >&2)
echo "run.sh: wrote $(pwd)/console.png (the dashboard at 22:00 KST on the Sluice night," \
  "with a what-if: throttled to 4,000 admissions a minute)"
