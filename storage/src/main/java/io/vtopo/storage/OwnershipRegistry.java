package io.vtopo.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.vtopo.core.VtopoException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Records which pools and volumes vtopo created, and for which topology. libvirt's storage XML has
 * no {@code <metadata>}, so ownership lives in a JSON file keyed by what libvirt keeps stable: the
 * pool UUID (a pool of the same name defined by someone else has another UUID) and the volume key
 * (its path for file volumes). Anything not listed here is foreign and vtopo never modifies or
 * deletes it.
 *
 * <p>Writes take an exclusive lock on {@code FILE.lock}, re-read the file, and replace it
 * atomically (write to a temporary file in the same directory, fsync, rename), so concurrent vtopo
 * runs and crashes never leave a torn file.
 */
public final class OwnershipRegistry {
  /** Where the registry lives unless configured otherwise. */
  public static final Path DEFAULT_PATH = Path.of("/var/lib/vtopo/storage-owners.json");

  /**
   * A pool vtopo created.
   *
   * @param uuid libvirt pool UUID
   * @param name pool name when created (for people reading the file)
   * @param owner topology name
   * @param built true if vtopo built the pool's storage (made the directory, created the VG), so
   *     deleting that storage deletes nothing vtopo did not make
   */
  public record PoolEntry(String uuid, String name, String owner, boolean built) {}

  /**
   * A volume vtopo created.
   *
   * @param key libvirt volume key
   * @param poolUuid UUID of the pool holding it
   * @param name volume name when created
   * @param owner topology name
   */
  public record VolumeEntry(String key, String poolUuid, String name, String owner) {}

  /**
   * A consistent view of the registry.
   *
   * @param pools entries by pool UUID
   * @param volumes entries by volume key
   */
  public record Snapshot(Map<String, PoolEntry> pools, Map<String, VolumeEntry> volumes) {
    /** The owner of a pool UUID, or null. */
    public String poolOwner(String uuid) {
      PoolEntry e = uuid == null ? null : pools.get(uuid);
      return e == null ? null : e.owner();
    }

    /** True if vtopo built the storage of the pool with this UUID. */
    public boolean built(String uuid) {
      PoolEntry e = uuid == null ? null : pools.get(uuid);
      return e != null && e.built();
    }

    /** The owner of a volume key, or null. */
    public String volumeOwner(String key) {
      VolumeEntry e = key == null ? null : volumes.get(key);
      return e == null ? null : e.owner();
    }
  }

  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();
  private final Path file;

  /** A registry stored in {@code file} (created on first write). */
  public OwnershipRegistry(Path file) {
    this.file = file.toAbsolutePath();
  }

  /** The file this registry uses. */
  public Path file() {
    return file;
  }

  /** Reads the current entries. */
  public Snapshot read() {
    try {
      return load();
    } catch (IOException e) {
      throw failure("read", e);
    }
  }

  /** The entry for a pool UUID. */
  public Optional<PoolEntry> pool(String uuid) {
    return Optional.ofNullable(read().pools().get(uuid));
  }

  /** The entry for a volume key. */
  public Optional<VolumeEntry> volume(String key) {
    return Optional.ofNullable(read().volumes().get(key));
  }

  /** Records a pool as created by {@code owner}. */
  public void recordPool(PoolEntry e) {
    update(s -> s.pools().put(e.uuid(), e));
  }

  /** Forgets a pool and every volume recorded in it. */
  public void forgetPool(String uuid) {
    update(
        s -> {
          s.pools().remove(uuid);
          s.volumes().values().removeIf(v -> v.poolUuid().equals(uuid));
        });
  }

  /** Records a volume as created by {@code owner}. */
  public void recordVolume(VolumeEntry e) {
    update(s -> s.volumes().put(e.key(), e));
  }

  /** Forgets a volume. */
  public void forgetVolume(String key) {
    update(s -> s.volumes().remove(key));
  }

  private synchronized void update(Consumer<Snapshot> change) {
    try {
      Files.createDirectories(file.getParent());
      Path lock = file.resolveSibling(file.getFileName() + ".lock");
      try (FileChannel ch =
              FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock l = ch.lock()) {
        Snapshot s = load();
        change.accept(s);
        write(s);
      }
    } catch (IOException e) {
      throw failure("write", e);
    }
  }

  private VtopoException failure(String op, IOException e) {
    VtopoException.Kind kind =
        e instanceof AccessDeniedException
            ? VtopoException.Kind.PERMISSION_DENIED
            : VtopoException.Kind.FAILED;
    return new VtopoException(
        kind, "storage ownership registry", "cannot " + op + " " + file + ": " + e, e);
  }

  /** The file as Jackson reads and writes it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record FileJson(int version, List<PoolJson> pools, List<VolumeJson> volumes) {}

  /** One pool line of the file. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record PoolJson(String uuid, String name, String owner, boolean built) {}

  /** One volume line of the file; {@code pool} is the pool's UUID. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record VolumeJson(String key, String pool, String name, String owner) {}

  private Snapshot load() throws IOException {
    Map<String, PoolEntry> pools = new LinkedHashMap<>();
    Map<String, VolumeEntry> volumes = new LinkedHashMap<>();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new Snapshot(pools, volumes);
    }
    FileJson doc;
    try {
      doc = MAPPER.readValue(bytes, FileJson.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException("corrupt registry: " + e.getOriginalMessage(), e);
    }
    if (doc == null) {
      throw new IOException("corrupt registry: empty document");
    }
    for (PoolJson p : doc.pools() == null ? List.<PoolJson>of() : doc.pools()) {
      if (p != null && p.uuid() != null) {
        pools.put(p.uuid(), new PoolEntry(p.uuid(), p.name(), p.owner(), p.built()));
      }
    }
    for (VolumeJson v : doc.volumes() == null ? List.<VolumeJson>of() : doc.volumes()) {
      if (v != null && v.key() != null) {
        volumes.put(v.key(), new VolumeEntry(v.key(), v.pool(), v.name(), v.owner()));
      }
    }
    return new Snapshot(pools, volumes);
  }

  private void write(Snapshot s) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      FileJson doc =
          new FileJson(
              1,
              s.pools().values().stream()
                  .map(e -> new PoolJson(e.uuid(), e.name(), e.owner(), e.built()))
                  .toList(),
              s.volumes().values().stream()
                  .map(e -> new VolumeJson(e.key(), e.poolUuid(), e.name(), e.owner()))
                  .toList());
      try (OutputStream out = Files.newOutputStream(tmp)) {
        PRETTY.writeValue(out, doc);
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
