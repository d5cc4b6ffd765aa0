#!/bin/sh
# Captures real kernel replies (the datagrams `ip` receives) for decoder tests. Run as root from this directory.
# One file per dump; each datagram is a block of hex lines preceded by "# datagram".
set -eu
cd "$(dirname "$0")"
ns="vtrep-$$"
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
n() { ip -n "$ns" "$@"; }
n link add br0 type bridge stp_state 1 forward_delay 400
n link add veth0 type veth peer name veth1
n link set veth0 master br0
n link set br0 alias vtopo:demo group 7 mtu 1400
n tuntap add dev tap0 mode tap multi_queue vnet_hdr user 1000
n link add vx0 type vxlan id 42 local 192.0.2.1 remote 192.0.2.2 dstport 4789 dev veth1
n link add link veth1 name mv0 type macvlan mode bridge
n link add link veth1 name mvt0 type macvtap mode vepa
n link set br0 up
n link set veth1 up
n addr add 192.0.2.1/24 dev br0
n addr add fd00::1/64 dev br0 nodad
n route add 198.51.100.0/24 via 192.0.2.254 dev br0
n route add 203.0.113.0/24 dev br0

capture() {
  file="$1"; shift
  {
    echo "# ip command: $*"
    ip netns exec "$ns" strace -e trace=recvmsg -e read=all -xx -s 65536 "$@" 2>&1 >/dev/null \
      | awk '/^recvmsg\(/ { peek = ($0 ~ /MSG_PEEK/); if (!peek) print "# datagram"; next }
             /^ \| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f] / { if (!peek) print substr($0, 10, 49) }' \
      | tr -s ' ' | sed 's/^ //; s/ $//'
  } > "$file"
  echo "captured $file"
}
capture link-dump.txt ip -d link show
capture addr-dump.txt ip addr show
capture route-dump.txt ip route show table all
