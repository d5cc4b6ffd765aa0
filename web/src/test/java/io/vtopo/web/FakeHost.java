package io.vtopo.web;

import io.vtopo.core.backend.LiveSource;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.HostState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An in-memory host: its objects are set from topology text; {@link #event()} plays a host event.
 */
final class FakeHost implements LiveSource {
  private volatile HostState state = HostState.empty();
  private volatile Runnable changed = () -> {};
  final AtomicInteger reads = new AtomicInteger();
  volatile boolean closed;
  volatile boolean watching;

  /** When set, reads fail with this message (a dump the kernel refused). */
  volatile String failReads;

  static Topology parse(String yaml) {
    TopologyReader.Result r = TopologyReader.read("t.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    return r.topology().orElseThrow(() -> new AssertionError(r.diagnostics().sorted()));
  }

  /**
   * The host holds the objects of {@code yaml}, each owned by {@code owner} unless listed in {@code
   * foreign}.
   */
  FakeHost set(String yaml, String owner, String... foreign) {
    Topology t = parse(yaml);
    List<String> f = List.of(foreign);
    List<Owned<Link>> links = new ArrayList<>();
    t.links().forEach(l -> links.add(new Owned<>(l, f.contains(l.name()) ? null : owner)));
    List<Owned<Network>> nets = new ArrayList<>();
    t.networks().forEach(n -> nets.add(new Owned<>(n, f.contains(n.name()) ? null : owner)));
    List<Owned<Pool>> pools = new ArrayList<>();
    t.pools().forEach(p -> pools.add(new Owned<>(p, f.contains(p.name()) ? null : owner)));
    state = new HostState(links, nets, pools);
    return this;
  }

  /** A host event: the model re-reads after its debounce. */
  void event() {
    changed.run();
  }

  @Override
  public HostState read() {
    reads.incrementAndGet();
    if (failReads != null) {
      throw new IllegalStateException(failReads);
    }
    return state;
  }

  @Override
  public AutoCloseable watch(Runnable c, Consumer<String> failed) {
    changed = c;
    watching = true;
    return () -> {
      watching = false;
      changed = () -> {};
    };
  }

  @Override
  public String describe() {
    return "fake host";
  }

  @Override
  public void close() {
    closed = true;
  }
}
