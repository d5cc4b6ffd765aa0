package io.vtopo.core.model;

/**
 * A host network link. One record per kind; the shared fields live in {@link LinkAttrs}.
 *
 * <p>Kinds: {@link Nic} (existing hardware, never created), {@link Bond}, {@link Vlan}, {@link
 * Bridge}, {@link Tap}, {@link Veth}, {@link Vxlan}, {@link Macvlan}, {@link Macvtap}, {@link
 * Dummy}, and {@link UnknownLink} for kernel kinds vtopo only reads (live state is decoded
 * leniently; files are strict).
 */
public sealed interface Link
    permits Nic, Bond, Vlan, Bridge, Tap, Veth, Vxlan, Macvlan, Macvtap, Dummy, UnknownLink {
  /** The shared attributes. */
  LinkAttrs attrs();

  /** The kind keyword used in files ({@code bridge}, {@code tap}, ...). */
  String kind();

  /** Shorthand for {@code attrs().name()}. */
  default String name() {
    return attrs().name();
  }
}
