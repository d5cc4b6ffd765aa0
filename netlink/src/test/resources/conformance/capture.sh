#!/bin/sh
# Regenerates the iproute2 conformance captures: for each case, runs the `ip` command under strace inside a
# throwaway network namespace and stores the bytes of its last sendmsg (the mutating request) next to the command.
# Run as root from this directory:  sh capture.sh [CASE...]   (no case: all of them; naming cases keeps the other
# files as they are, since every capture carries its own sequence number).
# `bridge vlan` cases: veth0 is a port of br0 first. This kernel refuses VLAN filtering, but strace still prints the
# request iproute2 sent.
# Every case starts from the same setup so ifindexes are fixed: lo=1, br0=2, veth0=3, veth1=4.
set -eu
cd "$(dirname "$0")"
ns="vtcap-$$"
only="$*"

capture() {
  name="$1"; shift
  if [ -n "$only" ] && ! printf ' %s ' "$only" | grep -q " $name "; then
    return 0
  fi
  ip netns add "$ns"
  ip -n "$ns" link add br0 type bridge
  ip -n "$ns" link add veth0 type veth peer name veth1
  ip -n "$ns" link set veth0 master br0
  out=$(ip netns exec "$ns" strace -f -e trace=sendmsg,sendto -e write=all -xx -s 4096 "$@" 2>&1 >/dev/null || true)
  ip netns del "$ns"
  {
    echo "# ip command: $*"
    echo "# setup: ip link add br0 type bridge; ip link add veth0 type veth peer name veth1; ip link set veth0 master br0 (lo=1 br0=2 veth1=3 veth0=4: the kernel registers the peer first)"
    # Keep only the hex dump of the last sendmsg call.
    printf '%s\n' "$out" | awk '/^(\[pid +[0-9]+\] )?send(msg|to)\(/ {buf=""; next} /^ \| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f] / {line=substr($0, 10, 49); buf=buf line "\n"} END {printf "%s", buf}' \
      | tr -s ' ' | sed 's/^ //; s/ $//' | grep -v "^$" \
      | awk '# keep nlmsg_len bytes: some tools (bridge fdb show) send their whole request buffer
             { for (i = 1; i <= NF; i++) b[n++] = $i }
             END { len = n; if (n >= 4) len = ("0x" b[0]) + 256 * ("0x" b[1]) + 65536 * ("0x" b[2]);
                   if (len > n || len <= 0) len = n;
                   for (i = 0; i < len; i++) printf "%s%s", b[i], (i % 16 == 15 || i == len - 1) ? "\n" : " " }' || true
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
capture vxlan-group ip link add name vx1 type vxlan id 7 group 239.1.1.1 dev br0 dstport 4789
capture vxlan-v6 ip link add name vx2 type vxlan id 8 local fd00::1 remote fd00::2 dstport 4789
capture vxlan-minimal ip link add name vx3 type vxlan id 9 dstport 4789
capture veth-grouped ip link add name va group 42 type veth peer name vb group 42
capture bond-set-miimon ip link set dev br0 type bond miimon 200
capture bond-set-hash ip link set dev br0 type bond xmit_hash_policy layer2+3
capture bond-set-lacp ip link set dev br0 type bond lacp_rate slow
capture dummy-grouped ip link add name dummy1 mtu 9000 group 42 type dummy
capture bridge-vlan-add-pvid bridge vlan add dev veth0 vid 100 pvid untagged
capture bridge-vlan-add-tagged bridge vlan add dev veth0 vid 300
capture bridge-vlan-add-untagged bridge vlan add dev veth0 vid 400 untagged
capture bridge-vlan-add-range bridge vlan add dev veth0 vid 200-210
capture bridge-vlan-add-range-untagged bridge vlan add dev veth0 vid 500-502 untagged
capture bridge-vlan-del bridge vlan del dev veth0 vid 1
capture bridge-vlan-del-range bridge vlan del dev veth0 vid 200-210
capture bridge-vlan-show bridge vlan show
# VXLAN head-end replication entries (bridge fdb append/del of the all-zeros MAC with a dst): the kernel refuses dst
# on br0, but strace still prints the request iproute2 sent; by index, so the device does not change the bytes.
capture fdb-append-flood bridge fdb append 00:00:00:00:00:00 dev br0 dst 203.0.113.2
capture fdb-append-flood-v6 bridge fdb append 00:00:00:00:00:00 dev br0 dst fd00::2
capture fdb-del-flood bridge fdb del 00:00:00:00:00:00 dev br0 dst 203.0.113.2
capture fdb-show bridge fdb show
# What NetlinkLinkBackend sends to create links for topology 'lab' (alias vtopo:lab, group 0x76000000|crc32("lab")).
capture backend-dummy ip link add name dummy1 mtu 9000 alias vtopo:lab group 1993781700 type dummy
capture backend-vxlan ip link add name vx0 alias vtopo:lab group 1993781700 type vxlan id 42 local 192.0.2.1 remote 192.0.2.2 dstport 4789 dev br0
capture backend-veth ip link add name va alias vtopo:lab group 1993781700 type veth peer name vb group 1993781700
