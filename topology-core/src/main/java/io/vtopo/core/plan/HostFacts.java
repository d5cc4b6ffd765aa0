package io.vtopo.core.plan;

import java.util.Optional;

/**
 * What the host can do, beyond the objects it holds: which link kinds its kernel can create and
 * which users and groups it knows. Read with the host's state (the netlink module probes the
 * kernel); {@link HostChecks} turns it into plan refusals before anything is applied. Every answer
 * may be "unknown" (a host that could not be probed): unknown never refuses.
 */
public interface HostFacts {
  /** Knows nothing: no check refuses anything. */
  HostFacts UNKNOWN =
      new HostFacts() {
        @Override
        public Optional<String> unsupportedLinkKind(String kind) {
          return Optional.empty();
        }

        @Override
        public Optional<Boolean> userExists(String name) {
          return Optional.empty();
        }

        @Override
        public Optional<Boolean> groupExists(String name) {
          return Optional.empty();
        }
      };

  /**
   * Why the running kernel cannot create links of {@code kind} (a file kind: {@code vlan}, {@code
   * bond}...), e.g. "Unknown device type"; empty when it can, or when that is not known.
   */
  Optional<String> unsupportedLinkKind(String kind);

  /**
   * Whether a user of this name exists on the host (as TUNSETOWNER needs it resolved); empty when
   * not known.
   */
  Optional<Boolean> userExists(String name);

  /** Whether a group of this name exists on the host; empty when not known. */
  Optional<Boolean> groupExists(String name);
}
