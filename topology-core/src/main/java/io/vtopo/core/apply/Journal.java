package io.vtopo.core.apply;

import io.vtopo.core.VtopoException;
import io.vtopo.core.backend.Owned;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.io.TopologyWriter;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Topology;
import io.vtopo.core.plan.HostState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The apply journal: written before the first step and kept until the apply has committed or been
 * rolled back, so that an apply killed half-way is found by the next run. One directory per
 * topology under the state directory: {@code snapshot.yaml} (the touched objects before the apply,
 * in the file format), {@code owners} (their ownership markers), {@code ids} (touched objects in
 * apply order) and {@code progress} (appended and synced per step).
 */
public final class Journal {
  private final Path dir;

  private Journal(Path dir) {
    this.dir = dir;
  }

  /** The journal location of {@code topology} under {@code stateDir}. */
  public static Journal at(Path stateDir, String topology) {
    return new Journal(stateDir.resolve("journal").resolve(topology));
  }

  /** True if an unfinished apply left this journal. */
  public boolean exists() {
    return Files.exists(dir.resolve("ids"));
  }

  /** Where it lives. */
  public Path dir() {
    return dir;
  }

  /** Records the state before the apply; nothing on the host has changed yet. */
  public void begin(String topology, HostState before, List<ObjectId> ids, String planText) {
    begin(topology, before, ids, List.of(), planText);
  }

  /**
   * Records the state before the apply and the objects it intends to create ({@code creates}, a
   * subset of {@code ids}); nothing on the host has changed yet. The intents are on disk before the
   * first call that creates anything, so that after a crash between an object's creation and its
   * ownership mark (a link created but not yet aliased) recovery can prove the object is this
   * apply's: it carries the topology's creation mark (the link group) and its name is a journaled
   * intent.
   */
  public void begin(
      String topology,
      HostState before,
      List<ObjectId> ids,
      List<ObjectId> creates,
      String planText) {
    try {
      Files.createDirectories(dir);
      Snapshot snap = Snapshot.of(before);
      List<Link> links = new ArrayList<>();
      List<Network> nets = new ArrayList<>();
      List<Pool> pools = new ArrayList<>();
      StringBuilder owners = new StringBuilder();
      for (ObjectId id : ids) {
        snap.link(id)
            .ifPresent(
                o -> {
                  // A veth whose peer lives in another namespace reads back without the peer's
                  // name, which the file format
                  // requires; vtopo cannot re-create such a link anyway, so it is journaled like a
                  // NIC (its common fields).
                  links.add(
                      o.value() instanceof io.vtopo.core.model.Veth v && v.peer() == null
                          ? new io.vtopo.core.model.Nic(v.attrs())
                          : o.value());
                  owners
                      .append(encode(id))
                      .append('\t')
                      .append(o.owner() == null ? "-" : o.owner())
                      .append('\n');
                });
        snap.network(id)
            .ifPresent(
                o -> {
                  nets.add(o.value());
                  owners
                      .append(encode(id))
                      .append('\t')
                      .append(o.owner() == null ? "-" : o.owner())
                      .append('\n');
                });
        if (id.is(ObjectId.Kind.POOL) || id.is(ObjectId.Kind.VOLUME)) {
          ObjectId pool = id.is(ObjectId.Kind.POOL) ? id : id.poolOfVolume();
          snap.pool(pool)
              .ifPresent(
                  o -> {
                    if (pools.stream().noneMatch(p -> p.name().equals(pool.name()))) {
                      pools.add(o.value());
                      owners
                          .append(encode(pool))
                          .append('\t')
                          .append(o.owner() == null ? "-" : o.owner())
                          .append('\n');
                    }
                  });
        }
      }
      Topology t = new Topology(topology, links, nets, pools, List.of(), List.of());
      write("snapshot.yaml", TopologyWriter.write(t));
      write("owners", owners.toString());
      write("plan.txt", planText);
      write("progress", "");
      StringBuilder createLines = new StringBuilder();
      creates.forEach(id -> createLines.append(encode(id)).append('\n'));
      write("creates", createLines.toString());
      StringBuilder idLines = new StringBuilder();
      ids.forEach(id -> idLines.append(encode(id)).append('\n'));
      write("ids", idLines.toString());
    } catch (IOException e) {
      throw new VtopoException(
          VtopoException.Kind.FAILED,
          null,
          "cannot write the apply journal in " + dir + ": " + e.getMessage(),
          e);
    }
  }

  private void write(String name, String text) throws IOException {
    Path tmp = dir.resolve(name + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(
        tmp,
        dir.resolve(name),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** Appends a progress line and syncs it before the step runs. */
  public void progress(String line) {
    try (FileChannel ch =
        FileChannel.open(
            dir.resolve("progress"), StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the journal: the apply committed or was rolled back. */
  public void finish() {
    try {
      for (String f :
          new String[] {"ids", "progress", "creates", "plan.txt", "owners", "snapshot.yaml"}) {
        Files.deleteIfExists(dir.resolve(f));
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What an unfinished apply left.
   *
   * @param ids touched objects in apply order
   * @param before their state before the apply
   * @param progress the progress lines written
   * @param creates the objects the apply intended to create
   */
  public record Entry(
      List<ObjectId> ids, Snapshot before, List<String> progress, List<ObjectId> creates) {
    /** An entry without create intents. */
    public Entry(List<ObjectId> ids, Snapshot before, List<String> progress) {
      this(ids, before, progress, List.of());
    }
  }

  /**
   * The journal's record of an id: kind, parent and name separated by tabs (names never hold tabs
   * or newlines: the reader refuses control characters), so reading it back splits fields instead
   * of parsing display text.
   */
  static String encode(ObjectId id) {
    return id.kind().name() + '\t' + (id.parent() == null ? "" : id.parent()) + '\t' + id.name();
  }

  static ObjectId decode(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 3) {
      throw new VtopoException(
          VtopoException.Kind.FAILED, null, "malformed apply journal record: " + line);
    }
    return new ObjectId(ObjectId.Kind.valueOf(f[0]), f[1].isEmpty() ? null : f[1], f[2]);
  }

  /** Reads the journal, if there is one. */
  public Optional<Entry> read() {
    if (!exists()) {
      return Optional.empty();
    }
    try {
      List<ObjectId> ids =
          Files.readAllLines(dir.resolve("ids")).stream()
              .filter(s -> !s.isBlank())
              .map(Journal::decode)
              .toList();
      Map<ObjectId, String> owners = new HashMap<>();
      for (String line : Files.readAllLines(dir.resolve("owners"))) {
        int tab = line.lastIndexOf('\t');
        if (tab > 0) {
          String owner = line.substring(tab + 1);
          owners.put(decode(line.substring(0, tab)), owner.equals("-") ? null : owner);
        }
      }
      TopologyReader.Result r = TopologyReader.read(dir.resolve("snapshot.yaml"));
      Topology t =
          r.topology()
              .orElseThrow(
                  () ->
                      new VtopoException(
                          VtopoException.Kind.FAILED,
                          null,
                          "the apply journal's snapshot in "
                              + dir
                              + " is unreadable: "
                              + r.diagnostics().sorted().stream()
                                  .findFirst()
                                  .map(Object::toString)
                                  .orElse("?")));
      List<Owned<Link>> links =
          t.links().stream().map(l -> new Owned<>(l, owners.get(ObjectId.link(l.name())))).toList();
      List<Owned<Network>> nets =
          t.networks().stream()
              .map(n -> new Owned<>(n, owners.get(ObjectId.network(n.name()))))
              .toList();
      List<Owned<Pool>> pools =
          t.pools().stream().map(p -> new Owned<>(p, owners.get(ObjectId.pool(p.name())))).toList();
      List<String> progress =
          Files.exists(dir.resolve("progress"))
              ? Files.readAllLines(dir.resolve("progress"))
              : List.of();
      List<ObjectId> creates =
          Files.exists(dir.resolve("creates"))
              ? Files.readAllLines(dir.resolve("creates")).stream()
                  .filter(c -> !c.isBlank())
                  .map(Journal::decode)
                  .toList()
              : List.of();
      return Optional.of(
          new Entry(ids, Snapshot.of(new HostState(links, nets, pools)), progress, creates));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
