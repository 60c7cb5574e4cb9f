#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# What the server benchmarks need beyond scripts/setup-deps.sh: wrk (load), nginx (the
# reference), and the two HTTP stacks sluiced was compared with (Boost.Beast headers, Qt
# HTTP Server, whose CMake package also needs qt6-websockets-dev). None of these is a
# dependency of Sluice itself. The cluster chaos runs (bench/cluster/chaos.sh) need jq, and
# iptables to cut a node off from Redis. Safe to run twice.
set -euo pipefail
bash "$(dirname "$0")/setup-deps.sh"
packages=(wrk nginx-light libboost-dev qt6-httpserver-dev qt6-websockets-dev jq iptables)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "setup-bench-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
