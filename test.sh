#!/usr/bin/env bash
# vtopo's whole test suite, from a fresh clone, in one command:   ./test.sh
#
# As root it first installs the Debian packages the privileged tests need and starts libvirtd, tgtd and glusterd
# (scripts/setup-host.sh), then runs every module's tests and checks the Debian package (scripts/test-package.sh:
# dpkg -i, vtopo validate and sandbox from /usr/bin, removed again); daemons it started are stopped again by PID.
# Without root it runs what it can (kernel link tests inside an unprivileged user+network namespace where the kernel
# allows it) and lists what it skipped. With VTOPO_REQUIRE_PRIVILEGED=1 (as .ci/run sets) a skip is a failure.
#
# Extra arguments go to Maven, e.g. ./test.sh -pl topology-core -am
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

say() { echo "test.sh: $*" >&2; }
started=()

if [ "$(id -u)" -eq 0 ]; then
  for d in /run/libvirtd.pid /run/virtlogd.pid /run/vtopo-test/tgtd.pid /run/vtopo-test/glusterd.pid; do
    if ! { [ -s "$d" ] && kill -0 "$(cat "$d")" 2>/dev/null; }; then started+=("$d"); fi
  done
  bash scripts/setup-host.sh || say "host setup failed; privileged tests will report what is missing"
else
  say "not root: packages and daemons are not set up; libvirt and storage tests will skip"
  if unshare -Urn true 2>/dev/null; then
    say "unprivileged user namespaces work: kernel link tests run inside 'unshare -Urn'"
    export VTOPO_USERNS=1
  else
    say "unprivileged user namespaces are not available: kernel link tests will skip"
  fi
fi

cleanup() {
  for pidfile in "${started[@]}"; do
    if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      case "$pidfile" in
        */tgtd.pid) tgtadm --op delete --mode system >/dev/null 2>&1 || kill "$(cat "$pidfile")" ;;
        *) kill "$(cat "$pidfile")" 2>/dev/null ;;
      esac
    fi
  done
}
trap cleanup EXIT

mvn -B -ntp ${VTOPO_MVN_OPTS:-} test "$@"
rc=$?

# The installable form, checked as a user meets it (root: dpkg -i the built .deb, run vtopo from /usr/bin, remove it).
if [ $# -eq 0 ]; then
  bash scripts/test-package.sh
  prc=$?
  if [ $prc -eq 77 ]; then
    say "package check skipped (needs root)"
    [ -n "${VTOPO_REQUIRE_PRIVILEGED:-}" ] && { say "VTOPO_REQUIRE_PRIVILEGED=1: a skipped package check fails"; rc=1; }
  elif [ $prc -ne 0 ]; then
    say "package check FAILED"
    rc=1
  fi
fi

# Summary from the surefire reports: totals and every skip with its reason.
python3 - <<'PY' || true
import glob, xml.etree.ElementTree as ET
t = f = e = s = 0
skips = []
for p in sorted(glob.glob("*/target/surefire-reports/TEST-*.xml")):
    r = ET.parse(p).getroot()
    t += int(r.get("tests", 0)); f += int(r.get("failures", 0)); e += int(r.get("errors", 0)); s += int(r.get("skipped", 0))
    for tc in r.iter("testcase"):
        sk = tc.find("skipped")
        if sk is not None:
            why = sk.get('message') or (sk.text or '').strip().split('\n')[0]
            why = why.split('skipped: ', 1)[-1].replace('org.opentest4j.TestAbortedException: ', '')
            skips.append(f"  {tc.get('classname').rsplit('.', 1)[-1]}.{tc.get('name')}: {why}")
print()
if skips:
    print("Skipped tests and why:")
    print("\n".join(skips[:200]))
print(f"{t - f - e - s} passed, {f + e} failed, {s} skipped")
PY
exit $rc
