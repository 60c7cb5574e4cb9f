#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Makes the Debian packages of a built tree with cpack (into BUILD_DIR/tests/packages, not
# where `--target package` puts them) and checks them: control fields, the files each one
# must hold and nothing from tests or bench, the desktop file (desktop-file-validate), the
# AppStream metainfo (appstreamcli validate --no-net), the packaged sluiced serving the
# packaged waiting page, and the maintainer scripts.
#   check_packages.sh CPACK BUILD_DIR SOURCE_DIR VERSION
set -uo pipefail

if [ $# -ne 4 ]; then
  echo "usage: $0 CPACK BUILD_DIR SOURCE_DIR VERSION" >&2
  exit 2
fi
cpack=$1 build=$2 source=$3 version=$4
out=$build/tests/packages
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
die() {
  echo "FAIL: $*" >&2
  exit 1
}

for tool in dpkg-deb desktop-file-validate appstreamcli; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool not found (scripts/setup-deps.sh installs dpkg, desktop-file-utils, appstream)"
done
[ -f "$build/CPackConfig.cmake" ] ||
  die "$build/CPackConfig.cmake missing: the build was configured without cmake/SluicePackaging.cmake"

# --- make the packages ------------------------------------------------------------------
rm -rf "$out" && mkdir -p "$out" || die "cannot create $out"
if ! "$cpack" --config "$build/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1; then
  cat "$out/cpack.log" >&2
  die "cpack failed (log above; is the tree built? cmake --build $build)"
fi
arch=$(dpkg --print-architecture)
console=$out/sluice-console_${version}_${arch}.deb
server=$out/sluice-server_${version}_${arch}.deb
for deb in "$console" "$server"; do
  [ -f "$deb" ] || die "$(basename "$deb") not made; cpack made: $(cd "$out" && echo *.deb)"
done
echo "made $(basename "$console") ($(stat -c %s "$console") bytes)," \
     "$(basename "$server") ($(stat -c %s "$server") bytes)"

# --- control fields ---------------------------------------------------------------------
check_fields() { # deb package section
  local deb=$1 package=$2 section=$3 field value
  for field in Package Version Architecture Maintainer Description Section Homepage Depends; do
    value=$(dpkg-deb -f "$deb" "$field")
    [ -n "$value" ] || fail "$package: control field $field is empty or missing"
  done
  [ "$(dpkg-deb -f "$deb" Package)" = "$package" ] || fail "$package: Package is $(dpkg-deb -f "$deb" Package)"
  [ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "$package: Version is $(dpkg-deb -f "$deb" Version), not $version"
  [ "$(dpkg-deb -f "$deb" Section)" = "$section" ] || fail "$package: Section is $(dpkg-deb -f "$deb" Section), not $section"
  # dpkg-shlibdeps ran: the C and C++ runtimes are among the dependencies.
  dpkg-deb -f "$deb" Depends | grep -q 'libc6 (>=' || fail "$package: Depends has no libc6 (dpkg-shlibdeps did not run?): $(dpkg-deb -f "$deb" Depends)"
  dpkg-deb -f "$deb" Depends | grep -q 'libstdc++6 (>=' || fail "$package: Depends has no libstdc++6: $(dpkg-deb -f "$deb" Depends)"
}
check_fields "$console" sluice-console admin
check_fields "$server" sluice-server web
dpkg-deb -f "$console" Depends | grep -q 'libqt6charts6' || fail "sluice-console: Depends has no libqt6charts6"
dpkg-deb -f "$console" Depends | grep -q 'qt6-qpa-plugins' || fail "sluice-console: Depends has no qt6-qpa-plugins"
dpkg-deb -f "$server" Depends | grep -q 'libssl3' || fail "sluice-server: Depends has no libssl3"
dpkg-deb -f "$server" Depends | grep -q 'adduser' || fail "sluice-server: Depends has no adduser (postinst uses it)"

# --- files ------------------------------------------------------------------------------
check_files() { # deb package expected-path...
  local deb=$1 package=$2 listing path
  shift 2
  listing=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')
  for path in "$@"; do
    grep -qxF "$path" <<<"$listing" || fail "$package: $path missing"
  done
  local stray
  stray=$(grep -E '(^|/)(tests?|bench|tst_[^/]*|bench_[^/]*|_CPack_Packages)(/|$)|/include/|\.(a|o|h|cpp|cmake)$' <<<"$listing")
  [ -z "$stray" ] || fail "$package: holds files from the build or the tests: $stray"
  stray=$(grep -vE '^/(usr/(bin|share)|lib/systemd/system)(/|$)|^/$|^/usr/$|^/lib/$|^/lib/systemd/$' <<<"$listing")
  [ -z "$stray" ] || fail "$package: files outside /usr/bin, /usr/share, /lib/systemd/system: $stray"
}
console_files=(
  /usr/bin/sluice /usr/bin/sluice-sim
  /usr/share/applications/org.sluice.Console.desktop
  /usr/share/metainfo/org.sluice.Console.metainfo.xml
  /usr/share/icons/hicolor/scalable/apps/org.sluice.Console.svg
  /usr/share/doc/sluice-console/copyright /usr/share/doc/sluice-console/console.md
)
# The PNG is rendered only where rsvg-convert was found (cmake/SluicePackaging.cmake).
if [ -f "$build/packaging/org.sluice.Console.png" ]; then
  console_files+=(/usr/share/icons/hicolor/256x256/apps/org.sluice.Console.png)
fi
check_files "$console" sluice-console "${console_files[@]}"
server_files=(/usr/bin/sluiced /lib/systemd/system/sluiced.service
              /usr/share/doc/sluice-server/api.md /usr/share/doc/sluice-server/copyright
              /usr/share/doc/sluice-server/examples/sluice-site.conf
              /usr/share/doc/sluice-server/metrics.md
              /usr/share/doc/sluice-server/examples/prometheus/sluiced-alerts.yml
              /usr/share/doc/sluice-server/examples/prometheus/prometheus-scrape.example.yml)
for page in "$source"/resources/waiting/*; do
  server_files+=("/usr/share/sluice/waiting/$(basename "$page")")
done
check_files "$server" sluice-server "${server_files[@]}"
dpkg-deb -c "$console" | grep -q 'sluiced$' && fail "sluice-console holds sluiced"
dpkg-deb -c "$server" | grep -qE '/sluice(-sim)?$' && fail "sluice-server holds the console"

# --- what is inside ---------------------------------------------------------------------
root=$out/root
mkdir -p "$root/console" "$root/server" "$root/control"
dpkg-deb -x "$console" "$root/console" || die "cannot unpack $console"
dpkg-deb -x "$server" "$root/server" || die "cannot unpack $server"
dpkg-deb -e "$server" "$root/control" || die "cannot unpack the control files of $server"

desktop=$root/console/usr/share/applications/org.sluice.Console.desktop
if [ -f "$desktop" ]; then
  result=$(desktop-file-validate "$desktop" 2>&1)
  status=$?
  echo "desktop-file-validate: exit $status${result:+, }$result"
  [ $status -eq 0 ] && [ -z "$result" ] || fail "desktop-file-validate complains about the desktop file"
fi
metainfo=$root/console/usr/share/metainfo/org.sluice.Console.metainfo.xml
if [ -f "$metainfo" ]; then
  result=$(appstreamcli validate --no-net "$metainfo" 2>&1)
  status=$?
  echo "appstreamcli validate --no-net: exit $status, $(tr '\n' ' ' <<<"$result" | sed 's/  */ /g')"
  [ $status -eq 0 ] || fail "appstreamcli validate --no-net fails on the metainfo"
fi

sluiced=$root/server/usr/bin/sluiced
if [ -f "$sluiced" ]; then
  "$sluiced" --version >/dev/null 2>&1 || fail "the packaged sluiced does not run (--version)"
  # Run as laid out by the package: it must serve the packaged page (found beside its
  # binary, ../share/sluice/waiting), not the source tree's.
  data=$(mktemp -d)
  echo '{"eventId": "pkg", "opensAt": "2026-01-01T00:00:00Z", "admissionRatePerMinute": 60, "capacity": 5}' \
    > "$data/event.json"
  "$sluiced" --data-dir "$data" --listen 127.0.0.1:0 > "$data/out" 2> "$data/err" &
  pid=$!
  port=
  for _ in $(seq 50); do
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$data/out")
    [ -n "$port" ] && break
    sleep 0.1
  done
  if [ -z "$port" ]; then
    fail "the packaged sluiced did not start: $(cat "$data/err")"
  else
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf 'GET /queue/ HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n' >&3
    page=$(cat <&3 | sed '1,/^\r$/d')
    exec 3<&-
    [ "$page" = "$(cat "$root/server/usr/share/sluice/waiting/index.html")" ] ||
      fail "the packaged sluiced does not serve the packaged waiting page at /queue/"
  fi
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  rm -rf "$data"
fi
for page in "$source"/resources/waiting/*; do
  cmp -s "$page" "$root/server/usr/share/sluice/waiting/$(basename "$page")" ||
    fail "the packaged $(basename "$page") differs from resources/waiting's"
done
cmp -s "$source/packaging/systemd/sluiced.service" "$root/server/lib/systemd/system/sluiced.service" ||
  fail "the packaged sluiced.service differs from packaging/systemd's"
grep -q '^ExecStart=/usr/bin/sluiced ' "$root/server/lib/systemd/system/sluiced.service" ||
  fail "sluiced.service does not start /usr/bin/sluiced"
for bin in "$root/console/usr/bin/sluice" "$root/console/usr/bin/sluice-sim" "$sluiced"; do
  [ -x "$bin" ] || fail "$(basename "$bin") is not executable in its package"
done

for script in postinst prerm postrm; do
  if [ ! -x "$root/control/$script" ]; then
    fail "sluice-server: maintainer script $script missing or not executable"
  elif ! sh -n "$root/control/$script"; then
    fail "sluice-server: $script is not valid sh"
  fi
done
grep -q 'adduser --system --group --home /var/lib/sluice' "$root/control/postinst" 2>/dev/null ||
  fail "sluice-server: postinst does not add the sluice user"

echo "sluice-console:"; dpkg-deb -c "$console" | awk '$6 !~ /\/$/ {print "  " $6}'
echo "sluice-server:"; dpkg-deb -c "$server" | awk '$6 !~ /\/$/ {print "  " $6}'
if [ $failures -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "both packages complete"
