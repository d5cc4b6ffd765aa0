package io.vtopo.core.io;

import io.vtopo.core.diag.Diagnostics;
import io.vtopo.core.diag.Position;
import io.vtopo.core.io.YNode.YMap;
import io.vtopo.core.io.YNode.YScalar;
import io.vtopo.core.model.Expectation;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Vm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * Reads a {@code vtopo/v1} topology file. Strict: unknown keys, wrong types and malformed values
 * are errors with their position; every problem in the file is collected before returning.
 */
public final class TopologyReader {
  /**
   * Most objects one file may declare (links, networks, pools, volumes, vms and expectations
   * together). With {@link YamlLoader#MAX_BYTES} and {@link YamlLoader#MAX_NODES} it bounds what
   * reading and validating a file costs: a file at this limit reads and validates within a 512 MB
   * heap.
   */
  public static final int MAX_OBJECTS = 100_000;

  private TopologyReader() {}

  private static long countObjects(YMap top) {
    long n = 0;
    for (String list : new String[] {"links", "networks", "pools", "vms", "expect"}) {
      if (top.get(list) instanceof YNode.YSeq seq) {
        n += seq.items().size();
        if (list.equals("pools")) {
          for (YNode p : seq.items()) {
            if (p instanceof YMap pm && pm.get("volumes") instanceof YNode.YSeq vols) {
              n += vols.items().size();
            }
          }
        }
      }
    }
    return n;
  }

  /**
   * The result of reading a file.
   *
   * @param topology the model, present only when the file had no structural error
   * @param sources positions of every object and field
   * @param diagnostics problems found while reading
   */
  public record Result(Optional<Topology> topology, SourceMap sources, Diagnostics diagnostics) {}

  /**
   * Reads a file from disk. Only a regular file (or a link to one) is opened: a FIFO would block
   * forever, a device never end; at most {@link YamlLoader#MAX_BYTES} + 1 bytes are read, whatever
   * the file claims.
   */
  public static Result read(Path path) {
    String file = path.toString();
    Diagnostics diags = new Diagnostics();
    SourceMap sources = new SourceMap(file);
    long size;
    byte[] bytes;
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        diags.error(
            "file.not-regular",
            Position.unknown(file),
            "",
            "is " + describeType(path, a) + ", not a regular file; vtopo reads topology files only",
            null);
        return new Result(Optional.empty(), sources, diags);
      }
      size = a.size();
      if (size > YamlLoader.MAX_BYTES) {
        YamlLoader.load(file, new byte[0], size, diags);
        return new Result(Optional.empty(), sources, diags);
      }
      try (InputStream in = Files.newInputStream(path)) {
        bytes = in.readNBytes(YamlLoader.MAX_BYTES + 1);
      }
    } catch (NoSuchFileException e) {
      diags.error("file.missing", Position.unknown(file), "", "file does not exist");
      return new Result(Optional.empty(), sources, diags);
    } catch (IOException e) {
      diags.error("file.unreadable", Position.unknown(file), "", "cannot read file: " + reason(e));
      return new Result(Optional.empty(), sources, diags);
    }
    return read(file, bytes, Math.max(size, bytes.length), diags, sources);
  }

  /**
   * What the OS said, in words: "permission denied" rather than the bare path Java puts in the
   * message.
   */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(java.util.Locale.ROOT);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * "a directory", "a FIFO (named pipe)", "a character device"... from the file mode where the OS
   * offers it.
   */
  private static String describeType(Path path, BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a directory";
    }
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode");
      switch (mode & 0170000) {
        case 0010000:
          return "a FIFO (named pipe)";
        case 0020000:
          return "a character device";
        case 0060000:
          return "a block device";
        case 0140000:
          return "a socket";
        default:
          break;
      }
    } catch (IOException
        | UnsupportedOperationException
        | IllegalArgumentException
        | ClassCastException e) {
      // No unix view: the generic answer below.
    }
    return "a special file";
  }

  /** Reads in-memory content; {@code file} names it in positions. */
  public static Result read(String file, byte[] bytes) {
    return read(file, bytes, bytes.length, new Diagnostics(), new SourceMap(file));
  }

  private static Result read(
      String file, byte[] bytes, long size, Diagnostics diags, SourceMap sources) {
    Optional<YNode> root = YamlLoader.load(file, bytes, size, diags);
    if (root.isEmpty()) {
      return new Result(Optional.empty(), sources, diags);
    }
    Ctx ctx = new Ctx(file, diags, sources);
    if (!(root.get() instanceof YMap map)) {
      diags.error(
          "schema.type",
          ctx.pos(root.get()),
          "",
          "expected a mapping with apiVersion, name, links, networks, pools, vms, expect; found "
              + root.get().describe(),
          null);
      return new Result(Optional.empty(), sources, diags);
    }
    long objects = countObjects(map);
    if (objects > MAX_OBJECTS) {
      diags.error(
          "yaml.too-many-objects",
          ctx.pos(map),
          "",
          "the file declares "
              + objects
              + " objects (links,"
              + " networks, pools, volumes, vms and expectations); vtopo reads at most "
              + MAX_OBJECTS,
          "split the topology into several files, each owned under its own name");
      return new Result(Optional.empty(), sources, diags);
    }
    Obj top = new Obj(ctx, map, "");
    YNode api = top.raw("apiVersion");
    if (api == null) {
      top.missing("apiVersion", "apiVersion: " + Topology.API_VERSION);
    } else if (!(api instanceof YScalar s) || !s.value().equals(Topology.API_VERSION)) {
      diags.error(
          "schema.api-version",
          ctx.pos(api),
          "apiVersion",
          "unsupported apiVersion "
              + (api instanceof YScalar s ? "'" + s.value() + "'" : api.describe())
              + "; this vtopo reads "
              + Topology.API_VERSION,
          null);
      top.fail();
    }
    String name =
        top.fileName("topology", "the name marks what vtopo owns, so it must fit in a link alias");
    top.str("description");
    Topology t = sections(top, name);
    top.finish("the topology");
    if (diags.hasErrors()) {
      return new Result(Optional.empty(), sources, diags);
    }
    return new Result(Optional.of(t), sources, diags);
  }

  /**
   * Reads the object sections ({@code links}, {@code networks}, {@code pools}, {@code vms}, {@code
   * expect}) of a mapping, exactly as in a topology file. Other readers that embed host objects
   * (the fleet format's inline hosts) use it; the caller reads its own keys from {@code o} and
   * calls {@link Obj#finish}. The result holds whatever was read; it is only meaningful when the
   * diagnostics have no error.
   *
   * @param o the mapping
   * @param name the topology name to give the result
   */
  public static Topology sections(Obj o, String name) {
    Ctx ctx = o.ctx();
    List<Link> links = ctx.objects(o.raw("links"), "links", LinkReader::read);
    List<Network> networks = ctx.objects(o.raw("networks"), "networks", NetworkReader::read);
    List<Pool> pools = ctx.objects(o.raw("pools"), "pools", PoolReader::read);
    List<Vm> vms = ctx.objects(o.raw("vms"), "vms", VmReader::read);
    List<Expectation> expects = ctx.objects(o.raw("expect"), "expect", VmReader::expectation);
    return new Topology(name, links, networks, pools, vms, expects);
  }
}
