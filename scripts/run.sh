#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Sets up a fresh Debian 12 machine, builds Sluice (release) and starts the main job.
# Until the console lands this is the headless launch-night demo of the engine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target sluice-sim
exec ./build/release/app/sluice-sim/sluice-sim demo "$@"
