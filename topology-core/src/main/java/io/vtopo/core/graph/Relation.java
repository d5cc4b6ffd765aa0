package io.vtopo.core.graph;

import java.util.Locale;

/** How two objects relate. The edge points from the first object named to the second. */
public enum Relation {
  /** A link is a port of a bridge or bond (port -> master). */
  PORT_OF,
  /** A link sits on a lower one, or a volume on its backing volume (parent -> child). */
  PARENT_OF,
  /** A vNIC or disk belongs to a VM (vnic -> vm). */
  MEMBER_OF,
  /**
   * A vNIC plugs into a tap, bridge or network; a bridge-mode network uses a host bridge (user ->
   * target).
   */
  ATTACHED_TO,
  /** A volume lives in a pool (volume -> pool), a VM's disk on a volume (disk -> volume). */
  STORED_IN,
  /** The two ends of a veth pair (both directions). */
  PEER_OF;

  /** Human label: {@code port of}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** True if the edge's target must exist before its source (false: the source comes first). */
  public boolean targetFirst() {
    return this != PARENT_OF;
  }
}
