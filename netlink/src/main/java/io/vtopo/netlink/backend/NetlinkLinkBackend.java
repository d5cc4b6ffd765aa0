package io.vtopo.netlink.backend;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import io.vtopo.core.backend.Change;
import io.vtopo.core.backend.FaultPoints;
import io.vtopo.core.backend.LinkBackend;
import io.vtopo.core.backend.LinkContract;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.model.AdminState;
import io.vtopo.core.model.Bond;
import io.vtopo.core.model.Bridge;
import io.vtopo.core.model.Dummy;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.LinkAttrs;
import io.vtopo.core.model.Macvlan;
import io.vtopo.core.model.Macvtap;
import io.vtopo.core.model.Nic;
import io.vtopo.core.model.PortVlan;
import io.vtopo.core.model.Route;
import io.vtopo.core.model.Tap;
import io.vtopo.core.model.UnknownLink;
import io.vtopo.core.model.Veth;
import io.vtopo.core.model.Vlan;
import io.vtopo.core.model.VlanProtocol;
import io.vtopo.core.model.Vxlan;
import io.vtopo.core.plan.Effect;
import io.vtopo.core.plan.FieldChange;
import io.vtopo.core.plan.LinkField;
import io.vtopo.netlink.Batch;
import io.vtopo.netlink.NetlinkException;
import io.vtopo.netlink.Netns;
import io.vtopo.netlink.RtNetlink;
import io.vtopo.netlink.TapSpec;
import io.vtopo.netlink.model.Address;
import io.vtopo.netlink.model.BondInfo;
import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.model.BridgeVlan;
import io.vtopo.netlink.model.DummyInfo;
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
 * The link side of vtopo over rtnetlink: reads the live namespace with one dump per object class
 * and carries out ordered changes in as few kernel round trips as the dependencies allow. Links it
 * creates carry the alias {@code vtopo:<topology>} and the topology's group (see {@link
 * Ownership}); deletions of a whole topology go through one {@code RTM_DELLINK} by group when
 * possible.
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

  /**
   * A backend over a client the caller made (a scripted kernel in request-level tests); closing
   * closes it.
   */
  public static NetlinkLinkBackend over(RtNetlink client) {
    return new NetlinkLinkBackend(client, null);
  }

  /** A backend for a namespace handle the caller keeps open (tests use anonymous namespaces). */
  public static NetlinkLinkBackend open(Netns netns) {
    return new NetlinkLinkBackend(RtNetlink.open(netns), null);
  }

  /**
   * What rtnetlink can change on a live link, from the kernel's own rules: every shared setting in
   * place; bridge STP, forward delay and VLAN filtering in place ({@code ip link set type bridge});
   * bond {@code miimon} and {@code xmit-hash-policy} in place, {@code lacp-rate} only on a bond
   * that is down (the kernel's bond option table flags it BOND_OPTFLAG_IFDOWN: down, set, up),
   * {@code mode} only down and without ports (NOSLAVES|IFDOWN), so a replacement; macvlan/macvtap
   * mode in place; VLAN id/parent/protocol, TAP flags and owner, veth peer and VXLAN endpoints only
   * by replacing the link. A NIC is never replaced. A TAP owner or group given as a number and the
   * same user or group given by name are one value.
   */
  public static final LinkContract CONTRACT =
      LinkContract.GENERIC.toBuilder()
          .kind("bond", LinkField.LACP_RATE, Effect.DISRUPTIVE)
          // The kernel holds a TAP's owner and group as numbers; a file may name them either way.
          .same(LinkField.TAP_OWNER, IdNames::sameUser)
          .same(LinkField.TAP_GROUP, IdNames::sameGroup)
          .build();

  @Override
  public LinkContract contract() {
    return CONTRACT;
  }

  /**
   * {@code ip -d link show; ip addr show; ip route show}: three dumps, whatever the number of
   * links.
   */
  @Override
  public List<Owned<Link>> readLinks() {
    try {
      return LiveReader.read(nl.snapshot(), new Peers());
    } catch (NetlinkException e) {
      throw translate(e, "links");
    }
  }

  /**
   * Names the peers of veth pairs that live in a named namespace ({@code ip netns}), as {@code ip
   * link} shows {@code link-netns NAME}: the namespace whose id (RTM_GETNSID by its /run/netns
   * file) is the link's IFLA_LINK_NETNSID, and there the link of the peer's index. Looked up only
   * when a read finds such a veth, once per namespace per read.
   */
  private final class Peers implements LiveReader.PeerResolver {
    private Map<Integer, String> byId;
    private final Map<String, Map<Integer, String>> linksIn = new HashMap<>();

    @Override
    public String[] peer(int nsid, int index) {
      if (byId == null) {
        byId = new HashMap<>();
        for (String name : namedNamespaces()) {
          try (Netns n = Netns.named(name)) {
            nl.nsid(n.fd()).ifPresent(id -> byId.putIfAbsent(id, name));
          } catch (RuntimeException e) {
            // Deleted meanwhile, or not a namespace file: not this peer's namespace.
          }
        }
      }
      String name = byId.get(nsid);
      if (name == null) {
        return null;
      }
      Map<Integer, String> links =
          linksIn.computeIfAbsent(
              name,
              n -> {
                Map<Integer, String> m = new HashMap<>();
                try (Netns there = Netns.named(n);
                    RtNetlink other = RtNetlink.open(there)) {
                  other.links().forEach(l -> m.put(l.index(), l.name()));
                } catch (RuntimeException e) {
                  // Gone meanwhile: the peer stays unnamed.
                }
                return m;
              });
      String peer = links.get(index);
      return peer == null ? null : new String[] {name, peer};
    }
  }

  private static List<String> namedNamespaces() {
    try (java.util.stream.Stream<Path> s = Files.list(Netns.RUN_NETNS)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      return List.of();
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
          a.modify(m.current(), m.desired(), m.changes());
        } else if (c instanceof Change.Delete<Link> d) {
          a.delete(d.current());
          boolean lastOfRun =
              i + 1 == changes.size() || !(changes.get(i + 1) instanceof Change.Delete);
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
      var l =
          nl.link(name)
              .orElseThrow(() -> new VtopoException(Kind.NOT_FOUND, object, "no such link"));
      String current = Ownership.ownerOf(l);
      if (current != null && !current.equals(owner)) {
        throw new VtopoException(
            Kind.NOT_OWNED, object, "owned by topology " + current + ", not " + owner);
      }
      nl.modifyLink(
          io.vtopo.netlink.model.LinkSpec.ofName(name)
              .withAlias(Ownership.alias(owner))
              .withGroup(Ownership.groupFor(owner)));
    } catch (NetlinkException e) {
      throw translate(e, object);
    }
  }

  /**
   * Completes the alias of a link created by an apply of {@code owner} that was killed between the
   * create (which set the topology's group) and the alias. The caller has matched the name against
   * the apply's journaled create intents; this checks the mark the creating request left: no alias
   * and the topology's group, or, for the other end of a veth pair (marked in the same follow-up
   * request as its peer), a peer that carries this topology's mark. The alias is written by
   * interface index, so a link renamed or replaced meanwhile is not touched.
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

  /**
   * State of one apply: the live links by name, the pending batch and the deferred address/route
   * work.
   */
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
    private final List<Runnable> vlanChanges = new ArrayList<>();

    /**
     * Links that existed before this apply and come up again at its end (a bond after its LACP
     * rate): by index.
     */
    private final Map<String, Integer> upByIndex = new HashMap<>();

    private final List<Netns> opened = new ArrayList<>();
    private final List<TapSpec> taps = new ArrayList<>();
    private final Set<String> ups = new LinkedHashSet<>();
    private final Set<String> peersCreated = new HashSet<>();

    /**
     * Request index in the pending batch of each link create, with the names its alias goes on once
     * acknowledged.
     */
    private final Map<Integer, String[]> createdAt = new HashMap<>();

    /**
     * Request index of each TAP's marking request: the TAP becomes persistent only if it succeeded.
     */
    private final Map<Integer, String> tapMarkAt = new HashMap<>();

    /**
     * TAPs created in this apply and not yet persistent, with the descriptors that keep them alive.
     */
    private final Map<String, RtNetlink.PendingTaps> unpersisted = new HashMap<>();

    private final List<RtNetlink.PendingTaps> tapHandles = new ArrayList<>();

    /**
     * User and group names already looked up in this apply: /etc/passwd is read once, not once per
     * TAP.
     */
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
     * Adds one request to the pending batch. {@code add} must not look anything up: a lookup may
     * flush, which would leave the request in a batch already sent (resolve indexes before calling
     * this).
     */
    private void queue(
        String object, boolean missingIsFine, java.util.function.Consumer<Batch> add) {
      Batch target = batch;
      if (missingIsFine) {
        tolerateMissing.add(target.size());
      }
      objects.add(object);
      add.accept(target);
      if (target != batch) {
        throw new IllegalStateException(
            object + ": request queued into a batch that was flushed meanwhile");
      }
      stale = true;
    }

    /**
     * Sends what is queued; the first failure stops the apply (earlier requests stay done). Order
     * of the calls, each between fault points: the pending TAPs are created (not persistent), the
     * batch goes out, the links whose create the kernel acknowledged get their owner alias (never
     * by name after a failed create: that name may be another tool's link), the TAPs whose marking
     * request succeeded are made persistent, then the TAP descriptors close (an unmarked TAP
     * vanishes with them).
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
        // Tokens: create:NAME for link creates, mark:NAME for a TAP's marking request, else the
        // object path.
        StringBuilder l = new StringBuilder("link batch");
        for (int i = 0; i < objs.size(); i++) {
          l.append(' ')
              .append(
                  creates.containsKey(i)
                      ? "create:" + creates.get(i)[0]
                      : tapMarks.containsKey(i)
                          ? "mark:" + tapMarks.get(i)
                          : objs.get(i).replace(' ', '_'));
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
      tapMarks.forEach(
          (i, name) -> {
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
          throw new VtopoException(
              Kind.CONFLICT,
              obj,
              "a link of this name (or its peer's) appeared after vtopo "
                  + "read the host: another tool created it; vtopo stops and leaves it alone ("
                  + first.getMessage()
                  + ")",
              first);
        }
        throw translate(first, obj);
      }
    }

    /**
     * Owner aliases for the links whose create succeeded, addressed by the name the kernel just
     * accepted.
     */
    private void markCreated(Map<Integer, String[]> creates, Set<Integer> failed) {
      Batch marks = nl.batch();
      List<String> names = new ArrayList<>();
      creates.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e -> {
                if (failed.contains(e.getKey())) {
                  return;
                }
                for (String n : e.getValue()) {
                  marks.modifyLink(
                      LinkSpec.ofName(n).withAlias(Ownership.alias(owner)).withGroup(group));
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
     * Creates the pending TAPs, not persistent yet. They stay open across flushes (a flush forced
     * by a lookup may go out before a TAP's marking request is queued) until the batch holding
     * their marking request succeeded; the ones still unpersisted when the apply ends or fails
     * vanish with their descriptors ({@link #close}).
     */
    private void openTaps() {
      if (taps.isEmpty()) {
        return;
      }
      List<TapSpec> t = new ArrayList<>(taps);
      taps.clear();
      String label =
          FaultPoints.active()
              ? "tap create " + String.join(" ", t.stream().map(TapSpec::name).toList())
              : null;
      FaultPoints.before(label);
      try {
        RtNetlink.PendingTaps h = nl.openTaps(t);
        tapHandles.add(h);
        t.forEach(s -> unpersisted.put(s.name(), h));
      } catch (NetlinkException e) {
        if (e.errno() == Errno.EBUSY) {
          throw new VtopoException(
              Kind.CONFLICT,
              "links[" + tapName(e, t) + "]",
              "a link of this name appeared "
                  + "after vtopo read the host: another tool created it; vtopo stops and leaves it alone",
              e);
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
        throw new VtopoException(
            Kind.UNSUPPORTED, object, "vtopo does not create links of kind " + link.kind());
      }
      if (link instanceof Veth && peersCreated.contains(a.name())) {
        // The other end of a pair created earlier in this apply: the kernel made both, so this one
        // is configured in
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
        // Taps come from ioctls, not rtnetlink. flush() creates the pending taps before it sends
        // the batch, so the
        // name-addressed request that marks and enslaves this tap can wait in the batch with
        // everything else
        // (one ioctl round per flush instead of a flush per tap). Deletions still pending go first.
        if (!deletes.isEmpty()) {
          flushDeletes();
        }
        taps.add(
            new TapSpec(
                a.name(),
                true,
                cachedId(t.owner(), "/etc/passwd", object),
                cachedId(t.group(), "/etc/group", object),
                Boolean.TRUE.equals(t.multiQueue()),
                Boolean.TRUE.equals(t.vnetHdr()),
                true));
        LinkSpec marked = common(LinkSpec.ofName(a.name()), a, object);
        if (a.state() == AdminState.UP) {
          // A TAP is never a master, so nothing waits for it: it comes up in the request that marks
          // and enslaves it
          // (one request per TAP instead of two). Its bridge, if created in this apply, is still
          // down at this point.
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
        // The kernel ignores IFLA_IFALIAS when creating a link (only do_setlink applies it) but
        // sets IFLA_GROUP: the
        // group is the mark the creating request itself carries. The alias follows in the next
        // sendmsg, only for the
        // creates the kernel acknowledged (see markCreated); a kill between the two leaves a link
        // with this topology's
        // group and a journaled create intent, which recovery claims (claim()).
        createdAt.put(
            batch.size(),
            link instanceof Veth v && v.peerNetns() == null && v.peer() != null
                ? new String[] {a.name(), v.peer()}
                : new String[] {a.name()});
        queue(object, false, b -> b.createLink(s));
      }
      queueL3(a, object);
      if (link instanceof Vxlan x) {
        queueFlood(a.name(), List.of(), x.flood(), object);
      }
    }

    /**
     * Addresses and routes of a created link, sent once every link exists and is up; its bridge
     * VLANs too.
     */
    private void queueL3(LinkAttrs a, String object) {
      if (a.portVlan() != null) {
        // A new port joins its bridge in the kernel's default VLAN (default_pvid 1, PVID untagged):
        // that membership
        // is replaced by the declared one.
        queueBridgeVlans(a.name(), PortVlan.access(1), a.portVlan(), object);
      }
      for (IpPrefix p : a.addresses()) {
        addressAdds.add(
            () -> {
              Address ad = Address.of(index(a.name(), object), inet(p.address()), p.length());
              queue(object + ".addresses[" + p + "]", false, b -> b.addAddress(ad));
            });
      }
      for (Route r : a.routes()) {
        routeAdds.add(
            () -> {
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
        // Links come up after every link exists and every port is enslaved: bringing ports up one
        // by one on bridges
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
        return new BridgeInfo(
            b.stp() == null ? null : b.stp() ? 1 : 0,
            b.forwardDelay() == null ? null : b.forwardDelay() * 100,
            null,
            null,
            null,
            null,
            b.vlanFiltering(),
            null,
            null,
            null);
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
        // Both ends carry the topology's group from the create request on (the kernel builds each
        // end from its own
        // ifinfomsg); one in another namespace keeps no marker, since this apply cannot read it
        // back.
        return new VethInfo(
            v.peer(), peerNs, peerNs == null ? LinkSpec.ofIndex(0).withGroup(group) : null);
      }
      if (link instanceof Vxlan x) {
        io.vtopo.core.model.IpAddress remote = x.remote() != null ? x.remote() : x.group();
        return new VxlanInfo(
            x.vni(),
            x.local() == null ? null : inet(x.local()),
            remote == null ? null : inet(remote),
            x.underlay() == null ? null : index(x.underlay(), object),
            null,
            true,
            x.dstPort());
      }
      if (link instanceof Vlan v) {
        return new VlanInfo(v.id(), v.protocol() == VlanProtocol.DOT1AD ? VlanInfo.P_8021AD : null);
      }
      if (link instanceof Bond b) {
        return new BondInfo(
            b.mode() == null ? null : io.vtopo.netlink.model.BondMode.of(b.mode().kernelValue()),
            b.miimon(),
            null,
            null,
            b.xmitHashPolicy() == null ? null : BondInfo.HASH_POLICIES.indexOf(b.xmitHashPolicy()),
            b.lacpRate() == null ? null : "fast".equals(b.lacpRate()) ? 1 : 0);
      }
      if (link instanceof Macvlan m) {
        return new MacvlanInfo(m.mode() == null ? null : MacvlanMode.valueOf(m.mode().name()));
      }
      if (link instanceof Dummy) {
        return new DummyInfo();
      }
      if (link instanceof Macvtap m) {
        return new MacvtapInfo(m.mode() == null ? null : MacvlanMode.valueOf(m.mode().name()));
      }
      throw new VtopoException(
          Kind.UNSUPPORTED, object, "cannot create links of kind " + link.kind());
    }

    /**
     * Applies exactly the fields the plan lists, each from its typed live and desired values (no
     * second diff). Settings of the link itself go in one {@code ip link set dev #INDEX ...}
     * request; a bond's LACP rate, which the kernel changes only on a bond that is down, goes down
     * / set / up; bridge port VLANs, addresses and routes are queued like a created link's.
     */
    void modify(Link current, Link desired, List<FieldChange> changes) {
      String object = "links[" + desired.name() + "]";
      // A declared NIC is the host's, whoever marked it (the planner changes NICs whatever their
      // owner, e.g. the sandbox's NIC stand-ins): only links vtopo creates are re-checked.
      if (!(desired instanceof io.vtopo.core.model.Nic)) {
        // Re-checked now, not only at plan time: a link another topology took over since the plan
        // is not changed.
        io.vtopo.netlink.model.Link l = live.get(desired.name());
        if (l == null && stale) {
          flush();
          refresh();
          l = live.get(desired.name());
        }
        String other = l == null ? null : Ownership.ownerOf(l);
        if (other != null && !other.equals(owner)) {
          throw new VtopoException(
              Kind.NOT_OWNED,
              object,
              "changed hands since the plan: it is now owned by "
                  + "topology "
                  + other
                  + "; vtopo leaves it alone");
        }
      }
      String name = desired.name();
      LinkSpec s = LinkSpec.ofIndex(index(name, object));
      boolean any = false;
      BridgeInfo bridge = null;
      BondInfo bond = null;
      Integer lacpRate = null;
      for (FieldChange c : changes) {
        if (!(c.key() instanceof LinkField f)) {
          throw new VtopoException(Kind.UNSUPPORTED, object, "not a link field: " + c.field());
        }
        switch (f) {
          case STATE -> s = s.withUp(c.desired() == AdminState.UP);
          case MTU -> s = s.withMtu((Integer) c.desired());
          case MAC ->
              s = s.withMac(new MacAddress(((io.vtopo.core.model.MacAddress) c.desired()).value()));
          // A link of the topology that the file no longer puts in a bridge or bond is released
          // (nomaster).
          case MASTER ->
              s = s.withMaster(c.desired() == null ? 0 : index((String) c.desired(), object));
          case STP -> bridge = bridge(bridge).withStp((Boolean) c.desired() ? 1 : 0);
          case FORWARD_DELAY ->
              bridge = bridge(bridge).withForwardDelay((Integer) c.desired() * 100);
          case VLAN_FILTERING -> bridge = bridge(bridge).withVlanFiltering((Boolean) c.desired());
          case MIIMON -> bond = bond(bond).withMiimon((Integer) c.desired());
          case XMIT_HASH_POLICY ->
              bond =
                  bond(bond)
                      .withXmitHashPolicy(BondInfo.HASH_POLICIES.indexOf((String) c.desired()));
          case LACP_RATE -> lacpRate = "fast".equals(c.desired()) ? 1 : 0;
          case MACVLAN_MODE ->
              s =
                  s.withInfo(
                      desired instanceof Macvtap
                          ? new MacvtapInfo(
                              MacvlanMode.valueOf(
                                  ((io.vtopo.core.model.MacvlanMode) c.desired()).name()))
                          : new MacvlanInfo(
                              MacvlanMode.valueOf(
                                  ((io.vtopo.core.model.MacvlanMode) c.desired()).name())));
          case BRIDGE_VLAN ->
              queueBridgeVlans(name, (PortVlan) c.live(), (PortVlan) c.desired(), object);
          case FLOOD -> queueFlood(name, list(c.live()), list(c.desired()), object);
          case ADDRESSES -> addresses(name, list(c.live()), list(c.desired()), object);
          case ROUTES -> routes(name, list(c.live()), list(c.desired()), object);
          default ->
              throw new VtopoException(
                  Kind.UNSUPPORTED,
                  object,
                  f.key()
                      + ": desired "
                      + c.desiredText()
                      + ", live "
                      + c.liveText()
                      + "; this backend changes it only by replacing the link");
        }
        if (f != LinkField.BRIDGE_VLAN
            && f != LinkField.FLOOD
            && f != LinkField.ADDRESSES
            && f != LinkField.ROUTES
            && f != LinkField.LACP_RATE) {
          any = true;
        }
      }
      if (bridge != null) {
        s = s.withInfo(bridge);
      }
      if (bond != null) {
        s = s.withInfo(bond);
      }
      if (any) {
        LinkSpec spec = s;
        queue(object, false, b -> b.modifyLink(spec));
      }
      if (lacpRate != null) {
        // The kernel refuses lacp_rate on a bond that is up (BOND_OPTFLAG_IFDOWN, EBUSY): down,
        // set, up again.
        int idx = index(name, object);
        boolean wasUp = current.attrs().state() == AdminState.UP;
        boolean wantUp =
            desired.attrs().state() == null ? wasUp : desired.attrs().state() == AdminState.UP;
        BondInfo lacp = new BondInfo(null, null, null, null, null, lacpRate);
        queue(object + ".lacp-rate", false, b -> b.modifyLink(LinkSpec.ofIndex(idx).withUp(false)));
        queue(
            object + ".lacp-rate", false, b -> b.modifyLink(LinkSpec.ofIndex(idx).withInfo(lacp)));
        if (wantUp) {
          ups.add(name);
          upByIndex.put(name, idx);
        }
      }
    }

    private BridgeInfo bridge(BridgeInfo b) {
      return b != null
          ? b
          : new BridgeInfo(null, null, null, null, null, null, null, null, null, null);
    }

    private BondInfo bond(BondInfo b) {
      return b != null ? b : new BondInfo(null, null, null, null, null, null);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object o) {
      return o == null ? List.of() : (List<T>) o;
    }

    /**
     * {@code bridge vlan del/add dev PORT ...}: removes the VLANs the port must no longer carry and
     * adds (or re-flags) the rest, as few ranges as possible; sent once the port exists and is
     * enslaved.
     */
    private void queueBridgeVlans(String port, PortVlan live, PortVlan want, String object) {
      Map<Integer, Integer> have = live == null ? Map.of() : live.flags();
      Map<Integer, Integer> need = want == null ? Map.of() : want.flags();
      Map<Integer, Integer> gone = new java.util.TreeMap<>();
      have.keySet().stream().filter(v -> !need.containsKey(v)).forEach(v -> gone.put(v, 0));
      Map<Integer, Integer> set = new java.util.TreeMap<>();
      need.forEach(
          (v, f) -> {
            // PortVlan's flag bits are BridgeVlan's (PVID 1, UNTAGGED 2).
            if (!f.equals(have.get(v))) {
              set.put(v, f);
            }
          });
      vlanChanges.add(
          () -> {
            int idx = index(port, object);
            if (!gone.isEmpty()) {
              List<BridgeVlan> del = BridgeVlan.compress(gone);
              queue(object + ".bridge-vlan", false, b -> b.deleteBridgeVlans(idx, del));
            }
            if (!set.isEmpty()) {
              List<BridgeVlan> add = BridgeVlan.compress(set);
              queue(object + ".bridge-vlan", false, b -> b.addBridgeVlans(idx, add));
            }
          });
    }

    /**
     * Head-end replication entries of a VXLAN ({@code bridge fdb del|append 00:00:00:00:00:00 dev
     * NAME dst IP}): the entries the file drops, then the new ones; sent with the bridge VLAN
     * changes, once every link exists. Other FDB entries of the tunnel are never touched.
     */
    private void queueFlood(
        String name, List<IpAddress> live, List<IpAddress> want, String object) {
      List<IpAddress> gone = live.stream().filter(a -> !want.contains(a)).toList();
      List<IpAddress> added = want.stream().filter(a -> !live.contains(a)).toList();
      if (gone.isEmpty() && added.isEmpty()) {
        return;
      }
      vlanChanges.add(
          () -> {
            int idx = index(name, object);
            for (IpAddress a : gone) {
              InetAddress dst = inet(a);
              queue(object + ".flood[" + a + "]", false, b -> b.deleteFlood(idx, dst));
            }
            for (IpAddress a : added) {
              InetAddress dst = inet(a);
              queue(object + ".flood[" + a + "]", false, b -> b.appendFlood(idx, dst));
            }
          });
    }

    private void addresses(String name, List<IpPrefix> live, List<IpPrefix> want, String object) {
      for (IpPrefix p : live) {
        if (!want.contains(p)) {
          addressDeletes.add(
              () -> {
                Address ad = Address.of(index(name, object), inet(p.address()), p.length());
                queue(object + ".addresses[" + p + "]", false, b -> b.deleteAddress(ad));
              });
        }
      }
      for (IpPrefix p : want) {
        if (!live.contains(p)) {
          addressAdds.add(
              () -> {
                Address ad = Address.of(index(name, object), inet(p.address()), p.length());
                queue(object + ".addresses[" + p + "]", false, b -> b.addAddress(ad));
              });
        }
      }
    }

    private void routes(String name, List<Route> live, List<Route> want, String object) {
      for (Route r : live) {
        if (!want.contains(r)) {
          // Deleting an address also removes routes through it: a route already gone is fine.
          routeDeletes.add(
              () -> {
                io.vtopo.netlink.model.Route nr = route(r, name);
                queue(object + ".routes[" + r.to() + "]", true, b -> b.deleteRoute(nr));
              });
        }
      }
      for (Route r : want) {
        if (!live.contains(r)) {
          routeAdds.add(
              () -> {
                io.vtopo.netlink.model.Route nr = route(r, name);
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
        throw new VtopoException(
            Kind.NOT_OWNED,
            object,
            other == null
                ? "not created by vtopo; refusing to delete it"
                : "owned by topology " + other + ", not " + owner);
      }
      deletes.add(current.name());
    }

    /**
     * Deletes a run of links: one request for the whole group when it holds exactly those links.
     */
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
      if (!vlanChanges.isEmpty()) {
        vlanChanges.forEach(Runnable::run);
        vlanChanges.clear();
        flush();
      }
      if (!ups.isEmpty()) {
        for (String n : ups) {
          // By index, as iproute2 addresses a link. index() re-reads the links once when a name is
          // missing from the map (links created since the last read), so the index is the one the
          // kernel gave the link this apply created.
          Integer existing = upByIndex.get(n);
          int idx = existing != null ? existing : index(n, "links[" + n + "]");
          LinkSpec up = LinkSpec.ofIndex(idx).withUp(true);
          // The query first (Batch.syncLinkState): a link created or enslaved a moment ago can
          // have its carrier loss still queued in the kernel's link watcher, and would come up
          // looking operational, so IPv6 would configure it and undo that again.
          queue("links[" + n + "].state", false, b -> b.syncLinkState(idx));
          queue("links[" + n + "].state", false, b -> b.modifyLink(up));
        }
        ups.clear();
        flush();
      }
      if (!routeDeletes.isEmpty()
          || !addressDeletes.isEmpty()
          || !addressAdds.isEmpty()
          || !routeAdds.isEmpty()) {
        // No re-read here: indexes in the map stay valid (deletions re-read it), and a link created
        // in this apply
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
      io.vtopo.netlink.model.Route nr =
          io.vtopo.netlink.model.Route.of(
              to,
              r.to().length(),
              r.via() == null ? null : inet(r.via()),
              index(linkName, "links[" + linkName + "]"));
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
    throw new VtopoException(
        Kind.INVALID_INPUT,
        object,
        "no such " + (database.contains("passwd") ? "user" : "group") + ": " + value);
  }
}
