package io.vtopo.core.backend;

import io.vtopo.core.model.Network;
import java.util.List;

/**
 * libvirt virtual networks (implemented by the virt-network module over one libvirt connection).
 */
public interface NetworkBackend {
  /** How a change to an existing network can be carried out. */
  enum Impact {
    /** Nothing differs. */
    NONE,
    /** libvirt can apply it live (net-update): guests keep connectivity. */
    IN_PLACE,
    /** The network must be restarted: guests on it lose connectivity until they reconnect. */
    RESTART
  }

  /** Every network libvirt knows (defined or transient), with vtopo's ownership marker. */
  List<Owned<Network>> list();

  /**
   * Elements and attributes of a live network that vtopo does not model (e.g. {@code bandwidth},
   * {@code ip[192.0.2.1]/tftp}), so that the plan can warn before a restart rewrites the
   * definition.
   *
   * @param name network name
   * @return paths in document order; empty when there are none or the network does not exist
   */
  default List<String> unmodelled(String name) {
    return List.of();
  }

  /** Classifies a change from {@code current} to {@code desired} without touching libvirt. */
  Impact impact(Network current, Network desired);

  /** Defines, starts and (if asked) autostarts a network, marking it as owned by {@code owner}. */
  void create(Network desired, String owner);

  /** Changes an owned network, live where {@link #impact} says so, else by restarting it. */
  void update(Network current, Network desired, String owner);

  /** Stops and undefines an owned network; refuses a foreign one with {@code NOT_OWNED}. */
  void delete(Network current, String owner);

  /** Marks an existing foreign network as owned by {@code owner} ({@code vtopo adopt}). */
  default void adopt(String name, String owner) {
    throw new io.vtopo.core.VtopoException(
        io.vtopo.core.VtopoException.Kind.UNSUPPORTED,
        io.vtopo.core.model.ObjectId.network(name).toString(),
        "this network backend cannot adopt networks");
  }
}
