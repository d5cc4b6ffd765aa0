package io.vtopo.core.model;

import java.util.Comparator;
import java.util.Objects;

/**
 * The identity of one object vtopo manages or draws: its family and name, and for objects that live
 * inside another (a volume in its pool, a vNIC or device of a VM) the container's name. One type
 * for the planner, journal, restore, backends, graph and renderers; ids are built from model values
 * and never parsed back from display text.
 *
 * @param kind the object's family
 * @param parent the containing object's name (pool of a volume, VM of a vNIC), or null for
 *     top-level objects
 * @param name the object's name within its family (or within its parent)
 */
public record ObjectId(Kind kind, String parent, String name) implements Comparable<ObjectId> {
  /** Object families, with the keyword used in ids' text form. */
  public enum Kind {
    /** A kernel link (NIC, bridge, TAP, ...). */
    LINK("link"),
    /** A libvirt virtual network. */
    NETWORK("network"),
    /** A libvirt storage pool. */
    POOL("pool"),
    /** A volume in a pool ({@code parent} is the pool). */
    VOLUME("volume"),
    /** A VM. */
    VM("vm"),
    /** A vNIC of a VM ({@code parent} is the VM). */
    VNIC("vnic"),
    /** A disk of a VM ({@code parent} is the VM). */
    DISK("disk");

    private final String keyword;

    Kind(String keyword) {
      this.keyword = keyword;
    }

    /** The keyword of the text form ({@code link}, {@code volume}...). */
    public String keyword() {
      return keyword;
    }
  }

  private static final Comparator<ObjectId> ORDER =
      Comparator.comparing(ObjectId::kind)
          .thenComparing(ObjectId::parent, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(ObjectId::name);

  /** Checks the components. */
  public ObjectId {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    boolean nested = kind == Kind.VOLUME || kind == Kind.VNIC || kind == Kind.DISK;
    if (nested != (parent != null)) {
      throw new IllegalArgumentException(
          kind.keyword() + " ids " + (nested ? "need" : "take no") + " parent");
    }
  }

  /** A link's id. */
  public static ObjectId link(String name) {
    return new ObjectId(Kind.LINK, null, name);
  }

  /** A libvirt network's id. */
  public static ObjectId network(String name) {
    return new ObjectId(Kind.NETWORK, null, name);
  }

  /** A storage pool's id. */
  public static ObjectId pool(String name) {
    return new ObjectId(Kind.POOL, null, name);
  }

  /** A volume's id. */
  public static ObjectId volume(String pool, String name) {
    return new ObjectId(Kind.VOLUME, pool, name);
  }

  /** A VM's id. */
  public static ObjectId vm(String name) {
    return new ObjectId(Kind.VM, null, name);
  }

  /** A vNIC's id ({@code nic} is its name or position within the VM). */
  public static ObjectId vnic(String vm, String nic) {
    return new ObjectId(Kind.VNIC, vm, nic);
  }

  /** The pool a volume id lives in. */
  public ObjectId poolOfVolume() {
    if (kind != Kind.VOLUME) {
      throw new IllegalStateException(this + " is not a volume");
    }
    return pool(parent);
  }

  /** True for this family. */
  public boolean is(Kind k) {
    return kind == k;
  }

  /**
   * The display form: {@code link:br0}, {@code volume:images/base.qcow2}, {@code vnic:web1/eth0}.
   */
  @Override
  public String toString() {
    return kind.keyword() + ":" + (parent == null ? "" : parent + "/") + name;
  }

  @Override
  public int compareTo(ObjectId o) {
    return ORDER.compare(this, o);
  }
}
