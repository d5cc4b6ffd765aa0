package io.vtopo.netlink.model;

import java.net.InetAddress;

/**
 * A head-end replication entry of a VXLAN: the all-zeros FDB entry that sends every broadcast,
 * unknown-unicast and multicast frame to one remote endpoint ({@code bridge fdb append
 * 00:00:00:00:00:00 dev LINK dst DST}).
 *
 * @param index the VXLAN link's index
 * @param dst the remote endpoint
 */
public record FloodEntry(int index, InetAddress dst) {}
