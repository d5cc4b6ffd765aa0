package io.vtopo.bench;

import io.vtopo.netlink.Batch;
import io.vtopo.netlink.Netns;
import io.vtopo.netlink.RtNetlink;
import io.vtopo.netlink.TapSpec;
import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.model.Link;
import io.vtopo.netlink.model.LinkSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Side-by-side benchmark of vtopo's client, {@code ip -batch} (iproute2) and pyroute2 on one
 * workload: create P bridges and P taps, enslave each tap to its bridge and set everything up, dump
 * all links, delete everything. Every tool gets its own fresh named namespace. Prints a Markdown
 * report.
 *
 * <p>Usage, as root: {@code ./vtopo-bench link [--teardown-max LINKS] [--rounds N] PAIRS...}
 * (default pairs 50 500 1000 5000, i.e. 100 to 10,000 links; 3 rounds, tools interleaved in
 * rotating order, reported as median and best). One-by-one deletion costs the kernel ~25 ms per
 * link, so {@code ip} and pyroute2 teardown runs only up to {@code --teardown-max} links (default
 * 2000), and pyroute2 runs once at sizes above it; vtopo always tears down (by group).
 */
public final class LinkBench {
  private static final int GROUP = 4242;
  private static final String PYTHON = "/usr/bin/python3";

  private LinkBench() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    if (!isRootUid()) {
      System.err.println("LinkBench needs root: named namespaces, /dev/net/tun and ip netns");
      System.exit(2);
    }
    List<Integer> sizes = new ArrayList<>();
    int teardownMax = 2000;
    int rounds = 3;
    List<String> tools = List.of("vtopo", "ip -batch", "pyroute2");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--tools")) {
        // e.g. "vtopo,ip": the enslave+up comparison at 10,000 links without pyroute2's minutes
        List<String> chosen = new ArrayList<>();
        for (String t : args[++i].split(",")) {
          chosen.add(t.equals("ip") ? "ip -batch" : t);
        }
        tools = chosen;
      } else if (args[i].equals("--teardown-max")) {
        teardownMax = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--rounds")) {
        rounds = Integer.parseInt(args[++i]);
      } else {
        sizes.add(Integer.parseInt(args[i]));
      }
    }
    if (sizes.isEmpty()) {
      sizes = List.of(50, 500, 1000, 5000);
    }
    Path py = Files.createTempFile("vtopo-pyroute2-bench", ".py");
    try (InputStream in = LinkBench.class.getResourceAsStream("pyroute2_bench.py")) {
      Files.write(py, in.readAllBytes());
    }
    // Warm the JIT and class loading on a small run so the first measured size is not penalised.
    try (Netns probeNs = Netns.create();
        RtNetlink probe = RtNetlink.open(probeNs)) {
      runVtopo(20);
      Map<Integer, Map<String, Map<String, Double>>> results = new LinkedHashMap<>();
      Map<Integer, Map<String, Map<String, Double>>> best = new LinkedHashMap<>();
      for (int pairs : sizes) {
        boolean teardown = 2 * pairs <= teardownMax;
        Map<String, List<Map<String, Double>>> runs = new LinkedHashMap<>();
        for (String tool : List.of("vtopo", "ip -batch", "pyroute2")) {
          runs.put(tool, new ArrayList<>());
        }
        List<String> order = tools;
        for (int round = 0; round < rounds; round++) {
          // Rotate the order so no tool always runs right after another's namespace teardown.
          for (int k = 0; k < order.size(); k++) {
            String tool = order.get((round + k) % order.size());
            if (tool.equals("pyroute2") && round > 0 && !teardown) {
              continue; // pyroute2 needs minutes per run at this size: one run only
            }
            KernelIdle.await(probe);
            Map<String, Double> r;
            if (tool.equals("vtopo")) {
              r = runVtopo(pairs);
            } else if (tool.equals("ip -batch")) {
              r = runIp(pairs, teardown);
            } else {
              r = runPyroute2(py, pairs, teardown);
            }
            runs.get(tool).add(r);
            System.err.println(pairs + " pairs, round " + round + ", " + tool + ": " + r);
          }
        }
        Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
        runs.forEach((tool, list) -> medians.put(tool, median(list)));
        results.put(pairs, medians);
        Map<String, Map<String, Double>> minima = new LinkedHashMap<>();
        runs.forEach((tool, list) -> minima.put(tool, minimum(list)));
        best.put(pairs, minima);
      }
      System.out.println("### Median of " + rounds + " interleaved rounds\n");
      System.out.print(report(results, teardownMax));
      System.out.println(
          "\n### Best of " + rounds + " rounds (least disturbed by other rtnl users)\n");
      System.out.print(report(best, teardownMax));
    }
    Files.deleteIfExists(py);
  }

  // ---- vtopo ----

  static Map<String, Double> runVtopo(int pairs) {
    String ns = "vt-bench-" + ProcessHandle.current().pid();
    Netns.createNamed(ns).close();
    Map<String, Double> t = new LinkedHashMap<>();
    try (Netns n = Netns.named(ns);
        RtNetlink nl = RtNetlink.open(n)) {
      long s = System.nanoTime();
      Batch b = nl.batch();
      List<TapSpec> taps = new ArrayList<>(pairs);
      for (int i = 0; i < pairs; i++) {
        b.createLink(LinkSpec.create("br" + i, BridgeInfo.defaults()).withGroup(GROUP));
        taps.add(TapSpec.tap("tap" + i));
      }
      b.executeOrThrow();
      nl.createTaps(taps);
      // The ownership group goes on each tap now, while nothing is up, not in the request that
      // enslaves it and brings it up: the kernel answers every IFLA_GROUP (or alias) change with a
      // NETDEV_CHANGE, and on a link without carrier IPv6 then walks the whole IPv6 routing table
      // (rt6_sync_down_dev), which grows with every bridge already up: O(n^2) at 10,000 links
      // (perf: 37% of the enslave phase), a cost ip's plain "master" and "up" never pay.
      Batch mark = nl.batch();
      for (int i = 0; i < pairs; i++) {
        mark.modifyLink(LinkSpec.ofName("tap" + i).withGroup(GROUP));
      }
      mark.executeOrThrow();
      t.put("create", secs(s));

      s = System.nanoTime();
      Map<String, Integer> index = new HashMap<>();
      for (Link l : nl.links()) {
        index.put(l.name(), l.index());
      }
      // What the apply engine sends: every port joins its bridge, then each link comes up, each
      // "up" preceded by the query that makes the kernel settle the link's pending carrier events
      // first (Batch.syncLinkState: without it, bridges with a carrier loss still queued come up
      // looking operational and IPv6 configures them, then undoes it, O(n^2) at this scale).
      Batch up = nl.batch();
      for (int i = 0; i < pairs; i++) {
        up.modifyLink(LinkSpec.ofIndex(index.get("tap" + i)).withMaster(index.get("br" + i)));
      }
      for (int i = 0; i < pairs; i++) {
        for (String name : List.of("tap" + i, "br" + i)) {
          up.syncLinkState(index.get(name));
          up.modifyLink(LinkSpec.ofIndex(index.get(name)).withUp(true));
        }
      }
      up.executeOrThrow();
      t.put("enslave_up", secs(s));

      s = System.nanoTime();
      List<Link> all = nl.links();
      t.put("dump", secs(s));
      t.put("dumped", (double) all.size());

      s = System.nanoTime();
      nl.deleteGroup(GROUP);
      t.put("teardown", secs(s));
    } finally {
      Netns.deleteNamed(ns);
    }
    return t;
  }

  // ---- iproute2 ----

  static Map<String, Double> runIp(int pairs, boolean teardown) throws Exception {
    String ns = "vt-bench-ip-" + ProcessHandle.current().pid();
    exec(List.of("ip", "netns", "add", ns));
    Map<String, Double> t = new LinkedHashMap<>();
    try {
      StringBuilder create = new StringBuilder();
      StringBuilder up = new StringBuilder();
      StringBuilder del = new StringBuilder();
      for (int i = 0; i < pairs; i++) {
        create.append("link add br").append(i).append(" type bridge\n");
      }
      for (int i = 0; i < pairs; i++) {
        create.append("tuntap add dev tap").append(i).append(" mode tap\n");
        up.append("link set tap").append(i).append(" master br").append(i).append('\n');
      }
      for (int i = 0; i < pairs; i++) {
        up.append("link set tap").append(i).append(" up\nlink set br").append(i).append(" up\n");
        del.append("link del tap").append(i).append("\nlink del br").append(i).append('\n');
      }
      t.put("create", batch(ns, create));
      t.put("enslave_up", batch(ns, up));
      long s = System.nanoTime();
      String out = exec(List.of("ip", "-n", ns, "-d", "link", "show"));
      t.put("dump", secs(s));
      t.put("dumped", (double) out.lines().filter(l -> !l.startsWith(" ")).count());
      if (teardown) {
        t.put("teardown", batch(ns, del));
      }
    } finally {
      exec(List.of("ip", "netns", "del", ns));
    }
    return t;
  }

  private static double batch(String ns, StringBuilder commands) throws Exception {
    Path f = Files.createTempFile("vtopo-bench", ".batch");
    try {
      Files.writeString(f, commands);
      long s = System.nanoTime();
      exec(List.of("ip", "-n", ns, "-batch", f.toString()));
      return secs(s);
    } finally {
      Files.deleteIfExists(f);
    }
  }

  // ---- pyroute2 ----

  static Map<String, Double> runPyroute2(Path script, int pairs, boolean teardown)
      throws Exception {
    String ns = "vt-bench-py-" + ProcessHandle.current().pid();
    exec(List.of("ip", "netns", "add", ns));
    try {
      String out =
          exec(
              List.of(
                  "ip",
                  "netns",
                  "exec",
                  ns,
                  PYTHON,
                  script.toString(),
                  String.valueOf(pairs),
                  teardown ? "1" : "0"));
      Map<String, Double> t = new LinkedHashMap<>();
      Matcher m = Pattern.compile("\"(\\w+)\": ([0-9.eE+-]+)").matcher(out);
      while (m.find()) {
        t.put(m.group(1), Double.parseDouble(m.group(2)));
      }
      return t;
    } finally {
      exec(List.of("ip", "netns", "del", ns));
    }
  }

  // ---- helpers ----

  static Map<String, Double> minimum(List<Map<String, Double>> runs) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map<String, Double> r : runs) {
      r.forEach((k, v) -> out.merge(k, v, Math::min));
    }
    return out;
  }

  static Map<String, Double> median(List<Map<String, Double>> runs) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (runs.isEmpty()) {
      return out; // a tool left out with --tools
    }
    for (String key : runs.get(0).keySet()) {
      List<Double> v = new ArrayList<>();
      for (Map<String, Double> r : runs) {
        if (r.containsKey(key)) {
          v.add(r.get(key));
        }
      }
      v.sort(Double::compare);
      out.put(key, v.get(v.size() / 2));
    }
    return out;
  }

  private static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String exec(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", cmd) + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  static String report(Map<Integer, Map<String, Map<String, Double>>> results, int teardownMax) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| links | phase | vtopo (s) | ip -batch (s) | pyroute2 (s) | vtopo / ip | vtopo / pyroute2 |\n");
    sb.append("|---:|---|---:|---:|---:|---:|---:|\n");
    String[] phases = {"create", "enslave_up", "dump", "teardown"};
    for (Map.Entry<Integer, Map<String, Map<String, Double>>> e : results.entrySet()) {
      int links = 2 * e.getKey();
      for (String phase : phases) {
        Double v = e.getValue().get("vtopo").get(phase);
        Double ip = e.getValue().get("ip -batch").get(phase);
        Double py = e.getValue().get("pyroute2").get(phase);
        sb.append(
            String.format(
                Locale.ROOT,
                "| %d | %s | %s | %s | %s | %s | %s |%n",
                links,
                label(phase),
                f(v),
                f(ip),
                f(py),
                ratio(v, ip),
                ratio(v, py)));
      }
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%nTeardown: vtopo deletes by group (one RTM_DELLINK); ip -batch and "
                + "pyroute2 delete link by link, measured up to %d links.%n",
            teardownMax));
    return sb.toString();
  }

  private static String label(String phase) {
    switch (phase) {
      case "create":
        return "create bridges + taps";
      case "enslave_up":
        return "enslave taps, set all up";
      case "dump":
        return "dump all links";
      default:
        return "delete everything";
    }
  }

  private static String f(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String ratio(Double a, Double b) {
    return a == null || b == null || b == 0 ? "n/a" : String.format(Locale.ROOT, "%.2fx", a / b);
  }

  private static boolean isRootUid() {
    try {
      return Files.readString(Path.of("/proc/self/status")).contains("\nUid:\t0\t");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
