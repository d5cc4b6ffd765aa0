package io.vtopo.netlink.model;

/**
 * A reference to a network namespace by open file descriptor, as IFLA_NET_NS_FD needs. Implemented
 * by {@code io.vtopo.netlink.Netns}; kept here so link records can name a target namespace.
 */
public interface NetNs {
  /** An open descriptor of the namespace (e.g. of {@code /run/netns/NAME}). */
  int fd();
}
