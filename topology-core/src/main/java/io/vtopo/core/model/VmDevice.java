package io.vtopo.core.model;

/**
 * A device of a VM that vtopo can declare, plan and hot-plug: a {@link Vnic} or a {@link Disk}. A
 * device's {@link #key()} identifies it on its domain across the file, the live XML and the
 * persistent XML.
 */
public sealed interface VmDevice permits Vnic, Disk {
  /** The identity on its domain: the MAC for a vNIC, the target device ({@code vdb}) for a disk. */
  String key();

  /** This device's object id on VM {@code vm}. */
  ObjectId id(String vm);
}
