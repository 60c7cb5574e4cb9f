#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs what Sluice needs on Debian 12 from Debian's packages; does nothing when all is
# there, so it is safe to run twice. Uses sudo when not root.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev libgl-dev
  libspdlog-dev libssl-dev nlohmann-json3-dev fonts-dejavu-core
  nginx-light  # the gate's end-to-end test runs a real nginx in front of sluiced
  prometheus   # for promtool: the metrics test checks sluiced's /metrics with it
  chromium     # the waiting page's browser test (driven by playwright-core from npm)
  openssl      # the TLS tests make a self-signed certificate with it
  libhiredis-dev redis-server redis-sentinel redis-tools  # cluster mode and its tests
  poppler-utils # pdftoppm and pdftotext: the incident report test renders and reads the PDF
  dpkg-dev file       # Debian packages (CPack): dpkg-shlibdeps works out their Depends
  librsvg2-bin        # rsvg-convert renders the console's icon as a PNG for its package
  desktop-file-utils  # the package test validates the console's desktop file
  appstream           # ... and its AppStream metainfo (appstreamcli)
  qt6-tools-dev qt6-l10n-tools  # lupdate/lrelease (Qt6LinguistTools): the console's translations
  qt6-translations-l10n         # Qt's own qtbase_ko.qm: Cancel, Apply … in the console's language
  fonts-noto-cjk                # Hangul glyphs for the Korean console (and its test's screenshot)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm run the JOSE interoperability test; a machine may already have them from
# elsewhere (Debian's npm would conflict with a non-Debian node), so only add them if absent.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "setup-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
