package io.vtopo.core.model;

/**
 * A piece of a libvirt object's XML that vtopo does not model, kept verbatim so that nothing is
 * lost: export writes it into the file with its object, and every definition vtopo renders for the
 * object puts it back at its place.
 *
 * @param path where it sits in the object's XML: elements by tag, keyed ones with their key in
 *     brackets ({@code ip[192.0.2.1]/tftp}, {@code portgroup[trunk]/vlan}), an attribute after
 *     {@code @} ({@code forward@trustGuestRxFilters}, {@code network@ipv6} for the root)
 * @param xml the element as XML text, or the attribute's value
 */
public record Unmodelled(String path, String xml) {
  /** True if this is an attribute ({@code path} ends in {@code @name}). */
  public boolean isAttribute() {
    int at = path.lastIndexOf('@');
    return at >= 0 && path.indexOf(']', at) < 0;
  }
}
