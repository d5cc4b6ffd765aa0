package io.vtopo.virtnet;

import io.vtopo.core.model.Network;
import io.vtopo.core.model.NetworkMode;
import java.util.function.Consumer;

/**
 * A network with a field or two changed, for tests: the record has fifteen components, and a test
 * that spells all of them hides the one it changes. A test sets what it changes, as in {@code
 * NetworkEdit.edit(nat, e -> e.mtu(9000))}.
 */
final class NetworkEdit {
  private NetworkEdit() {}

  /** {@code n} with what {@code change} sets. */
  static Network edit(Network n, Consumer<Network.Builder> change) {
    Network.Builder b = n.toBuilder();
    change.accept(b);
    return b.build();
  }

  /**
   * A network of only a name and a mode (everything else unset, no addresses, no port groups) and
   * what {@code change} sets.
   */
  static Network bare(String name, NetworkMode mode, Consumer<Network.Builder> change) {
    Network.Builder b = Network.builder(name, mode);
    change.accept(b);
    return b.build();
  }
}
