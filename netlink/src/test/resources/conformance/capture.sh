#!/bin/sh
# Regenerates the iproute2 conformance captures: for each case, runs the `ip` command under strace inside a
# throwaway network namespace and stores the bytes of its last sendmsg (the mutating request) next to the command.
# Run as root from this directory:  sh capture.sh
# Every case starts from the same setup so ifindexes are fixed: lo=1, br0=2, veth0=3, veth1=4.
set -eu
cd "$(dirname "$0")"
ns="vtcap-$$"

capture() {
  name="$1"; shift
  ip netns add "$ns"
  ip -n "$ns" link add br0 type bridge
  ip -n "$ns" link add veth0 type veth peer name veth1
  out=$(ip netns exec "$ns" strace -f -e trace=sendmsg -e write=all -xx -s 4096 "$@" 2>&1 >/dev/null || true)
  ip netns del "$ns"
  {
    echo "# ip command: $*"
    echo "# setup: ip link add br0 type bridge; ip link add veth0 type veth peer name veth1 (lo=1 br0=2 veth1=3 veth0=4: the kernel registers the peer first)"
    # Keep only the hex dump of the last sendmsg call.
    printf '%s\n' "$out" | awk '/^sendmsg\(/ {buf=""; next} /^ \| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f] / {line=substr($0, 10, 49); buf=buf line "\n"} END {printf "%s", buf}' \
      | tr -s ' ' | sed 's/^ //; s/ $//' | grep -v "^$" || true
  } > "$name.txt"
  echo "captured $name"
}

capture bridge ip link add name br1 type bridge stp_state 1 forward_delay 400
capture bridge-vlan-filtering ip link add name br1 type bridge vlan_filtering 1 vlan_protocol 802.1ad
capture veth ip link add name va type veth peer name vb
capture vxlan ip link add name vx0 type vxlan id 42 local 192.0.2.1 remote 192.0.2.2 dstport 4789 dev br0
capture macvlan ip link add link br0 name mv0 type macvlan mode bridge
capture macvtap ip link add link br0 name mvt0 type macvtap mode vepa
capture vlan-8021q ip link add link br0 name br0.10 type vlan id 10
capture vlan-8021ad ip link add link br0 name br0.20 type vlan protocol 802.1ad id 20
capture bond-active-backup ip link add name bond0 type bond mode active-backup miimon 100
capture bond-8023ad ip link add name bond1 type bond mode 802.3ad
capture bond-lacp ip link add name bond2 type bond mode 802.3ad miimon 100 xmit_hash_policy layer3+4 lacp_rate fast
capture dummy ip link add name dummy0 type dummy
capture addr-add-v4 ip addr add 192.0.2.1/24 dev br0
capture addr-add-v6 ip addr add fd00::1/64 dev br0
capture addr-del-v4 ip addr del 192.0.2.1/24 dev br0
capture route-add-via ip route add 198.51.100.0/24 via 192.0.2.254 dev br0
capture route-add-dev ip route add 203.0.113.0/24 dev br0
capture route-add-v6 ip -6 route add fd00:1::/64 via fd00::fe dev br0
capture route-del ip route del 203.0.113.0/24 dev br0
capture set-master ip link set dev veth0 master br0
capture set-nomaster ip link set dev veth0 nomaster
capture set-mtu ip link set dev br0 mtu 1400
capture set-up ip link set dev br0 up
capture set-down ip link set dev br0 down
capture set-mac ip link set dev br0 address 02:00:00:00:00:01
capture set-alias ip link set dev br0 alias vtopo:demo
capture set-group ip link set dev br0 group 42
capture link-del ip link del dev br0
capture link-del-group ip link del group 42
