#!/usr/bin/env bash
# Builds the Debian package and checks it as a user meets it: dpkg -i, then vtopo --version, validate and sandbox from
# /usr/bin/vtopo, with its man page, bash completion and class-data-sharing archive in place. The package is removed
# again afterwards unless it was installed before. Needs root (dpkg); test.sh runs it in its root path.
#
#   scripts/test-package.sh            build (mvn package -pl dist -am) and check
#   scripts/test-package.sh FILE.deb   check a package built already
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
say() { echo "test-package: $*" >&2; }
if [ "$(id -u)" -ne 0 ]; then
  say "skipped: installing a package needs root"
  exit 77
fi
deb="${1:-}"
if [ -z "$deb" ]; then
  mvn -q -B -ntp ${VTOPO_MVN_OPTS:-} -Dstyle.color=never -DskipTests package -pl dist -am >&2
  deb="$(ls -t dist/target/vtopo_*_all.deb | head -1)"
fi
if dpkg-query -W -f='${Status}' vtopo 2>/dev/null | grep -q "install ok installed"; then
  was_installed=1
else
  was_installed=
  trap 'dpkg --purge vtopo >/dev/null 2>&1 || say "could not remove the package"' EXIT
fi
say "installing $deb"
dpkg -i "$deb" >/dev/null

failed=0
check() {
  local what="$1"
  shift
  if out="$("$@" 2>&1)"; then
    say "ok: $what"
  else
    say "FAILED: $what"
    printf '%s\n' "$out" | tail -20 >&2
    failed=$((failed + 1))
  fi
}
check "/usr/bin/vtopo is the installed launcher" test -x /usr/bin/vtopo
check "man page" test -s /usr/share/man/man1/vtopo.1.gz
check "man renders it" sh -c 'man -l /usr/share/man/man1/vtopo.1.gz 2>/dev/null | grep -q "vtopo validate"'
check "bash completion" grep -q "complete -F" /usr/share/bash-completion/completions/vtopo
check "class-data-sharing archive made by postinst" test -s /var/cache/vtopo/vtopo.jsa
check "vtopo --version" sh -c 'cd / && vtopo --version | grep -q "^vtopo "'
# The archive is the one the installed command's own options map: -Xshare:on makes a JVM that cannot map it fail.
check "the installed command runs from its archive (-Xshare:on)" sh -c 'cd /
  out="$(VTOPO_JAVA_OPTS="-Xshare:on -Xlog:class+load" vtopo validate /usr/share/vtopo/examples/lab-two-vlans.yaml)"
  printf "%s" "$out" | grep -q "io.vtopo.cli.Main source: shared objects file" \
    && printf "%s" "$out" | grep -q "io.vtopo.core.validate.Validator source: shared objects file"'
check "a JDK package change remakes the archive (dpkg trigger on /usr/lib/jvm)" sh -c '
  rm -f /var/cache/vtopo/vtopo.jsa && dpkg-trigger --no-await /usr/lib/jvm && dpkg --triggers-only vtopo \
    && test -s /var/cache/vtopo/vtopo.jsa'
check "vtopo validate" sh -c 'cd / && vtopo validate /usr/share/vtopo/examples/lab-two-vlans.yaml | grep -q ": valid"'
check "vtopo sandbox" sh -c 'cd / && vtopo sandbox /usr/share/vtopo/examples/bridged-vms-nat-storage.yaml \
  | grep -q "sandbox: all stages passed"'
check "without libvirt0 the sandbox fails (3) and names the command" sh -c 'cd /
  out="$(VTOPO_TEST_HIDE_LIBVIRT=1 vtopo sandbox /usr/share/vtopo/examples/bridged-vms-nat-storage.yaml 2>&1)"
  [ $? -eq 3 ] && printf "%s" "$out" | grep -q "sudo apt-get install libvirt0"'
if [ -n "$was_installed" ]; then
  say "vtopo was installed before this check: the built package stays installed in its place"
fi
[ "$failed" -eq 0 ] && say "all checks passed" || say "$failed check(s) failed"
exit $((failed > 0))
