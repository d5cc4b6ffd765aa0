#!/usr/bin/env bash
# Builds the tiny guest that vtopo's end-to-end test (cli GuestEndToEndTest) boots under TCG: Debian's current
# amd64 kernel and a gzip'd newc initrd holding busybox-static, the NIC driver modules and an /init that takes a
# DHCP lease on eth0, pings its gateway and prints marker lines on the serial console:
#
#   VTOPO-GUEST lease=198.51.100.5/28 gw=198.51.100.1 mac=52:54:00:.. t=8.22
#   VTOPO-GUEST ping 198.51.100.1=ok t=9.26   (one line per target: the gateway, then any vtopo.ping= targets)
#   VTOPO-GUEST done t=9.34                    (t= is the guest's uptime in seconds)
#
# Kernel command line: vtopo.ping=IP[,IP...] (more targets, each pinged with retries for up to 30 s),
# vtopo.after=poweroff|idle|agent (default poweroff).
#
# agent: after 'done' the guest reads commands from its console (ttyS0), one a line, each ending with an id the
# answer repeats, and answers on the console:
#
#   ping IP ID           VTOPO-GUEST rID ping IP=ok|fail          (3 tries, 1 s each)
#   dhcp IF ID           VTOPO-GUEST rID dhcp IF lease=IP/LEN|none   (flushes IF's addresses first)
#   nics ID              VTOPO-GUEST rID nic IF mac=MAC driver=DRIVER state=UP|DOWN ... then VTOPO-GUEST rID end
#   disks ID             VTOPO-GUEST rID disk vda bytes=N ... then VTOPO-GUEST rID end
#
# The test harness (cli GuestDevicesLiveTest) gives the console a unix socket to write to and a log to read.
#
#   scripts/guest-image.sh [DIR]      (default /var/cache/vtopo-test/guest; needs root for apt-get download)
#
# Idempotent: does nothing when DIR holds an image built by this version of the script. Nothing it makes is
# committed; the packages come from the machine's Debian mirror.
set -euo pipefail

dir="${1:-/var/cache/vtopo-test/guest}"
log() { echo "guest-image: $*" >&2; }

self_hash="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)"
if [ -s "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$self_hash" ] && [ -s "$dir/vmlinuz" ] && [ -s "$dir/initrd.gz" ]; then
  log "up to date in $dir ($(cat "$dir/kernel-version"))"
  exit 0
fi

# The current kernel is what the linux-image-amd64 metapackage depends on (the newest ABI the mirror offers).
current_kernel() {
  local k
  k="$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-6\.1\.0-[0-9]+-amd64$/ {print $2; exit}')"
  [ -n "$k" ] || k="$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' | awk '{print $1}' | sort -V | tail -1)"
  echo "$k"
}
kpkg="$(current_kernel)"
if [ -z "$kpkg" ]; then
  apt-get update -qq >/dev/null || true   # a fresh machine may have no package lists yet
  kpkg="$(current_kernel)"
fi
[ -n "$kpkg" ] || { log "no linux-image-6.1.0-*-amd64 package known to apt (run apt-get update)"; exit 1; }

work="$(mktemp -d /tmp/vtopo-guest-image.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work"
log "downloading $kpkg busybox-static"
apt-get download -q "$kpkg" busybox-static >/dev/null 2>download.err || {
  apt-get update -qq >/dev/null && apt-get download -q "$kpkg" busybox-static >/dev/null 2>download.err
} || { cat download.err >&2; exit 1; }
mkdir k bb
dpkg-deb -x linux-image-*.deb k
dpkg-deb -x busybox-static_*.deb bb
kver="$(ls k/lib/modules)"
bb="$work/bb/bin/busybox"

root="$work/root"
mkdir -p "$root"/{bin,dev,proc,sys,run,etc,lib/modules}
cp "$bb" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"

# The Debian kernel has virtio_pci and virtio_net as modules: copy them with their dependencies, in load order.
# (No modinfo here, the host kernel has no modules: read each module's "depends=" from its .modinfo strings.)
declare -A seen=()
order=()
add_module() {
  local name="$1" file dep deps
  [ -n "${seen[$name]:-}" ] && return 0
  seen[$name]=1
  file="$(find k/lib/modules -name "$name.ko" -o -name "$(echo "$name" | tr _ -).ko" | head -1)"
  [ -n "$file" ] || { log "module $name not found in $kpkg"; exit 1; }
  deps="$(tr '\0' '\n' <"$file" | sed -n 's/^depends=//p' | head -1)"
  for dep in ${deps//,/ }; do add_module "$dep"; done
  cp "$file" "$root/lib/modules/"
  order+=("$(basename "$file")")
}
grep -q '^CONFIG_VIRTIO_NET=y' k/boot/config-* || add_module virtio_net
grep -q '^CONFIG_VIRTIO_PCI=y' k/boot/config-* || add_module virtio_pci
grep -q '^CONFIG_VIRTIO_BLK=y' k/boot/config-* || add_module virtio_blk
printf '%s\n' "${order[@]}" >"$root/lib/modules/order"

cat >"$root/init" <<'EOF'
#!/bin/sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
# Every marker line ends with the guest's uptime in seconds (t=...), for the boot-to-lease and boot-to-ping figures.
say() { echo "VTOPO-GUEST $* t=$(cut -d' ' -f1 /proc/uptime)" >/dev/console; }
arg() { for w in $(cat /proc/cmdline); do case "$w" in "$1"=*) echo "${w#*=}";; esac; done; }
say "init kernel=$(uname -r)"
for m in $(cat /lib/modules/order); do
  if insmod "/lib/modules/$m"; then say "insmod $m"; else say "insmod $m failed"; fi
done
ip link set lo up
ip link set eth0 up || say "no eth0"
mac="$(cat /sys/class/net/eth0/address 2>/dev/null)"
# -n: exit if no lease; -q: quit after obtaining one (the lease is not renewed; the test is short).
if udhcpc -i eth0 -s /etc/udhcpc.script -n -q -t 30 -T 1 -A 1 >/dev/console 2>&1 && [ -s /run/lease ]; then
  . /run/lease
  say "lease=$ip/$mask gw=$gw mac=$mac"
  if ping -c 3 -i 0.5 -W 2 "$gw" >/dev/null 2>&1; then say "ping $gw=ok"; else say "ping $gw=fail"; fi
  for t in $(arg vtopo.ping | tr , ' '); do
    r=fail
    for _ in $(seq 1 30); do ping -c 1 -W 1 "$t" >/dev/null 2>&1 && { r=ok; break; }; done
    say "ping $t=$r"
  done
else
  say "lease=none gw=none mac=$mac"
fi
say "done"
if [ "$(arg vtopo.after)" = idle ]; then
  while :; do sleep 3600; done
fi
if [ "$(arg vtopo.after)" = agent ]; then
  # Commands from the test on the console; no echo, so the log holds only answers. Hot-plugged NICs and disks
  # bind to the drivers loaded above (the kernel's ACPI PCI hotplug announces them).
  stty -echo </dev/console 2>/dev/null
  while read -r cmd a b </dev/console; do
    case "$cmd" in
      ping)
        r=fail
        for _ in 1 2 3; do ping -c 1 -W 1 "$a" >/dev/null 2>&1 && { r=ok; break; }; done
        say "r$b ping $a=$r" ;;
      dhcp)
        rm -f "/run/lease.$a"
        ip -4 addr flush dev "$a" 2>/dev/null
        ip link set "$a" up 2>/dev/null
        if udhcpc -i "$a" -s /etc/udhcpc.script -n -q -t 15 -T 1 -A 1 >/dev/null 2>&1 && [ -s "/run/lease.$a" ]; then
          . "/run/lease.$a"
          say "r$b dhcp $a lease=$ip/$mask gw=$gw"
        else
          say "r$b dhcp $a lease=none"
        fi ;;
      nics)
        for n in /sys/class/net/*; do
          i="${n##*/}"
          [ "$i" = lo ] && continue
          d="$(readlink "$n/device/driver" 2>/dev/null)"
          say "r$a nic $i mac=$(cat "$n/address") driver=${d##*/} carrier=$(cat "$n/carrier" 2>/dev/null)"
        done
        say "r$a end" ;;
      disks)
        for n in /sys/block/vd*; do
          [ -e "$n" ] || continue
          say "r$a disk ${n##*/} bytes=$(( $(cat "$n/size") * 512 ))"
        done
        say "r$a end" ;;
      '') ;;
      *) say "r$b unknown $cmd" ;;
    esac
  done
fi
sync
poweroff -f
EOF
chmod 755 "$root/init"

cat >"$root/etc/udhcpc.script" <<'EOF'
#!/bin/sh
# udhcpc calls this with $1 = deconfig|bound|renew|leasefail|nak and the lease in the environment.
case "$1" in
  deconfig) ip -4 addr flush dev "$interface"; ip link set "$interface" up ;;
  bound|renew)
    ip -4 addr flush dev "$interface"
    ip addr add "$ip/$mask" dev "$interface"
    gw="${router%% *}"
    [ -n "$gw" ] && ip route replace default via "$gw" dev "$interface"
    printf 'ip=%s\nmask=%s\ngw=%s\n' "$ip" "$mask" "$gw" >"/run/lease.$interface"
    [ "$interface" = eth0 ] && cp "/run/lease.$interface" /run/lease ;;
esac
exit 0
EOF
chmod 755 "$root/etc/udhcpc.script"

(cd "$root" && find . -mindepth 1 | sed 's|^\./||' | sort | "$bb" cpio -o -H newc -R 0:0 2>/dev/null) | gzip -9 >initrd.gz

mkdir -p "$dir"
tmpd="$(mktemp -d "$dir/.new.XXXXXX")"
cp k/boot/vmlinuz-* "$tmpd/vmlinuz"
cp initrd.gz "$tmpd/initrd.gz"
echo "$kver" >"$tmpd/kernel-version"
for f in vmlinuz initrd.gz kernel-version; do mv -f "$tmpd/$f" "$dir/$f"; done
rmdir "$tmpd"
chmod 644 "$dir"/*
echo "$self_hash" >"$dir/stamp"
log "built $dir (kernel $kver, modules: ${order[*]:-none}, initrd $(stat -c %s "$dir/initrd.gz") bytes)"
