package io.vtopo.netlink;

import io.vtopo.netlink.codec.AddressCodec;
import io.vtopo.netlink.codec.BridgeVlanCodec;
import io.vtopo.netlink.codec.FdbCodec;
import io.vtopo.netlink.codec.LinkCodec;
import io.vtopo.netlink.codec.RouteCodec;
import io.vtopo.netlink.model.Address;
import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.model.BridgeVlan;
import io.vtopo.netlink.model.FloodEntry;
import io.vtopo.netlink.model.Link;
import io.vtopo.netlink.model.LinkSpec;
import io.vtopo.netlink.model.MacAddress;
import io.vtopo.netlink.model.NetNs;
import io.vtopo.netlink.model.PortVlans;
import io.vtopo.netlink.model.Route;
import io.vtopo.netlink.model.VxlanInfo;
import io.vtopo.netlink.sys.Errno;
import io.vtopo.netlink.sys.NetlinkSocket;
import io.vtopo.netlink.sys.Transport;
import io.vtopo.netlink.wire.MessageWriter;
import io.vtopo.netlink.wire.Nl;
import io.vtopo.netlink.wire.Replies;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * An rtnetlink client bound to one network namespace: dumps and changes links, addresses and
 * routes, creates taps, and subscribes to events. Each public operation names its {@code ip}
 * equivalent. Thread-safe by serialising calls (the kernel serialises rtnetlink under rtnl_mutex
 * anyway).
 */
public final class RtNetlink implements AutoCloseable {
  /** Receive buffer requested for every socket. */
  public static final int RCVBUF = 1 << 20;

  /** Requests per sendmsg: bounded so the ACKs of one send always fit in the receive buffer. */
  static final int CHUNK = 256;

  private static final int DUMP_RETRIES = 10;
  private static final int TIMEOUT_MS = 300_000;

  private final Transport sock;
  private final Netns ns;
  private final MessageWriter w = new MessageWriter(4096);
  private int seq = (int) (System.nanoTime() & 0x3fffffff);

  RtNetlink(Transport sock, Netns ns) {
    this.sock = sock;
    this.ns = ns;
    sock.setReceiveTimeout(TIMEOUT_MS);
  }

  /** A client for the current namespace. */
  public static RtNetlink open() {
    return new RtNetlink(NetlinkSocket.open(0, RCVBUF), null);
  }

  /**
   * A client for {@code ns} ({@code ip -n NAME ...}); the namespace handle must outlive the client.
   */
  public static RtNetlink open(Netns ns) {
    if (ns == null) {
      return open();
    }
    return new RtNetlink(ns.call(() -> NetlinkSocket.open(0, RCVBUF)), ns);
  }

  /**
   * A client over any {@link Transport}: a scripted kernel in request-level tests (kinds this
   * kernel lacks are checked against the bytes iproute2 sends), or a socket opened elsewhere.
   */
  public static RtNetlink over(Transport transport) {
    return new RtNetlink(transport, null);
  }

  /** The namespace this client works in, or null for the current one. */
  public Netns namespace() {
    return ns;
  }

  /** A new empty batch on this client. */
  public Batch batch() {
    return new Batch(this);
  }

  // ---- dumps
  // -------------------------------------------------------------------------------------------------

  /** All links with kind details: {@code ip -d link show}. */
  public synchronized List<Link> links() {
    List<Link> out = new ArrayList<>();
    dump(
        s -> LinkCodec.dump(w, s),
        (b, p, len, type) -> {
          if (type == Nl.RTM_NEWLINK) {
            out.add(LinkCodec.decode(b, p, len));
          }
        },
        out::clear);
    return out;
  }

  /** One link by name: {@code ip -d link show dev NAME}; empty if there is none. */
  public synchronized Optional<Link> link(String name) {
    w.reset();
    int s = nextSeq();
    LinkCodec.get(w, s, name);
    sock.send(w.view());
    Link[] found = new Link[1];
    try {
      await(
          s,
          (b, p, len, type) -> {
            if (type == Nl.RTM_NEWLINK) {
              found[0] = LinkCodec.decode(b, p, len);
            }
          },
          "ip link show dev " + name,
          true);
    } catch (NetlinkException e) {
      if (e.errno() == Errno.ENODEV) {
        return Optional.empty();
      }
      throw e;
    }
    return Optional.ofNullable(found[0]);
  }

  /**
   * The id this client's namespace gives the namespace open at {@code fd} ({@code ip netns list-id}
   * for one namespace: RTM_GETNSID with NETNSA_FD), as links whose peer or parent lives there
   * report it in IFLA_LINK_NETNSID; empty when none is assigned.
   */
  public synchronized java.util.OptionalInt nsid(int fd) {
    w.reset();
    int s = nextSeq();
    w.begin(Nl.RTM_GETNSID, Nl.NLM_F_REQUEST, s).u8(Nl.AF_UNSPEC).u8(0).u16(0);
    w.attrU32(Nl.NETNSA_FD, fd).end();
    sock.send(w.view());
    int[] id = {-1};
    await(
        s,
        (b, p, len, type) -> {
          if (type == Nl.RTM_NEWNSID) {
            Integer v =
                io.vtopo.netlink.wire.AttrTable.parse(b, p + Nl.HDRLEN + 4, p + len)
                    .u32(Nl.NETNSA_NSID);
            id[0] = v == null ? -1 : v;
          }
        },
        "ip netns list-id (fd " + fd + ")",
        true);
    return id[0] < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(id[0]);
  }

  /** All IPv4 and IPv6 addresses: {@code ip addr show}. */
  public synchronized List<Address> addresses() {
    List<Address> out = new ArrayList<>();
    dump(
        s -> AddressCodec.dump(w, s),
        (b, p, len, type) -> {
          if (type == Nl.RTM_NEWADDR) {
            out.add(AddressCodec.decode(b, p, len));
          }
        },
        out::clear);
    return out;
  }

  /**
   * All routes of every table and family: {@code ip route show table all; ip -6 route show table
   * all}.
   */
  public synchronized List<Route> routes() {
    List<Route> out = new ArrayList<>();
    dump(
        s -> RouteCodec.dump(w, s),
        (b, p, len, type) -> {
          if (type == Nl.RTM_NEWROUTE) {
            int family = b.get(p + Nl.HDRLEN) & 0xff;
            if (family == Nl.AF_INET || family == Nl.AF_INET6) {
              out.add(RouteCodec.decode(b, p, len));
            }
          }
        },
        out::clear);
    return out;
  }

  /**
   * The VLANs of every bridge port: {@code bridge vlan show} (one AF_BRIDGE dump). Ports without
   * VLANs, and every port on a kernel without bridge VLAN filtering, come back with an empty list.
   */
  public synchronized List<PortVlans> bridgeVlans() {
    List<PortVlans> out = new ArrayList<>();
    dump(
        s -> BridgeVlanCodec.dump(w, s),
        (b, p, len, type) -> {
          if (type == Nl.RTM_NEWLINK) {
            out.add(BridgeVlanCodec.decode(b, p, len));
          }
        },
        out::clear);
    return out;
  }

  /**
   * The head-end replication entries of every VXLAN ({@code bridge fdb show}, one AF_BRIDGE
   * neighbour dump; only the all-zeros entries with a remote destination are kept).
   */
  public synchronized List<FloodEntry> floodEntries() {
    List<FloodEntry> out = new ArrayList<>();
    dump(
        s -> FdbCodec.dump(w, s),
        (b, p, len, type) -> {
          if (type == Nl.RTM_NEWNEIGH) {
            FloodEntry e = FdbCodec.decode(b, p, len);
            if (e != null) {
              out.add(e);
            }
          }
        },
        out::clear);
    return out;
  }

  /**
   * Links, addresses and routes: three dumps, one per object class; bridge port VLANs ({@code
   * bridge vlan show}) when some bridge has VLAN filtering on, and VXLAN flood entries ({@code
   * bridge fdb show}) when some VXLAN exists, since only then do they decide anything.
   */
  public Snapshot snapshot() {
    List<Link> links = links();
    boolean filtering = false;
    boolean vxlan = false;
    for (Link l : links) {
      filtering |= l.info() instanceof BridgeInfo b && Boolean.TRUE.equals(b.vlanFiltering());
      vxlan |= l.info() instanceof VxlanInfo;
    }
    return new Snapshot(
        links,
        addresses(),
        routes(),
        filtering ? bridgeVlans() : List.of(),
        vxlan ? floodEntries() : List.of());
  }

  /** {@code bridge vlan add dev PORT vid ...} for every entry, by the port's index. */
  public void addBridgeVlans(int port, List<BridgeVlan> vlans) {
    single(batch().addBridgeVlans(port, vlans));
  }

  /** {@code bridge vlan del dev PORT vid ...} for every entry, by the port's index. */
  public void deleteBridgeVlans(int port, List<BridgeVlan> vlans) {
    single(batch().deleteBridgeVlans(port, vlans));
  }

  // ---- single changes
  // ------------------------------------------------------------------------------------------

  /** {@code ip link add NAME type KIND ...}. */
  public void createLink(LinkSpec spec) {
    single(batch().createLink(spec));
  }

  /** {@code ip link set dev NAME ...}. */
  public void modifyLink(LinkSpec spec) {
    single(batch().modifyLink(spec));
  }

  /** {@code ip link del dev NAME}. */
  public void deleteLink(String name) {
    single(batch().deleteLink(name));
  }

  /** {@code ip link del dev NAME}, by index. */
  public void deleteLink(int index) {
    single(batch().deleteLink(index));
  }

  /** {@code ip link del group N}: every link of the group in one kernel operation. */
  public void deleteGroup(int group) {
    single(batch().deleteGroup(group));
  }

  /** {@code ip link set dev NAME up}. */
  public void setUp(String name) {
    modifyLink(LinkSpec.ofName(name).withUp(true));
  }

  /** {@code ip link set dev NAME down}. */
  public void setDown(String name) {
    modifyLink(LinkSpec.ofName(name).withUp(false));
  }

  /** {@code ip link set dev NAME mtu MTU}. */
  public void setMtu(String name, int mtu) {
    modifyLink(LinkSpec.ofName(name).withMtu(mtu));
  }

  /** {@code ip link set dev NAME address MAC}. */
  public void setMac(String name, MacAddress mac) {
    modifyLink(LinkSpec.ofName(name).withMac(mac));
  }

  /** {@code ip link set dev NAME alias TEXT}. */
  public void setAlias(String name, String alias) {
    modifyLink(LinkSpec.ofName(name).withAlias(alias));
  }

  /** {@code ip link set dev NAME group N}. */
  public void setGroup(String name, int group) {
    modifyLink(LinkSpec.ofName(name).withGroup(group));
  }

  /** {@code ip link set dev NAME master MASTER}. */
  public void setMaster(String name, String master) {
    int index =
        link(master)
            .orElseThrow(
                () ->
                    new NetlinkException(
                        Errno.ENODEV, null, "ip link set dev " + name + " master " + master, -1))
            .index();
    modifyLink(LinkSpec.ofName(name).withMaster(index));
  }

  /** {@code ip link set dev NAME nomaster}. */
  public void setNoMaster(String name) {
    modifyLink(LinkSpec.ofName(name).withMaster(0));
  }

  /** {@code ip link set dev NAME netns NS}: the link leaves this namespace. */
  public void moveToNamespace(String name, NetNs target) {
    modifyLink(LinkSpec.ofName(name).withNamespace(target));
  }

  /** {@code ip addr add ADDRESS/LEN dev LINK}. */
  public void addAddress(Address a) {
    single(batch().addAddress(a));
  }

  /** {@code ip addr del ADDRESS/LEN dev LINK}. */
  public void deleteAddress(Address a) {
    single(batch().deleteAddress(a));
  }

  /** {@code ip route add DST/LEN [via GW] dev LINK}. */
  public void addRoute(Route r) {
    single(batch().addRoute(r));
  }

  /** {@code ip route del DST/LEN [via GW] dev LINK}. */
  public void deleteRoute(Route r) {
    single(batch().deleteRoute(r));
  }

  /**
   * {@code ip tuntap add dev NAME mode tap [user U] [group G] [multi_queue] [vnet_hdr]} for each
   * spec, through {@code /dev/net/tun} in this client's namespace.
   */
  public void createTaps(List<TapSpec> specs) {
    if (ns == null) {
      TunTap.createAll(specs);
    } else {
      ns.call(
          () -> {
            TunTap.createAll(specs);
            return null;
          });
    }
  }

  /**
   * TAPs created by {@link #openTaps} but not yet persistent: they exist only while this is open.
   * Mark them, then {@link #persist} each, then {@link #close}; closing without persisting deletes
   * them (the kernel does).
   */
  public interface PendingTaps extends AutoCloseable {
    /** {@code TUNSETPERSIST 1}: the device outlives this process from now on. */
    void persist(String name);

    /** Closes the descriptors; devices not made persistent disappear. */
    @Override
    void close();
  }

  /**
   * Creates the TAPs (refusing any name that exists: {@code IFF_TUN_EXCL}) without making them
   * persistent, in this client's namespace; see {@link PendingTaps}.
   */
  public PendingTaps openTaps(List<TapSpec> specs) {
    if (ns == null) {
      return TunTap.openAll(specs);
    }
    return ns.call(() -> TunTap.openAll(specs));
  }

  /** {@code ip tuntap add dev NAME mode tap ...}. */
  public void createTap(TapSpec spec) {
    createTaps(List.of(spec));
  }

  /**
   * {@code ip monitor link address route}: events on a separate socket, delivered on a dedicated
   * thread. When the kernel drops events (ENOBUFS), the listener gets a full {@link Snapshot}
   * instead.
   */
  public EventSubscription subscribe(EventSubscription.Listener listener) {
    return EventSubscription.start(ns, listener, RCVBUF);
  }

  private static void single(Batch b) {
    List<NetlinkException> failures = b.execute();
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }

  static String describe(LinkSpec s) {
    StringBuilder sb = new StringBuilder();
    if (s.index() != 0) {
      sb.append("dev #").append(s.index());
      if (s.name() != null) {
        sb.append(" name ").append(s.name());
      }
    } else {
      sb.append(s.name());
    }
    if (s.parent() != null) {
      sb.append(" link #").append(s.parent());
    }
    if (s.info() != null) {
      sb.append(" type ").append(s.info().kind());
    }
    if (s.master() != null) {
      sb.append(s.master() == 0 ? " nomaster" : " master #" + s.master());
    }
    if (s.mtu() != null) {
      sb.append(" mtu ").append(s.mtu());
    }
    if (s.mac() != null) {
      sb.append(" address ").append(s.mac());
    }
    if (s.up() != null) {
      sb.append(s.up() ? " up" : " down");
    }
    if (s.alias() != null) {
      sb.append(" alias ").append(s.alias());
    }
    if (s.group() != null) {
      sb.append(" group ").append(s.group());
    }
    if (s.namespace() != null) {
      sb.append(" netns ").append(s.namespace());
    }
    return sb.toString();
  }

  // ---- protocol
  // ------------------------------------------------------------------------------------------------

  private int nextSeq() {
    seq = (seq + 1) & 0x7fffffff;
    return seq;
  }

  /** Handles one reply message. */
  interface Handler {
    void accept(ByteBuffer b, int p, int len, int type);
  }

  /** Runs a batch: patches consecutive sequence numbers, sends in chunks, matches every ACK. */
  synchronized List<NetlinkException> run(Batch batch) {
    int n = batch.size();
    List<NetlinkException> failures = new ArrayList<>();
    if (n == 0) {
      return failures;
    }
    ByteBuffer all = batch.w.view();
    int base = seq + 1;
    for (int i = 0; i < n; i++) {
      all.putInt(batch.offsets[i] + 8, nextSeq());
    }
    NetlinkException[] errors = new NetlinkException[n];
    for (int from = 0; from < n; from += CHUNK) {
      int to = Math.min(n, from + CHUNK);
      int end = to == n ? all.limit() : batch.offsets[to];
      ByteBuffer slice = all.duplicate();
      slice.position(batch.offsets[from]).limit(end);
      sock.send(slice);
      int pending = to - from;
      boolean[] acked = new boolean[to - from];
      while (pending > 0) {
        ByteBuffer b = receiveOrTimeout();
        int p = 0;
        while (p < b.limit()) {
          int len = Replies.length(b, p);
          if (Replies.type(b, p) == Nl.NLMSG_ERROR && Replies.pid(b, p) == sock.portId()) {
            int idx = Replies.seq(b, p) - base;
            if (idx >= from && idx < to && !acked[idx - from]) {
              acked[idx - from] = true;
              pending--;
              int errno = Replies.errno(b, p, len);
              if (errno != 0) {
                errors[idx] =
                    new NetlinkException(
                        errno, Replies.extAck(b, p, len), batch.describe(idx), idx);
              }
            }
          }
          p += Nl.align(len);
        }
      }
    }
    for (NetlinkException e : errors) {
      if (e != null) {
        failures.add(e);
      }
    }
    return failures;
  }

  private ByteBuffer receiveOrTimeout() {
    ByteBuffer b = sock.receive();
    if (b == null) {
      throw new NetlinkException(
          Errno.EAGAIN, null, "no reply from the kernel within " + TIMEOUT_MS + " ms", -1);
    }
    return b;
  }

  /**
   * Sends a dump request and collects it, retrying when the kernel flags it as interrupted
   * (NLM_F_DUMP_INTR).
   */
  private void dump(IntConsumer request, Handler handler, Runnable restart) {
    for (int attempt = 0; attempt < DUMP_RETRIES; attempt++) {
      w.reset();
      int s = nextSeq();
      request.accept(s);
      sock.send(w.view());
      if (!await(s, handler, "dump", false)) {
        return;
      }
      restart.run();
    }
    throw new NetlinkException(
        Errno.EINTR, null, "dump interrupted " + DUMP_RETRIES + " times in a row", -1);
  }

  /**
   * Reads replies to {@code s} until NLMSG_DONE (dumps) or the ACK/answer (single requests).
   * Returns whether the dump was interrupted. Messages of other sequence numbers or ports are stale
   * replies and are skipped.
   */
  private boolean await(int s, Handler handler, String what, boolean single) {
    boolean interrupted = false;
    while (true) {
      ByteBuffer b = receiveOrTimeout();
      int p = 0;
      while (p < b.limit()) {
        int len = Replies.length(b, p);
        int type = Replies.type(b, p);
        if (Replies.seq(b, p) == s && Replies.pid(b, p) == sock.portId()) {
          if ((Replies.flags(b, p) & Nl.NLM_F_DUMP_INTR) != 0) {
            interrupted = true;
          }
          if (type == Nl.NLMSG_DONE || type == Nl.NLMSG_ERROR) {
            int errno = Replies.errno(b, p, len);
            if (errno != 0) {
              throw new NetlinkException(errno, Replies.extAck(b, p, len), what, -1);
            }
            return interrupted;
          }
          handler.accept(b, p, len, type);
          if (single && (Replies.flags(b, p) & Nl.NLM_F_MULTI) == 0) {
            return false;
          }
        }
        p += Nl.align(len);
      }
    }
  }

  @Override
  public void close() {
    sock.close();
  }
}
