package io.vtopo.netlink.backend;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.backend.Change;
import io.vtopo.core.backend.FaultPoints;
import io.vtopo.core.backend.LinkBackend;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.AdminState;
import io.vtopo.core.model.Bond;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.LinkAttrs;
import io.vtopo.core.model.Macvlan;
import io.vtopo.core.model.Macvtap;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.Route;
import io.vtopo.core.model.Tap;
import io.vtopo.core.model.UnknownLink;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vlan;
import io.vtopo.core.model.VlanProtocol;
import io.vtopo.core.model.Vxlan;
import io.vtopo.netlink.Batch;
import io.vtopo.netlink.NetlinkException;
import io.vtopo.netlink.Netns;
import io.vtopo.netlink.RtNetlink;
import io.vtopo.netlink.TapSpec;
import io.vtopo.netlink.model.Address;
import io.vtopo.netlink.model.BondInfo;
import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.model.LinkInfo;
import io.vtopo.netlink.model.LinkSpec;
import io.vtopo.netlink.model.MacAddress;
import io.vtopo.netlink.model.MacvlanInfo;
import io.vtopo.netlink.model.MacvlanMode;
import io.vtopo.netlink.model.MacvtapInfo;
import io.vtopo.netlink.model.VethInfo;
import io.vtopo.netlink.model.VlanInfo;
import io.vtopo.netlink.model.VxlanInfo;
import io.vtopo.netlink.sys.Errno;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The link side of vtopo over rtnetlink: reads the live namespace with one dump per object class and carries out
 * ordered changes in as few kernel round trips as the dependencies allow. Links it creates carry the alias
 * {@code vtopo:<topology>} and the topology's group (see {@link Ownership}); deletions of a whole topology go through
 * one {@code RTM_DELLINK} by group when possible.
 */
public final class NetlinkLinkBackend implements LinkBackend {
  private final RtNetlink nl;
  private final Netns ns;

  private NetlinkLinkBackend(RtNetlink nl, Netns ns) {
    this.nl = nl;
    this.ns = ns;
  }

  /** A backend for the current namespace ({@code netns} null) or {@code /run/netns/NETNS}. */
  public static NetlinkLinkBackend open(String netns) {
    try {
      Netns n = netns == null ? null : Netns.named(netns);
      return new NetlinkLinkBackend(RtNetlink.open(n), n);
    } catch (NetlinkException e) {
      throw translate(e, netns == null ? "netns" : "netns[" + netns + "]");
    }
  }

  /** A backend for a namespace handle the caller keeps open (tests use anonymous namespaces). */
  public static NetlinkLinkBackend open(Netns netns) {
    return new NetlinkLinkBackend(RtNetlink.open(netns), null);
  }

  /** {@code ip -d link show; ip addr show; ip route show}: three dumps, whatever the number of links. */
  @Override
  public List<Owned<Link>> readLinks() {
    try {
      return LiveReader.read(nl.snapshot());
    } catch (NetlinkException e) {
      throw translate(e, "links");
    }
  }

  @Override
  public void apply(List<Change<Link>> changes, String owner) {
    Objects.requireNonNull(owner, "owner");
    try (Applier a = new Applier(owner)) {
      for (int i = 0; i < changes.size(); i++) {
        Change<Link> c = changes.get(i);
        if (c instanceof Change.Create<Link> cr) {
          a.create(cr.desired());
        } else if (c instanceof Change.Modify<Link> m) {
          a.modify(m.current(), m.desired());
        } else if (c instanceof Change.Delete<Link> d) {
          a.delete(d.current());
          boolean lastOfRun = i + 1 == changes.size() || !(changes.get(i + 1) instanceof Change.Delete);
          if (lastOfRun) {
            a.flushDeletes();
          }
        }
      }
      a.finish();
    }
  }

  /** {@code ip link set NAME alias vtopo:OWNER group G}: the same marker a created link gets. */
  @Override
  public void adopt(String name, String owner) {
    String object = "links[" + name + "]";
    try {
      var l = nl.link(name).orElseThrow(() -> new VtopoException(Kind.NOT_FOUND, object, "no such link"));
      String current = Ownership.ownerOf(l);
      if (current != null && !current.equals(owner)) {
        throw new VtopoException(Kind.NOT_OWNED, object, "owned by topology " + current + ", not " + owner);
      }
      nl.modifyLink(io.vtopo.netlink.model.LinkSpec.ofName(name).withAlias(Ownership.alias(owner))
          .withGroup(Ownership.groupFor(owner)));
    } catch (NetlinkException e) {
      throw translate(e, object);
    }
  }

  /**
   * Completes the alias of a link created by an apply of {@code owner} that was killed between the create (which set
   * the topology's group) and the alias. The caller has matched the name against the apply's journaled create
   * intents; this checks the mark the creating request left: no alias and the topology's group, or, for the other end
   * of a veth pair (marked in the same follow-up request as its peer), a peer that carries this topology's mark. The
   * alias is written by interface index, so a link renamed or replaced meanwhile is not touched.
   */
  @Override
  public boolean claim(String name, String owner) {
    String object = "links[" + name + "]";
    try {
      var l = nl.link(name).orElse(null);
      if (l == null || l.alias() != null && !l.alias().isEmpty()) {
        return false;
      }
      int g = Ownership.groupFor(owner);
      boolean marked = l.group() == g;
      if (!marked && l.info() instanceof VethInfo && l.parent() > 0) {
        for (io.vtopo.netlink.model.Link p : nl.links()) {
          if (p.index() == l.parent() && (p.group() == g || Ownership.ownedBy(p, owner))) {
            marked = true;
          }
        }
      }
      if (!marked) {
        return false;
      }
      String label = FaultPoints.active() ? "link claim " + name : null;
      FaultPoints.before(label);
      nl.modifyLink(LinkSpec.ofIndex(l.index()).withAlias(Ownership.alias(owner)).withGroup(g));
      FaultPoints.after(label);
      return true;
    } catch (NetlinkException e) {
      throw translate(e, object);
    }
  }

  @Override
  public void close() {
    nl.close();
    if (ns != null) {
      ns.close();
    }
  }

  static VtopoException translate(NetlinkException e, String object) {
    Kind kind;
    switch (e.errno()) {
      case Errno.EEXIST:
      case Errno.EBUSY:
        kind = Kind.CONFLICT;
        break;
      case Errno.EPERM:
      case 13:
        kind = Kind.PERMISSION_DENIED;
        break;
      case Errno.EOPNOTSUPP:
        kind = Kind.UNSUPPORTED;
        break;
      case Errno.ENODEV:
      case Errno.ENOENT:
        kind = Kind.NOT_FOUND;
        break;
      default:
        kind = Kind.FAILED;
    }
    return new VtopoException(kind, object, e.getMessage(), e);
  }

  /** State of one apply: the live links by name, the pending batch and the deferred address/route work. */
  private final class Applier implements AutoCloseable {
    private final String owner;
    private final int group;
    private final Map<String, io.vtopo.netlink.model.Link> live = new HashMap<>();
    private boolean stale;
    private Batch batch = nl.batch();
    private final List<String> objects = new ArrayList<>();
    private final Set<Integer> tolerateMissing = new HashSet<>();
    private final Set<String> deletes = new LinkedHashSet<>();
    private final List<Runnable> routeDeletes = new ArrayList<>();
    private final List<Runnable> addressDeletes = new ArrayList<>();
    private final List<Runnable> addressAdds = new ArrayList<>();
    private final List<Runnable> routeAdds = new ArrayList<>();
    private final List<Netns> opened = new ArrayList<>();
    private final List<TapSpec> taps = new ArrayList<>();
    private final Set<String> ups = new LinkedHashSet<>();
    private final Set<String> peersCreated = new HashSet<>();
    /** Request index in the pending batch of each link create, with the names its alias goes on once acknowledged. */
    private final Map<Integer, String[]> createdAt = new HashMap<>();
    /** Request index of each TAP's marking request: the TAP becomes persistent only if it succeeded. */
    private final Map<Integer, String> tapMarkAt = new HashMap<>();
    /** TAPs created in this apply and not yet persistent, with the descriptors that keep them alive. */
    private final Map<String, RtNetlink.PendingTaps> unpersisted = new HashMap<>();
    private final List<RtNetlink.PendingTaps> tapHandles = new ArrayList<>();
    /** User and group names already looked up in this apply: /etc/passwd is read once, not once per TAP. */
    private final Map<String, Integer> ids = new HashMap<>();

    Applier(String owner) {
      this.owner = owner;
      this.group = Ownership.groupFor(owner);
      refresh();
    }

    private void refresh() {
      live.clear();
      try {
        for (io.vtopo.netlink.model.Link l : nl.links()) {
          live.put(l.name(), l);
        }
      } catch (NetlinkException e) {
        throw translate(e, "links");
      }
      stale = false;
    }

    private int index(String name, String object) {
      io.vtopo.netlink.model.Link l = live.get(name);
      if (l == null && (stale || batch.size() > 0 || !taps.isEmpty())) {
        flush();
        refresh();
        l = live.get(name);
      }
      if (l == null) {
        throw new VtopoException(Kind.NOT_FOUND, object, "link " + name + " does not exist");
      }
      return l.index();
    }

    /**
     * Adds one request to the pending batch. {@code add} must not look anything up: a lookup may flush, which would
     * leave the request in a batch already sent (resolve indexes before calling this).
     */
    private void queue(String object, boolean missingIsFine, java.util.function.Consumer<Batch> add) {
      Batch target = batch;
      if (missingIsFine) {
        tolerateMissing.add(target.size());
      }
      objects.add(object);
      add.accept(target);
      if (target != batch) {
        throw new IllegalStateException(object + ": request queued into a batch that was flushed meanwhile");
      }
      stale = true;
    }

    /**
     * Sends what is queued; the first failure stops the apply (earlier requests stay done). Order of the calls, each
     * between fault points: the pending TAPs are created (not persistent), the batch goes out, the links whose create
     * the kernel acknowledged get their owner alias (never by name after a failed create: that name may be another
     * tool's link), the TAPs whose marking request succeeded are made persistent, then the TAP descriptors close (an
     * unmarked TAP vanishes with them).
     */
    void flush() {
      openTaps();
      send();
    }

    private void send() {
      if (batch.size() == 0) {
        return;
      }
      Batch b = batch;
      List<String> objs = new ArrayList<>(objects);
      Set<Integer> tolerate = new HashSet<>(tolerateMissing);
      Map<Integer, String[]> creates = new HashMap<>(createdAt);
      Map<Integer, String> tapMarks = new HashMap<>(tapMarkAt);
      batch = nl.batch();
      objects.clear();
      tolerateMissing.clear();
      createdAt.clear();
      tapMarkAt.clear();
      String label = null;
      if (FaultPoints.active()) {
        // Tokens: create:NAME for link creates, mark:NAME for a TAP's marking request, else the object path.
        StringBuilder l = new StringBuilder("link batch");
        for (int i = 0; i < objs.size(); i++) {
          l.append(' ').append(creates.containsKey(i) ? "create:" + creates.get(i)[0]
              : tapMarks.containsKey(i) ? "mark:" + tapMarks.get(i) : objs.get(i).replace(' ', '_'));
        }
        label = l.toString();
      }
      FaultPoints.before(label);
      List<NetlinkException> failures = b.execute();
      FaultPoints.after(label);
      Set<Integer> failed = new HashSet<>();
      NetlinkException first = null;
      for (NetlinkException e : failures) {
        failed.add(e.requestIndex());
        boolean gone = e.errno() == Errno.ENODEV || e.errno() == 3;
        if (first == null && !(gone && tolerate.contains(e.requestIndex()))) {
          first = e;
        }
      }
      markCreated(creates, failed);
      List<String> persist = new ArrayList<>();
      tapMarks.forEach((i, name) -> {
        if (!failed.contains(i) && unpersisted.containsKey(name)) {
          persist.add(name);
        }
      });
      if (!persist.isEmpty()) {
        String pl = FaultPoints.active() ? "tap persist " + String.join(" ", persist) : null;
        FaultPoints.before(pl);
        try {
          for (String n : persist) {
            unpersisted.remove(n).persist(n);
          }
        } catch (NetlinkException e) {
          throw translate(e, "links[" + e.getMessage() + "]");
        } finally {
          FaultPoints.after(pl);
        }
      }
      if (first != null) {
        String obj = objs.get(first.requestIndex());
        if (first.errno() == Errno.EEXIST && creates.containsKey(first.requestIndex())) {
          throw new VtopoException(Kind.CONFLICT, obj, "a link of this name (or its peer's) appeared after vtopo "
              + "read the host: another tool created it; vtopo stops and leaves it alone (" + first.getMessage() + ")",
              first);
        }
        throw translate(first, obj);
      }
    }

    /** Owner aliases for the links whose create succeeded, addressed by the name the kernel just accepted. */
    private void markCreated(Map<Integer, String[]> creates, Set<Integer> failed) {
      Batch marks = nl.batch();
      List<String> names = new ArrayList<>();
      creates.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
        if (failed.contains(e.getKey())) {
          return;
        }
        for (String n : e.getValue()) {
          marks.modifyLink(LinkSpec.ofName(n).withAlias(Ownership.alias(owner)).withGroup(group));
          names.add(n);
        }
      });
      if (marks.size() == 0) {
        return;
      }
      String label = FaultPoints.active() ? "link mark " + String.join(" ", names) : null;
      FaultPoints.before(label);
      List<NetlinkException> failures = marks.execute();
      FaultPoints.after(label);
      if (!failures.isEmpty()) {
        NetlinkException e = failures.get(0);
        throw translate(e, "links[" + names.get(e.requestIndex()) + "]");
      }
    }

    /**
     * Creates the pending TAPs, not persistent yet. They stay open across flushes (a flush forced by a lookup may go
     * out before a TAP's marking request is queued) until the batch holding their marking request succeeded; the ones
     * still unpersisted when the apply ends or fails vanish with their descriptors ({@link #close}).
     */
    private void openTaps() {
      if (taps.isEmpty()) {
        return;
      }
      List<TapSpec> t = new ArrayList<>(taps);
      taps.clear();
      String label = FaultPoints.active() ? "tap create " + String.join(" ", t.stream().map(TapSpec::name).toList())
          : null;
      FaultPoints.before(label);
      try {
        RtNetlink.PendingTaps h = nl.openTaps(t);
        tapHandles.add(h);
        t.forEach(s -> unpersisted.put(s.name(), h));
      } catch (NetlinkException e) {
        if (e.errno() == Errno.EBUSY) {
          throw new VtopoException(Kind.CONFLICT, "links[" + tapName(e, t) + "]", "a link of this name appeared "
              + "after vtopo read the host: another tool created it; vtopo stops and leaves it alone", e);
        }
        throw translate(e, "links[" + tapName(e, t) + "]");
      } finally {
        FaultPoints.after(label);
        stale = true;
      }
    }

    private String tapName(NetlinkException e, List<TapSpec> t) {
      for (TapSpec s : t) {
        if (String.valueOf(e.getMessage()).contains("dev " + s.name() + " ")) {
          return s.name();
        }
      }
      return t.get(0).name();
    }

    void create(Link link) {
      String object = "links[" + link.name() + "]";
      LinkAttrs a = link.attrs();
      if (link instanceof Nic || link instanceof UnknownLink) {
        throw new VtopoException(Kind.UNSUPPORTED, object, "vtopo does not create links of kind " + link.kind());
      }
      if (link instanceof Veth && peersCreated.contains(a.name())) {
        // The other end of a pair created earlier in this apply: the kernel made both, so this one is configured in
        // place (a second RTM_NEWLINK would fail with EEXIST).
        LinkSpec mark = common(LinkSpec.ofName(a.name()), a, object);
        queue(object, false, b -> b.modifyLink(mark));
        queueL3(a, object);
        return;
      }
      if (link instanceof Veth v && v.peerNetns() == null && v.peer() != null) {
        peersCreated.add(v.peer());
      }
      if (link instanceof Tap t) {
        // Taps come from ioctls, not rtnetlink. flush() creates the pending taps before it sends the batch, so the
        // name-addressed request that marks and enslaves this tap can wait in the batch with everything else
        // (one ioctl round per flush instead of a flush per tap). Deletions still pending go first.
        if (!deletes.isEmpty()) {
          flushDeletes();
        }
        taps.add(new TapSpec(a.name(), true, cachedId(t.owner(), "/etc/passwd", object),
            cachedId(t.group(), "/etc/group", object), Boolean.TRUE.equals(t.multiQueue()),
            Boolean.TRUE.equals(t.vnetHdr()), true));
        LinkSpec marked = common(LinkSpec.ofName(a.name()), a, object);
        if (a.state() == AdminState.UP) {
          // A TAP is never a master, so nothing waits for it: it comes up in the request that marks and enslaves it
          // (one request per TAP instead of two). Its bridge, if created in this apply, is still down at this point.
          ups.remove(a.name());
          marked = marked.withUp(true);
        }
        LinkSpec mark = marked;
        tapMarkAt.put(batch.size(), a.name());
        queue(object, false, b -> b.modifyLink(mark));
      } else {
        LinkSpec spec = common(LinkSpec.create(a.name(), info(link, object)), a, object);
        Integer parent = parentOf(link, object);
        LinkSpec s = parent == null ? spec : spec.withParent(parent);
        // The kernel ignores IFLA_IFALIAS when creating a link (only do_setlink applies it) but sets IFLA_GROUP: the
        // group is the mark the creating request itself carries. The alias follows in the next sendmsg, only for the
        // creates the kernel acknowledged (see markCreated); a kill between the two leaves a link with this topology's
        // group and a journaled create intent, which recovery claims (claim()).
        createdAt.put(batch.size(), link instanceof Veth v && v.peerNetns() == null && v.peer() != null
            ? new String[] {a.name(), v.peer()} : new String[] {a.name()});
        queue(object, false, b -> b.createLink(s));
      }
      queueL3(a, object);
    }

    /** Addresses and routes of a created link, sent once every link exists and is up. */
    private void queueL3(LinkAttrs a, String object) {
      for (IpPrefix p : a.addresses()) {
        addressAdds.add(() -> {
          Address ad = Address.of(index(a.name(), object), inet(p.address()), p.length());
          queue(object + ".addresses[" + p + "]", false, b -> b.addAddress(ad));
        });
      }
      for (Route r : a.routes()) {
        routeAdds.add(() -> {
          io.vtopo.netlink.model.Route nr = route(r, a.name());
          queue(object + ".routes[" + r.to() + "]", false, b -> b.addRoute(nr));
        });
      }
    }

    private LinkSpec common(LinkSpec s, LinkAttrs a, String object) {
      s = s.withAlias(Ownership.alias(owner)).withGroup(group);
      if (a.mtu() != null) {
        s = s.withMtu(a.mtu());
      }
      if (a.mac() != null) {
        s = s.withMac(new MacAddress(a.mac().value()));
      }
      if (a.master() != null) {
        s = s.withMaster(index(a.master(), object));
      }
      if (a.state() == AdminState.UP) {
        // Links come up after every link exists and every port is enslaved: bringing ports up one by one on bridges
        // that are already up makes the kernel run the port and address machinery once per step.
        ups.add(a.name());
      } else if (a.state() != null) {
        s = s.withUp(false);
      }
      return s;
    }

    private Integer cachedId(String value, String database, String object) {
      if (value == null) {
        return null;
      }
      String key = database + ":" + value;
      Integer known = ids.get(key);
      if (known == null) {
        known = id(value, database, object);
        ids.put(key, known);
      }
      return known;
    }

    private Integer parentOf(Link link, String object) {
      if (link instanceof Vlan v) {
        return index(v.parent(), object);
      }
      if (link instanceof Macvlan m) {
        return index(m.parent(), object);
      }
      if (link instanceof Macvtap m) {
        return index(m.parent(), object);
      }
      return null;
    }

    private LinkInfo info(Link link, String object) {
      if (link instanceof Bridge b) {
        return new BridgeInfo(b.stp() == null ? null : b.stp() ? 1 : 0,
            b.forwardDelay() == null ? null : b.forwardDelay() * 100, null, null, null, null, b.vlanFiltering(), null,
            null, null);
      }
      if (link instanceof Veth v) {
        Netns peerNs = null;
        if (v.peerNetns() != null) {
          try {
            peerNs = Netns.named(v.peerNetns());
          } catch (NetlinkException e) {
            throw translate(e, object + ".peer_netns");
          }
          opened.add(peerNs);
        }
        return new VethInfo(v.peer(), peerNs);
      }
      if (link instanceof Vxlan x) {
        io.vtopo.core.model.IpAddress remote = x.remote() != null ? x.remote() : x.group();
        return new VxlanInfo(x.vni(), x.local() == null ? null : inet(x.local()),
            remote == null ? null : inet(remote), x.underlay() == null ? null : index(x.underlay(), object), null,
            null, x.dstPort());
      }
      if (link instanceof Vlan v) {
        return new VlanInfo(v.id(), v.protocol() == VlanProtocol.DOT1AD ? VlanInfo.P_8021AD : null);
      }
      if (link instanceof Bond b) {
        return new BondInfo(b.mode() == null ? null
            : io.vtopo.netlink.model.BondMode.of(b.mode().kernelValue()), b.miimon(), null, null,
            b.xmitHashPolicy() == null ? null : BondInfo.HASH_POLICIES.indexOf(b.xmitHashPolicy()),
            b.lacpRate() == null ? null : "fast".equals(b.lacpRate()) ? 1 : 0);
      }
      if (link instanceof Macvlan m) {
        return new MacvlanInfo(m.mode() == null ? null : MacvlanMode.valueOf(m.mode().name()));
      }
      if (link instanceof Macvtap m) {
        return new MacvtapInfo(m.mode() == null ? null : MacvlanMode.valueOf(m.mode().name()));
      }
      throw new VtopoException(Kind.UNSUPPORTED, object, "cannot create links of kind " + link.kind());
    }

    void modify(Link current, Link desired) {
      String object = "links[" + desired.name() + "]";
      {
        // Re-checked now, not only at plan time: a link another topology took over since the plan is not changed.
        // (A link declared as a NIC reads back as its real kind, so "not vtopo's" alone cannot be refused here.)
        io.vtopo.netlink.model.Link l = live.get(desired.name());
        if (l == null && stale) {
          flush();
          refresh();
          l = live.get(desired.name());
        }
        String other = l == null ? null : Ownership.ownerOf(l);
        if (other != null && !other.equals(owner)) {
          throw new VtopoException(Kind.NOT_OWNED, object, "changed hands since the plan: it is now owned by "
              + "topology " + other + "; vtopo leaves it alone");
        }
      }
      LinkAttrs c = current.attrs();
      LinkAttrs d = desired.attrs();
      LinkSpec s = LinkSpec.ofName(d.name());
      boolean any = false;
      if (d.mtu() != null && !d.mtu().equals(c.mtu())) {
        s = s.withMtu(d.mtu());
        any = true;
      }
      if (d.mac() != null && !d.mac().equals(c.mac())) {
        s = s.withMac(new MacAddress(d.mac().value()));
        any = true;
      }
      if (d.state() != null && d.state() != c.state()) {
        s = s.withUp(d.state() == AdminState.UP);
        any = true;
      }
      if (d.master() != null && !d.master().equals(c.master())) {
        s = s.withMaster(index(d.master(), object));
        any = true;
      } else if (d.master() == null && c.master() != null && !(desired instanceof Nic)) {
        // A link of the topology that the file no longer puts in a bridge or bond is released (ip link set nomaster);
        // a NIC without master: in the file is left where it is, like its other unset fields.
        s = s.withMaster(0);
        any = true;
      }
      if (desired instanceof Bridge db && current instanceof Bridge cb) {
        Integer stp = db.stp() != null && !db.stp().equals(cb.stp()) ? (db.stp() ? 1 : 0) : null;
        Integer fd = db.forwardDelay() != null && !db.forwardDelay().equals(cb.forwardDelay())
            ? db.forwardDelay() * 100 : null;
        Boolean vf = db.vlanFiltering() != null && !db.vlanFiltering().equals(cb.vlanFiltering())
            ? db.vlanFiltering() : null;
        if (stp != null || fd != null || vf != null) {
          s = s.withInfo(new BridgeInfo(stp, fd, null, null, null, null, vf, null, null, null));
          any = true;
        }
      } else if (desired instanceof Macvlan dm && current instanceof Macvlan cm && dm.mode() != null
          && dm.mode() != cm.mode()) {
        s = s.withInfo(new MacvlanInfo(MacvlanMode.valueOf(dm.mode().name())));
        any = true;
      } else if (desired instanceof Vlan dv && current instanceof Vlan cv && dv.id() != cv.id()) {
        throw new VtopoException(Kind.UNSUPPORTED, object, "vlan id: desired " + dv.id() + ", current " + cv.id()
            + "; the kernel cannot change it in place");
      } else if (desired instanceof Vxlan dx && current instanceof Vxlan cx && dx.vni() != cx.vni()) {
        throw new VtopoException(Kind.UNSUPPORTED, object, "vni: desired " + dx.vni() + ", current " + cx.vni()
            + "; the kernel cannot change it in place");
      }
      if (any) {
        LinkSpec spec = s;
        queue(object, false, b -> b.modifyLink(spec));
      }
      for (IpPrefix p : c.addresses()) {
        if (!d.addresses().contains(p)) {
          addressDeletes.add(() -> {
            Address ad = Address.of(index(d.name(), object), inet(p.address()), p.length());
            queue(object + ".addresses[" + p + "]", false, b -> b.deleteAddress(ad));
          });
        }
      }
      for (IpPrefix p : d.addresses()) {
        if (!c.addresses().contains(p)) {
          addressAdds.add(() -> {
            Address ad = Address.of(index(d.name(), object), inet(p.address()), p.length());
            queue(object + ".addresses[" + p + "]", false, b -> b.addAddress(ad));
          });
        }
      }
      for (Route r : c.routes()) {
        if (!d.routes().contains(r)) {
          // Deleting an address also removes routes through it: a route already gone is fine.
          routeDeletes.add(() -> {
            io.vtopo.netlink.model.Route nr = route(r, d.name());
            queue(object + ".routes[" + r.to() + "]", true, b -> b.deleteRoute(nr));
          });
        }
      }
      for (Route r : d.routes()) {
        if (!c.routes().contains(r)) {
          routeAdds.add(() -> {
            io.vtopo.netlink.model.Route nr = route(r, d.name());
            queue(object + ".routes[" + r.to() + "]", false, b -> b.addRoute(nr));
          });
        }
      }
    }

    void delete(Link current) {
      String object = "links[" + current.name() + "]";
      if (stale) {
        flush();
        refresh();
      }
      io.vtopo.netlink.model.Link l = live.get(current.name());
      if (l == null) {
        return;
      }
      if (!Ownership.ownedBy(l, owner)) {
        String other = Ownership.ownerOf(l);
        throw new VtopoException(Kind.NOT_OWNED, object, other == null
            ? "not created by vtopo; refusing to delete it" : "owned by topology " + other + ", not " + owner);
      }
      deletes.add(current.name());
    }

    /** Deletes a run of links: one request for the whole group when it holds exactly those links. */
    void flushDeletes() {
      if (deletes.isEmpty()) {
        return;
      }
      Set<String> inGroup = new HashSet<>();
      for (io.vtopo.netlink.model.Link l : live.values()) {
        if (l.group() == group) {
          inGroup.add(l.name());
        }
      }
      boolean byGroup = !inGroup.isEmpty() && deletes.containsAll(inGroup);
      if (byGroup) {
        queue("links[group " + group + "]", true, b -> b.deleteGroup(group));
      }
      for (String name : deletes) {
        if (!(byGroup && inGroup.contains(name))) {
          int idx = live.get(name).index();
          // A veth's peer disappears with it: a missing link here is already gone, not an error.
          queue("links[" + name + "]", true, b -> b.deleteLink(idx));
        }
      }
      deletes.clear();
      flush();
      refresh();
    }

    void finish() {
      flushDeletes();
      flush();
      if (!ups.isEmpty()) {
        for (String n : ups) {
          LinkSpec up = LinkSpec.ofName(n).withUp(true);
          queue("links[" + n + "].state", false, b -> b.modifyLink(up));
        }
        ups.clear();
        flush();
      }
      if (!routeDeletes.isEmpty() || !addressDeletes.isEmpty() || !addressAdds.isEmpty() || !routeAdds.isEmpty()) {
        // No re-read here: indexes in the map stay valid (deletions re-read it), and a link created in this apply
        // that the map lacks makes index() flush and re-read once.
        routeDeletes.forEach(Runnable::run);
        addressDeletes.forEach(Runnable::run);
        addressAdds.forEach(Runnable::run);
        routeAdds.forEach(Runnable::run);
        flush();
      }
    }

    private io.vtopo.netlink.model.Route route(Route r, String linkName) {
      InetAddress to = inet(r.to().network());
      io.vtopo.netlink.model.Route nr = io.vtopo.netlink.model.Route.of(to, r.to().length(),
          r.via() == null ? null : inet(r.via()), index(linkName, "links[" + linkName + "]"));
      return r.metric() == null ? nr : nr.withMetric(r.metric());
    }

    @Override
    public void close() {
      for (RtNetlink.PendingTaps h : tapHandles) {
        h.close();
      }
      for (Netns n : opened) {
        n.close();
      }
    }
  }

  static InetAddress inet(io.vtopo.core.model.IpAddress a) {
    try {
      return InetAddress.getByAddress(a.bytes());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(a.toString(), e);
    }
  }

  /** A numeric id, or a name looked up in /etc/passwd or /etc/group; null stays null. */
  static Integer id(String value, String database, String object) {
    if (value == null) {
      return null;
    }
    if (value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
      return Integer.valueOf(value);
    }
    try {
      for (String line : Files.readAllLines(Path.of(database))) {
        String[] f = line.split(":");
        if (f.length > 2 && f[0].equals(value)) {
          return Integer.valueOf(f[2]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new VtopoException(Kind.FAILED, object, "cannot read " + database + ": " + e);
    }
    throw new VtopoException(Kind.INVALID_INPUT, object, "no such " + (database.contains("passwd") ? "user" : "group")
        + ": " + value);
  }
}
