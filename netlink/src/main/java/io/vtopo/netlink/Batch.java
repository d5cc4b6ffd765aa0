package io.vtopo.netlink;

import io.vtopo.netlink.codec.AddressCodec;
import io.vtopo.netlink.codec.BridgeVlanCodec;
import io.vtopo.netlink.codec.FdbCodec;
import io.vtopo.netlink.codec.LinkCodec;
import io.vtopo.netlink.codec.RouteCodec;
import io.vtopo.netlink.model.Address;
import io.vtopo.netlink.model.BridgeVlan;
import io.vtopo.netlink.model.LinkSpec;
import io.vtopo.netlink.model.Route;
import io.vtopo.netlink.wire.MessageWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Many requests sent with as few {@code sendmsg} calls as possible (the {@code ip -batch}
 * equivalent). Every request asks for an ACK and is matched by sequence number; the kernel carries
 * the requests out in order and independently, so a failure of one does not undo or stop the
 * others, and {@link #execute} reports exactly which failed.
 */
public final class Batch {
  private final RtNetlink client;
  final MessageWriter w = new MessageWriter(64 * 1024);

  /**
   * What each request is, as a verb and its argument: the {@code ip} text is built only for a
   * request the kernel refused ({@link #describe}), not for each of thousands that succeed.
   */
  private final List<String> verbs = new ArrayList<>();

  private final List<Object> args = new ArrayList<>();
  int[] offsets = new int[64];

  Batch(RtNetlink client) {
    this.client = client;
  }

  private void mark(String verb, Object arg) {
    int n = verbs.size();
    if (n == offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
    }
    offsets[n] = w.size();
    verbs.add(verb);
    args.add(arg);
  }

  /** Number of requests queued. */
  public int size() {
    return verbs.size();
  }

  /** The {@code ip} (or {@code bridge}) command request {@code i} stands for. */
  String describe(int i) {
    String verb = verbs.get(i);
    Object arg = args.get(i);
    if (arg instanceof LinkSpec spec) {
      return verb + RtNetlink.describe(spec);
    }
    if (arg instanceof PortVlanList v) {
      return verb + "#" + v.port() + " " + describe(v.vlans());
    }
    return verb + arg;
  }

  /** A VXLAN's flood entry, as its request carries it. */
  private record Flood(int index, InetAddress dst) {
    @Override
    public String toString() {
      return "dev #" + index + " dst " + dst.getHostAddress();
    }
  }

  /** A port and its VLAN entries, as one request carries them. */
  private record PortVlanList(int port, List<BridgeVlan> vlans) {}

  /** Queues {@code ip link add ...}. */
  public Batch createLink(LinkSpec spec) {
    mark("ip link add ", spec);
    LinkCodec.newLink(w, 0, spec, true);
    return this;
  }

  /** Queues {@code ip link set ...}. */
  public Batch modifyLink(LinkSpec spec) {
    mark("ip link set ", spec);
    LinkCodec.newLink(w, 0, spec, false);
    return this;
  }

  /**
   * Queues {@code ip link show dev #INDEX}, for its side effect only: the kernel carries out the
   * link's pending carrier events before it answers a query for that one link (rtnl_getlink calls
   * linkwatch_sync_dev). Without it, a link brought up right after it was created or enslaved can
   * still look "oper up" with no carrier, because the kernel's link watcher handles at most 100
   * links a second; IPv6 then configures it (link-local address, fe80::/64 and ff00::/8 routes) and
   * tears that down again a moment later, which at thousands of links costs the kernel more than
   * the requests themselves (docs/benchmarks.md, issue 12). iproute2 gets this for free from the
   * name lookup it makes before each {@code ip link set}. Queue it right before the request that
   * brings the link up.
   */
  public Batch syncLinkState(int index) {
    mark("ip link show dev #", index);
    LinkCodec.getByIndex(w, 0, index);
    return this;
  }

  /** Queues {@code ip link del dev NAME} by index. */
  public Batch deleteLink(int index) {
    mark("ip link del dev #", index);
    LinkCodec.delLink(w, 0, index, null);
    return this;
  }

  /** Queues {@code ip link del dev NAME}. */
  public Batch deleteLink(String name) {
    mark("ip link del dev ", name);
    LinkCodec.delLink(w, 0, 0, name);
    return this;
  }

  /** Queues {@code ip link del group N}. */
  public Batch deleteGroup(int group) {
    mark("ip link del group ", group);
    LinkCodec.delGroup(w, 0, group);
    return this;
  }

  /** Queues {@code bridge vlan add dev #PORT vid ...}: one request holding every entry. */
  public Batch addBridgeVlans(int port, List<BridgeVlan> vlans) {
    mark("bridge vlan add dev ", new PortVlanList(port, vlans));
    BridgeVlanCodec.set(w, 0, port, vlans, true);
    return this;
  }

  /** Queues {@code bridge vlan del dev #PORT vid ...}: one request holding every entry. */
  public Batch deleteBridgeVlans(int port, List<BridgeVlan> vlans) {
    mark("bridge vlan del dev ", new PortVlanList(port, vlans));
    BridgeVlanCodec.set(w, 0, port, vlans, false);
    return this;
  }

  /**
   * Queues {@code bridge fdb append 00:00:00:00:00:00 dev #INDEX dst DST} (head-end replication).
   */
  public Batch appendFlood(int index, InetAddress dst) {
    mark("bridge fdb append 00:00:00:00:00:00 ", new Flood(index, dst));
    FdbCodec.flood(w, 0, index, dst, true);
    return this;
  }

  /** Queues {@code bridge fdb del 00:00:00:00:00:00 dev #INDEX dst DST}. */
  public Batch deleteFlood(int index, InetAddress dst) {
    mark("bridge fdb del 00:00:00:00:00:00 ", new Flood(index, dst));
    FdbCodec.flood(w, 0, index, dst, false);
    return this;
  }

  private static String describe(List<BridgeVlan> vlans) {
    StringBuilder sb = new StringBuilder();
    for (BridgeVlan v : vlans) {
      sb.append(sb.length() == 0 ? "" : ", ")
          .append("vid ")
          .append(v.vid())
          .append(v.vid() == v.vidEnd() ? "" : "-" + v.vidEnd())
          .append(v.pvid() ? " pvid" : "")
          .append(v.untagged() ? " untagged" : "");
    }
    return sb.toString();
  }

  /** Queues {@code ip addr add ADDRESS/LEN dev LINK}. */
  public Batch addAddress(Address a) {
    mark("ip addr add ", a);
    AddressCodec.encode(w, 0, a, true);
    return this;
  }

  /** Queues {@code ip addr del ADDRESS/LEN dev LINK}. */
  public Batch deleteAddress(Address a) {
    mark("ip addr del ", a);
    AddressCodec.encode(w, 0, a, false);
    return this;
  }

  /** Queues {@code ip route add ...}. */
  public Batch addRoute(Route r) {
    mark("ip route add ", r);
    RouteCodec.add(w, 0, r);
    return this;
  }

  /** Queues {@code ip route del ...}. */
  public Batch deleteRoute(Route r) {
    mark("ip route del ", r);
    RouteCodec.delete(w, 0, r);
    return this;
  }

  /** Sends everything and waits for every ACK; returns the failures (empty if all succeeded). */
  public List<NetlinkException> execute() {
    return client.run(this);
  }

  /** Like {@link #execute} but throws {@link BatchException} naming every failed request. */
  public void executeOrThrow() {
    List<NetlinkException> failures = execute();
    if (!failures.isEmpty()) {
      throw new BatchException(size(), failures);
    }
  }
}
