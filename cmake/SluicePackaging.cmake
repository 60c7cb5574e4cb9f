# SPDX-License-Identifier: Apache-2.0
# Install rules and Debian packages (CPack, one package per install component):
#
#   cmake --build <build dir> --target package
#     -> sluice-console_<version>_<arch>.deb   component console: sluice, sluice-sim, desktop
#                                              file, AppStream metainfo, icon
#     -> sluice-server_<version>_<arch>.deb    component server: sluiced, the waiting page,
#                                              systemd unit, nginx example site, Prometheus
#                                              example alerts, docs/api.md, docs/metrics.md
#
# Sources of the package-only files are in packaging/ (desktop/, debian/, systemd/, nginx/).
# Included from the top-level CMakeLists.txt once every app target exists.
# tests/packages/check_packages.sh builds the packages and checks them (CTest: deb_packages).

if(NOT SLUICE_BUILD_APPS)
  return() # nothing to install or package without the apps (the asan preset)
endif()

# Everything below installs relative to the prefix, which is /usr in the packages.
set(SLUICE_PACKAGE_PREFIX /usr)
set(SLUICE_WAITING_DIR share/sluice/waiting)
set(SLUICE_INSTALLED_WEB_ROOT ${SLUICE_PACKAGE_PREFIX}/${SLUICE_WAITING_DIR})
set(_pkg ${PROJECT_SOURCE_DIR}/packaging)

# --- server -----------------------------------------------------------------------------
# sluiced looks for its page in ../share/sluice/waiting beside its own binary first (where
# this installs it), so the one build serves both the tests (source tree) and the package.
install(TARGETS sluiced RUNTIME DESTINATION bin COMPONENT server)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/waiting/ DESTINATION ${SLUICE_WAITING_DIR}
        COMPONENT server)
# /lib/systemd/system (not /usr/lib) is where Debian 12's own packages put units.
install(FILES ${_pkg}/systemd/sluiced.service DESTINATION /lib/systemd/system COMPONENT server)
# An example only: nothing is enabled in nginx by installing the package.
install(FILES ${_pkg}/nginx/sluice-site.conf DESTINATION share/doc/sluice-server/examples
        COMPONENT server)
# Prometheus alerting rules and a scrape configuration, examples too (docs/metrics.md).
install(FILES ${_pkg}/prometheus/sluiced-alerts.yml ${_pkg}/prometheus/prometheus-scrape.example.yml
        DESTINATION share/doc/sluice-server/examples/prometheus COMPONENT server)
install(FILES ${PROJECT_SOURCE_DIR}/docs/api.md ${PROJECT_SOURCE_DIR}/docs/metrics.md
              ${_pkg}/debian/copyright DESTINATION share/doc/sluice-server COMPONENT server)

# --- console ----------------------------------------------------------------------------
# sluice and sluice-sim are installed by app/sluice and app/sluice-sim (component console).
install(FILES ${_pkg}/desktop/org.sluice.Console.desktop DESTINATION share/applications
        COMPONENT console)
install(FILES ${_pkg}/desktop/org.sluice.Console.metainfo.xml DESTINATION share/metainfo
        COMPONENT console)
install(FILES ${_pkg}/desktop/org.sluice.Console.svg
        DESTINATION share/icons/hicolor/scalable/apps COMPONENT console)
# A 256x256 PNG of the icon for software centres, when rsvg-convert (librsvg2-bin) is there.
find_program(SLUICE_RSVG_CONVERT rsvg-convert)
if(SLUICE_RSVG_CONVERT)
  set(_png ${PROJECT_BINARY_DIR}/packaging/org.sluice.Console.png)
  add_custom_command(OUTPUT ${_png}
    COMMAND ${SLUICE_RSVG_CONVERT} -w 256 -h 256 -o ${_png} ${_pkg}/desktop/org.sluice.Console.svg
    DEPENDS ${_pkg}/desktop/org.sluice.Console.svg
    COMMENT "Rendering the console's icon at 256x256" VERBATIM)
  add_custom_target(sluice_icon_png ALL DEPENDS ${_png})
  install(FILES ${_png} DESTINATION share/icons/hicolor/256x256/apps COMPONENT console)
else()
  message(STATUS "rsvg-convert not found (librsvg2-bin): sluice-console gets the SVG icon only")
endif()
install(FILES ${PROJECT_SOURCE_DIR}/docs/console.md ${PROJECT_SOURCE_DIR}/docs/simulator.md
              ${PROJECT_SOURCE_DIR}/docs/scenario-format.md ${_pkg}/debian/copyright
        DESTINATION share/doc/sluice-console COMPONENT console)

# --- CPack ------------------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sluice)
set(CPACK_PACKAGE_VENDOR "Sluice developers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Sluice developers <dev@sluice.org>")
# Empty: each package's description starts with its own synopsis, and CPack would put a
# package-wide summary (default: the project's DESCRIPTION) in front of both.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_PACKAGING_INSTALL_PREFIX ${SLUICE_PACKAGE_PREFIX})
set(CPACK_STRIP_FILES ON) # also packages from the dev preset are of a reasonable size
set(CPACK_COMPONENTS_ALL console server) # and nothing else (tests, bench install nothing)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # <package>_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://sluice.org/")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # Depends on the libraries, from dpkg-shlibdeps
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_CONSOLE_PACKAGE_NAME sluice-console)
set(CPACK_DEBIAN_CONSOLE_PACKAGE_SECTION admin)
# Qt's platform plugins (xcb, wayland) are only recommended by libqt6gui6; without them the
# console cannot open a window.
set(CPACK_DEBIAN_CONSOLE_PACKAGE_DEPENDS "qt6-qpa-plugins")
# In Korean (sluice --lang ko): Qt's own words (Cancel, Apply) and Hangul glyphs. The console
# works without them (English words in Qt's buttons; boxes for glyphs), so recommended only.
set(CPACK_DEBIAN_CONSOLE_PACKAGE_RECOMMENDS "qt6-translations-l10n, fonts-noto-cjk")
set(CPACK_COMPONENT_CONSOLE_DESCRIPTION
  "operations console for the Sluice virtual waiting room"
  "Sluice is a virtual waiting room for launch-night surges: people who arrive"
  "before the opening get a fair place in line, an honest estimate of the wait"
  "and an admission token when their turn comes, at a rate the protected site"
  "can take."
  ""
  "This package contains the Qt console, which runs and rehearses a launch night"
  "in simulation (tiles, charts on one time axis, timeline, controls, what-if"
  "projections, alert rules), and sluice-sim, which runs, sweeps and compares"
  "launch nights without a display.")
list(JOIN CPACK_COMPONENT_CONSOLE_DESCRIPTION "\n" CPACK_COMPONENT_CONSOLE_DESCRIPTION)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME sluice-server)
set(CPACK_DEBIAN_SERVER_PACKAGE_SECTION web)
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser") # the postinst adds the sluice user
set(CPACK_DEBIAN_SERVER_PACKAGE_SUGGESTS "nginx")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    ${_pkg}/debian/server/postinst ${_pkg}/debian/server/prerm ${_pkg}/debian/server/postrm)
set(CPACK_COMPONENT_SERVER_DESCRIPTION
  "virtual waiting room server for launch-night surges"
  "sluiced puts a fair, crash-safe waiting room in front of a site on launch"
  "night: tickets, fair positions, admission within rate and capacity, honest"
  "wait estimates, admission tokens (JWT EdDSA) checked by nginx's auth_request,"
  "an admin API and Prometheus metrics. Every acknowledged change is journaled"
  "before the answer goes out."
  ""
  "This package contains sluiced, its waiting page, a systemd unit running it as"
  "the sluice user (not enabled), an example nginx site and example Prometheus"
  "alerting rules.")
list(JOIN CPACK_COMPONENT_SERVER_DESCRIPTION "\n" CPACK_COMPONENT_SERVER_DESCRIPTION)

# `package_source` packs the source tree, without build trees and other local state.
set(CPACK_SOURCE_GENERATOR TXZ)
set(CPACK_SOURCE_IGNORE_FILES "/[.]git/" "^${PROJECT_SOURCE_DIR}/build/" "/[.]cache/" "/node_modules/" "/console[.]png$")

include(CPack)
