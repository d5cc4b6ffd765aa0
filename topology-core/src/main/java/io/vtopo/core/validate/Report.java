package io.vtopo.core.validate;

import io.vtopo.core.diag.Diagnostics;
import io.vtopo.core.io.SourceMap;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Vm;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Where rules report: resolves each object to its path and position in the file. */
final class Report {
  final Topology topo;
  final SourceMap src;
  final Diagnostics diags;
  private final Map<Object, String> paths = new IdentityHashMap<>();
  private final Map<String, Link> links = new java.util.HashMap<>();
  private final Map<String, Network> networks = new java.util.HashMap<>();
  private final Map<String, Vm> vms = new java.util.HashMap<>();

  Report(Topology topo, SourceMap src, Diagnostics diags) {
    this.topo = topo;
    this.src = src;
    this.diags = diags;
    index(topo.links(), "links");
    index(topo.networks(), "networks");
    index(topo.pools(), "pools");
    index(topo.vms(), "vms");
    index(topo.expectations(), "expect");
    for (Pool p : topo.pools()) {
      index(p.attrs().volumes(), path(p) + ".volumes");
    }
    topo.links().forEach(l -> links.putIfAbsent(l.name(), l));
    topo.networks().forEach(n -> networks.putIfAbsent(n.name(), n));
    topo.vms().forEach(v -> vms.putIfAbsent(v.name(), v));
  }

  /**
   * The first link declared with this name, or null (an index: rules must not scan lists per
   * lookup).
   */
  Link link(String name) {
    return links.get(name);
  }

  /** The first network declared with this name, or null. */
  Network network(String name) {
    return networks.get(name);
  }

  /** The first VM declared with this name, or null. */
  Vm vm(String name) {
    return vms.get(name);
  }

  private void index(List<?> items, String listPath) {
    for (int i = 0; i < items.size(); i++) {
      paths.put(items.get(i), src.item(listPath, i));
    }
  }

  /** The path of a top-level object or volume ({@code links[br0]}). */
  String path(Object o) {
    return paths.getOrDefault(o, "");
  }

  String path(Link l) {
    return path((Object) l);
  }

  String path(Network n) {
    return path((Object) n);
  }

  String path(Pool p) {
    return path((Object) p);
  }

  String path(Vm v) {
    return path((Object) v);
  }

  void error(String rule, String path, String message, String hint) {
    diags.error(rule, src.at(path), path, message, hint);
  }

  void error(String rule, String path, String message) {
    error(rule, path, message, null);
  }

  void warning(String rule, String path, String message, String hint) {
    diags.warning(rule, src.at(path), path, message, hint);
  }
}
