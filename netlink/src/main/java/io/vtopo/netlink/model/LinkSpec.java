package io.vtopo.netlink.model;

/**
 * What to create or change on a link: every field is optional (null: leave as is). A link is
 * identified by {@code index} when non-zero, otherwise by {@code name}.
 *
 * @param index ifindex of an existing link, or 0
 * @param name name of the link (the new name on create)
 * @param info kind and settings (required on create; on modify, changes kind-specific settings)
 * @param parent ifindex of the lower link (IFLA_LINK), for vlan, macvlan, macvtap
 * @param master ifindex of the new master, 0 for nomaster
 * @param mtu MTU
 * @param mac Ethernet address
 * @param up administrative state
 * @param alias IFLA_IFALIAS
 * @param group IFLA_GROUP
 * @param namespace move the link to this namespace (IFLA_NET_NS_FD)
 */
public record LinkSpec(
    int index,
    String name,
    LinkInfo info,
    Integer parent,
    Integer master,
    Integer mtu,
    MacAddress mac,
    Boolean up,
    String alias,
    Integer group,
    NetNs namespace) {

  /** A spec that names a link by index and changes nothing yet. */
  public static LinkSpec ofIndex(int index) {
    return new LinkSpec(index, null, null, null, null, null, null, null, null, null, null);
  }

  /** A spec that names a link by name and changes nothing yet. */
  public static LinkSpec ofName(String name) {
    return new LinkSpec(0, name, null, null, null, null, null, null, null, null, null);
  }

  /** A spec to create {@code name} of the given kind. */
  public static LinkSpec create(String name, LinkInfo info) {
    return new LinkSpec(0, name, info, null, null, null, null, null, null, null, null);
  }

  /** Copy with the kind data. */
  public LinkSpec withInfo(LinkInfo v) {
    return new LinkSpec(index, name, v, parent, master, mtu, mac, up, alias, group, namespace);
  }

  /** Copy with the name. */
  public LinkSpec withName(String v) {
    return new LinkSpec(index, v, info, parent, master, mtu, mac, up, alias, group, namespace);
  }

  /** Copy with the lower link. */
  public LinkSpec withParent(Integer v) {
    return new LinkSpec(index, name, info, v, master, mtu, mac, up, alias, group, namespace);
  }

  /** Copy with the master (0 for none). */
  public LinkSpec withMaster(Integer v) {
    return new LinkSpec(index, name, info, parent, v, mtu, mac, up, alias, group, namespace);
  }

  /** Copy with the MTU. */
  public LinkSpec withMtu(Integer v) {
    return new LinkSpec(index, name, info, parent, master, v, mac, up, alias, group, namespace);
  }

  /** Copy with the MAC. */
  public LinkSpec withMac(MacAddress v) {
    return new LinkSpec(index, name, info, parent, master, mtu, v, up, alias, group, namespace);
  }

  /** Copy with the administrative state. */
  public LinkSpec withUp(Boolean v) {
    return new LinkSpec(index, name, info, parent, master, mtu, mac, v, alias, group, namespace);
  }

  /** Copy with the alias. */
  public LinkSpec withAlias(String v) {
    return new LinkSpec(index, name, info, parent, master, mtu, mac, up, v, group, namespace);
  }

  /** Copy with the group. */
  public LinkSpec withGroup(Integer v) {
    return new LinkSpec(index, name, info, parent, master, mtu, mac, up, alias, v, namespace);
  }

  /** Copy that moves the link to another namespace. */
  public LinkSpec withNamespace(NetNs v) {
    return new LinkSpec(index, name, info, parent, master, mtu, mac, up, alias, group, v);
  }
}
