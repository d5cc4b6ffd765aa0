package io.vtopo.core.model;

/** Helpers over the sealed {@link Link} family. */
public final class Links {
  private Links() {}

  /** The same link with other shared attributes. */
  public static Link withAttrs(Link l, LinkAttrs a) {
    if (l instanceof Nic) {
      return new Nic(a);
    } else if (l instanceof Bond b) {
      return new Bond(a, b.mode(), b.ports(), b.miimon(), b.lacpRate(), b.xmitHashPolicy());
    } else if (l instanceof Vlan v) {
      return new Vlan(a, v.parent(), v.id(), v.protocol());
    } else if (l instanceof Bridge b) {
      return new Bridge(a, b.stp(), b.forwardDelay(), b.vlanFiltering(), b.ports());
    } else if (l instanceof Tap t) {
      return new Tap(a, t.owner(), t.group(), t.multiQueue(), t.vnetHdr());
    } else if (l instanceof Veth v) {
      return new Veth(a, v.peer(), v.peerNetns());
    } else if (l instanceof Vxlan x) {
      return new Vxlan(
          a, x.vni(), x.local(), x.remote(), x.group(), x.dstPort(), x.underlay(), x.flood());
    } else if (l instanceof Macvlan m) {
      return new Macvlan(a, m.parent(), m.mode());
    } else if (l instanceof Macvtap m) {
      return new Macvtap(a, m.parent(), m.mode());
    } else if (l instanceof Dummy) {
      return new Dummy(a);
    } else if (l instanceof UnknownLink u) {
      return new UnknownLink(a, u.kernelKind());
    }
    throw new IllegalArgumentException(l.getClass().getName());
  }

  /** The link a VLAN, macvlan, macvtap or VXLAN sits on, or null. */
  public static String lower(Link l) {
    if (l instanceof Vlan v) {
      return v.parent();
    } else if (l instanceof Macvlan m) {
      return m.parent();
    } else if (l instanceof Macvtap m) {
      return m.parent();
    } else if (l instanceof Vxlan x) {
      return x.underlay();
    }
    return null;
  }
}
