package io.vtopo.fleet;

import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.diag.Diagnostics;
import io.vtopo.core.diag.Position;
import io.vtopo.core.diag.Severity;
import io.vtopo.core.io.Ctx;
import io.vtopo.core.io.Obj;
import io.vtopo.core.io.SourceMap;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.io.VmReader;
import io.vtopo.core.io.YNode;
import io.vtopo.core.io.YNode.YMap;
import io.vtopo.core.io.YNode.YScalar;
import io.vtopo.core.io.YamlLoader;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.model.IpAddress;
import io.vtopo.core.model.IpPrefix;
import io.vtopo.core.model.Topology;
import io.vtopo.fleet.Fleet.FleetNic;
import io.vtopo.fleet.Fleet.FleetVm;
import io.vtopo.fleet.Fleet.Host;
import io.vtopo.fleet.Fleet.Probe;
import io.vtopo.fleet.Fleet.Replication;
import io.vtopo.fleet.Fleet.Segment;
import io.vtopo.fleet.Fleet.Underlay;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code vtopo-fleet/v1} file with the core's YAML reader and typed accessors, so it is
 * exactly as strict as a host file (unknown keys with did-you-mean, positions, every problem at
 * once). A host's own {@code vtopo/v1} file ({@code file:}) is read with the core's reader; inline
 * host objects ({@code links:}, {@code vms:}...) with the core's section reader, their paths
 * prefixed with {@code hosts[NAME].}.
 */
public final class FleetReader {
  private FleetReader() {}

  /**
   * The result of reading a fleet file.
   *
   * @param fleet the model, present only when nothing had a structural error
   * @param sources positions in the fleet file
   * @param hostSources per host: the positions of its own objects (its file's and the inline ones)
   * @param diagnostics every problem found while reading
   */
  public record Result(
      Optional<Fleet> fleet,
      SourceMap sources,
      Map<String, SourceMap> hostSources,
      Diagnostics diagnostics) {}

  /**
   * Reads a fleet file from disk; a host's {@code file:} is resolved against the fleet file's
   * directory.
   */
  public static Result read(Path path) {
    String file = path.toString();
    Diagnostics diags = new Diagnostics();
    SourceMap sources = new SourceMap(file);
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(YamlLoader.MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      diags.error("file.missing", Position.unknown(file), "", "file does not exist");
      return new Result(Optional.empty(), sources, Map.of(), diags);
    } catch (IOException e) {
      diags.error(
          "file.unreadable", Position.unknown(file), "", "cannot read file: " + e.getMessage());
      return new Result(Optional.empty(), sources, Map.of(), diags);
    }
    Path dir = path.toAbsolutePath().getParent();
    return read(file, bytes, dir, diags, sources);
  }

  /** Reads in-memory content; host files are resolved against {@code dir}. */
  public static Result read(String file, byte[] bytes, Path dir) {
    return read(file, bytes, dir, new Diagnostics(), new SourceMap(file));
  }

  private static Result read(
      String file, byte[] bytes, Path dir, Diagnostics diags, SourceMap sources) {
    Optional<YNode> root = YamlLoader.load(file, bytes, diags);
    if (root.isEmpty()) {
      return new Result(Optional.empty(), sources, Map.of(), diags);
    }
    Ctx ctx = new Ctx(file, diags, sources);
    if (!(root.get() instanceof YMap map)) {
      diags.error(
          "schema.type",
          ctx.pos(root.get()),
          "",
          "expected a mapping with apiVersion, name, underlay, hosts,"
              + " segments, vms, expect, probes; found "
              + root.get().describe(),
          null);
      return new Result(Optional.empty(), sources, Map.of(), diags);
    }
    Obj top = new Obj(ctx, map, "");
    YNode api = top.raw("apiVersion");
    if (api == null) {
      top.missing("apiVersion", "apiVersion: " + Fleet.API_VERSION);
    } else if (!(api instanceof YScalar s) || !s.value().equals(Fleet.API_VERSION)) {
      String found = api instanceof YScalar s ? "'" + s.value() + "'" : api.describe();
      diags.error(
          "schema.api-version",
          ctx.pos(api),
          "apiVersion",
          "unsupported apiVersion " + found + "; a fleet file has apiVersion " + Fleet.API_VERSION,
          found.equals("'" + Topology.API_VERSION + "'")
              ? "this is a host file: use 'vtopo validate', or list it as a host's file: in a fleet file"
              : null);
      top.fail();
    }
    String name = top.fileName("fleet", "it is the topology name of every rendered host file");
    top.str("description");
    Underlay underlay = underlay(top.obj("underlay"));
    Map<String, SourceMap> hostSources = new LinkedHashMap<>();
    String fleetName = name == null ? "fleet" : name;
    List<Host> hosts =
        ctx.objects(top.raw("hosts"), "hosts", (o, p) -> host(o, p, fleetName, dir, hostSources));
    List<Segment> segments = ctx.objects(top.raw("segments"), "segments", FleetReader::segment);
    List<FleetVm> vms = ctx.objects(top.raw("vms"), "vms", FleetReader::vm);
    List<Expectation> expects = ctx.objects(top.raw("expect"), "expect", VmReader::expectation);
    List<Probe> probes = ctx.objects(top.raw("probes"), "probes", FleetReader::probe);
    top.finish("the fleet");
    if (diags.hasErrors()) {
      return new Result(Optional.empty(), sources, hostSources, diags);
    }
    return new Result(
        Optional.of(new Fleet(name, underlay, hosts, segments, vms, expects, probes)),
        sources,
        hostSources,
        diags);
  }

  private static Underlay underlay(Obj o) {
    if (o == null) {
      return new Underlay(1500, 4789, null);
    }
    Integer mtu = o.integer("mtu", 68, 65535);
    Integer port = o.integer("dstport", 1, 65535);
    IpAddress gw = o.ip("gateway");
    o.finish("the underlay");
    return new Underlay(mtu == null ? 1500 : mtu, port == null ? 4789 : port, gw);
  }

  private static Host host(
      Obj o, String path, String fleetName, Path dir, Map<String, SourceMap> hostSources) {
    String name = o.reqStr("name");
    Obj u = o.obj("underlay");
    String dev = null;
    IpPrefix address = null;
    IpAddress gateway = null;
    if (u == null) {
      if (!o.has("underlay")) {
        o.missing(
            "underlay",
            "a mapping with dev and address, e.g. {dev: eno1, address: 203.0.113.11/24}");
      }
    } else {
      dev = u.reqStr("dev");
      if (!u.has("address")) {
        u.missing(
            "address", "the host's underlay address with prefix length, e.g. 203.0.113.11/24");
      } else {
        address = u.cidr("address");
      }
      gateway = u.ip("gateway");
      u.finish("a host's underlay");
      if (u.failed()) {
        o.fail();
      }
    }
    String file = o.str("file");
    // The host's own objects: its file, then the inline sections, read by the core's readers.
    SourceMap own = new SourceMap(o.ctx().sources().file());
    List<Topology> parts = new ArrayList<>();
    Diagnostics diags = o.ctx().diags();
    if (file != null) {
      TopologyReader.Result r = TopologyReader.read(dir.resolve(file));
      for (Diagnostic d : r.diagnostics().sorted()) {
        Position pos = d.position().line() == 0 ? o.pos("file") : d.position();
        add(diags, d, pos, d.path());
      }
      if (r.diagnostics().hasErrors()) {
        o.fail();
      }
      r.topology().ifPresent(parts::add);
      own.putAll(r.sources());
    }
    Diagnostics inlineDiags = new Diagnostics();
    SourceMap inlineSources = new SourceMap(o.ctx().sources().file());
    Obj inline = inlineObj(o, inlineDiags, inlineSources);
    if (inline != null) {
      parts.add(TopologyReader.sections(inline, fleetName));
      for (String k : List.of("links", "networks", "pools", "vms", "expect")) {
        o.raw(k);
      }
    }
    for (Diagnostic d : inlineDiags.sorted()) {
      add(diags, d, d.position(), path + (d.path().isEmpty() ? "" : "." + d.path()));
    }
    if (inlineDiags.hasErrors()) {
      o.fail();
    }
    own.putAll(inlineSources);
    o.finish("a host");
    if (name != null) {
      hostSources.put(name, own);
    }
    if (o.failed() || name == null) {
      return null;
    }
    Topology merged = merge(fleetName, parts);
    return new Host(name, dev, address, gateway, file, merged);
  }

  private static Obj inlineObj(Obj o, Diagnostics diags, SourceMap sources) {
    YMap map = o.node();
    return map == null ? null : new Obj(new Ctx(o.ctx().sources().file(), diags, sources), map, "");
  }

  private static void add(Diagnostics diags, Diagnostic d, Position pos, String path) {
    if (d.severity() == Severity.ERROR) {
      diags.error(d.rule(), pos, path, d.message(), d.hint());
    } else {
      diags.warning(d.rule(), pos, path, d.message(), d.hint());
    }
  }

  private static Topology merge(String name, List<Topology> parts) {
    List<io.vtopo.core.model.Link> links = new ArrayList<>();
    List<io.vtopo.core.model.Network> networks = new ArrayList<>();
    List<io.vtopo.core.model.Pool> pools = new ArrayList<>();
    List<io.vtopo.core.model.Vm> vms = new ArrayList<>();
    List<Expectation> expects = new ArrayList<>();
    for (Topology t : parts) {
      links.addAll(t.links());
      networks.addAll(t.networks());
      pools.addAll(t.pools());
      vms.addAll(t.vms());
      expects.addAll(t.expectations());
    }
    return new Topology(name, links, networks, pools, vms, expects);
  }

  private static final Map<String, Replication> REPLICATION =
      Map.of("head-end", Replication.HEAD_END, "multicast", Replication.MULTICAST);

  private static Segment segment(Obj o, String path) {
    String name = o.reqStr("name");
    Integer vni = o.reqInt("vni", 0, 16_777_215);
    Replication rep = o.keyword("replication", new java.util.TreeMap<>(REPLICATION));
    IpAddress group = o.ip("group");
    if (rep == null && !o.failed()) {
      rep = group != null ? Replication.MULTICAST : Replication.HEAD_END;
    }
    Integer mtu = o.integer("mtu", 68, 65535);
    String bridge = o.str("bridge");
    String vxlan = o.str("vxlan");
    IpPrefix subnet = o.cidr("subnet");
    List<String> hosts = o.strings("hosts");
    Map<String, IpPrefix> addresses = new LinkedHashMap<>();
    Obj a = o.obj("addresses");
    if (a != null) {
      for (String host : a.keys()) {
        IpPrefix p = a.cidr(host);
        if (p != null) {
          addresses.put(host, p);
        }
      }
      if (a.failed()) {
        o.fail();
      }
    }
    o.finish("a segment");
    if (o.failed() || name == null || vni == null) {
      return null;
    }
    return new Segment(
        name,
        vni,
        rep,
        group,
        mtu,
        bridge == null ? "br-" + name : bridge,
        vxlan == null ? "vx" + vni : vxlan,
        subnet,
        hosts,
        addresses);
  }

  private static FleetVm vm(Obj o, String path) {
    String name = o.reqStr("name");
    String host = o.reqStr("host");
    List<FleetNic> nics =
        o.objects("nics", "a mapping with segment, bridge or network", FleetReader::nic);
    o.finish("a vm");
    return o.failed() || name == null || host == null ? null : new FleetVm(name, host, nics);
  }

  private static FleetNic nic(Obj o) {
    String name = o.str("name");
    String segment = o.str("segment");
    String bridge = o.str("bridge");
    String network = o.str("network");
    int found = (segment != null ? 1 : 0) + (bridge != null ? 1 : 0) + (network != null ? 1 : 0);
    if (found != 1 && !o.failed()) {
      o.ctx()
          .diags()
          .error(
              "schema.vnic-attachment",
              o.objPos(),
              o.path(),
              "a fleet vNIC needs exactly one of"
                  + " segment, bridge or network; found "
                  + (found == 0 ? "none" : found),
              null);
      o.fail();
    }
    String tap = o.str("tap");
    if (tap != null && segment == null && !o.failed()) {
      o.invalid(
          "tap", "tap is only for a vNIC on a fleet segment (vtopo creates the TAP there)", null);
    }
    var mac = o.mac("mac");
    var ip = o.cidr("ip");
    o.finish("a fleet vNIC");
    return o.failed() ? null : new FleetNic(name, segment, bridge, network, tap, mac, ip);
  }

  private static Probe probe(Obj o, String path) {
    String name = o.str("name");
    IpAddress target = o.has("ping") ? o.ip("ping") : null;
    if (!o.has("ping")) {
      o.missing("ping", "the address to ping");
    }
    List<String> hosts = o.strings("hosts");
    o.finish("a probe");
    return o.failed() || target == null
        ? null
        : new Probe(name == null ? "ping " + target : name, hosts, target);
  }
}
