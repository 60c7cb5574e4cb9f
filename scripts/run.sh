#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Sets up a fresh Debian 12 machine, builds Sluice (release) and starts the main job.
# Until the console lands this is the headless launch-night demo of the engine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target sluice sluice-sim
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ -n "${QT_QPA_PLATFORM:-}" ]; then
  # The console on the built-in launch night (F5 runs it; --help lists the options).
  exec ./build/release/app/sluice/sluice "$@"
fi
# No display: run the same night headless to 22:00 KST and render the console to a PNG.
echo "run.sh: no display; rendering the console headless to console.png" >&2
QT_QPA_PLATFORM=offscreen ./build/release/app/sluice/sluice --run-until 10800 \
  --screenshot console.png "$@" 2> >(grep -v propagateSizeHints >&2)
echo "run.sh: wrote $(pwd)/console.png (the dashboard at 22:00 KST on the Sluice night)"
