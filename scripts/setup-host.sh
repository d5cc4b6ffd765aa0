#!/usr/bin/env bash
# Prepares this machine for vtopo's privileged tests: installs Debian packages and starts the daemons the tests use.
# Idempotent and safe to run concurrently (flock). Needs root; without root it only reports what is missing.
#
#   scripts/setup-host.sh [packages] [libvirt] [tgt] [gluster] [guest]     (no argument = all)
#
# Daemons are started by hand (these machines have no systemd) and recorded by PID under /run/vtopo-test/.
set -euo pipefail

want=("$@")
[ ${#want[@]} -eq 0 ] && want=(packages libvirt tgt gluster guest)
has() { local x; for x in "${want[@]}"; do [ "$x" = "$1" ] && return 0; done; return 1; }
log() { echo "setup-host: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  log "not root: skipping package installation and daemons (privileged tests will skip)"
  exit 0
fi

mkdir -p /run/vtopo-test
exec 9>/run/vtopo-test/setup.lock
# Daemons started below close fd 9 (9>&-): if they inherited it they would hold the lock for their lifetime
# and every later run would block.
flock 9

PKGS=(iproute2 strace libvirt-daemon libvirt-daemon-driver-qemu libvirt-daemon-driver-storage-iscsi-direct
  libvirt-clients dnsmasq-base iptables nftables qemu-utils qemu-system-x86 lvm2 iputils-ping busybox tgt
  python3-pyroute2 glusterfs-server glusterfs-client ansible-core iputils-arping
  chromium chromium-driver)

if has packages; then
  missing=()
  for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

if has libvirt; then
  getent group kvm >/dev/null || groupadd -r kvm
  getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
  id libvirt-qemu >/dev/null 2>&1 || useradd -r -g libvirt-qemu -G kvm -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu
  mkdir -p /etc/libvirt /var/log/libvirt /var/lib/libvirt /run/libvirt
  [ -s /etc/libvirt/qemu.conf ] || printf 'user = "root"\ngroup = "root"\n' > /etc/libvirt/qemu.conf
  alive /run/virtlogd.pid || virtlogd -d 9>&-
  if ! alive /run/libvirtd.pid; then
    libvirtd -d 9>&-
    for _ in $(seq 1 300); do virsh -c qemu:///system uri >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  virsh -c qemu:///system uri >/dev/null 2>&1 && log "libvirtd ready (pid $(cat /run/libvirtd.pid))" || log "libvirtd did not come up"
fi

if has tgt; then
  if ! alive /run/vtopo-test/tgtd.pid; then
    tgtd -f --iscsi portal=127.0.0.1:3260 >/var/log/vtopo-tgtd.log 2>&1 9>&- &
    echo $! > /run/vtopo-test/tgtd.pid
    for _ in $(seq 1 50); do tgtadm --lld iscsi --mode target --op show >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  log "tgtd ready (pid $(cat /run/vtopo-test/tgtd.pid))"
fi

if has gluster; then
  if command -v glusterd >/dev/null && ! alive /run/vtopo-test/glusterd.pid; then
    mkdir -p /var/log/glusterfs /var/lib/glusterd
    glusterd -N -p /run/vtopo-test/glusterd.pid >/var/log/vtopo-glusterd.log 2>&1 9>&- &
    for _ in $(seq 1 100); do gluster --mode=script pool list >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  command -v glusterd >/dev/null && log "glusterd ready (pid $(cat /run/vtopo-test/glusterd.pid 2>/dev/null || echo '?'))"
fi

if has guest; then
  # The TCG guest of cli GuestEndToEndTest: Debian kernel + busybox initrd, cached (scripts/guest-image.sh).
  bash "$(dirname "${BASH_SOURCE[0]}")/guest-image.sh" /var/cache/vtopo-test/guest 9>&- || log "guest image build failed"
fi
