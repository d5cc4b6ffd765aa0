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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a {@code vtopo/v1} topology file. Strict: unknown keys, wrong types and malformed values are errors with
 * their position; every problem in the file is collected before returning.
 */
public final class TopologyReader {
  private TopologyReader() {}

  /**
   * The result of reading a file.
   *
   * @param topology the model, present only when the file had no structural error
   * @param sources positions of every object and field
   * @param diagnostics problems found while reading
   */
  public record Result(Optional<Topology> topology, SourceMap sources, Diagnostics diagnostics) {}

  /** Reads a file from disk (at most {@link YamlLoader#MAX_BYTES} bytes are read). */
  public static Result read(Path path) {
    String file = path.toString();
    Diagnostics diags = new Diagnostics();
    SourceMap sources = new SourceMap(file);
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(YamlLoader.MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      diags.error("file.missing", Position.unknown(file), "", "file does not exist");
      return new Result(Optional.empty(), sources, diags);
    } catch (IOException e) {
      diags.error("file.unreadable", Position.unknown(file), "", "cannot read file: " + IoErrors.reason(e));
      return new Result(Optional.empty(), sources, diags);
    }
    return read(file, bytes, diags, sources);
  }

  /** Reads in-memory content; {@code file} names it in positions. */
  public static Result read(String file, byte[] bytes) {
    return read(file, bytes, new Diagnostics(), new SourceMap(file));
  }

  private static Result read(String file, byte[] bytes, Diagnostics diags, SourceMap sources) {
    Optional<YNode> root = YamlLoader.load(file, bytes, diags);
    if (root.isEmpty()) {
      return new Result(Optional.empty(), sources, diags);
    }
    Ctx ctx = new Ctx(file, diags, sources);
    if (!(root.get() instanceof YMap map)) {
      diags.error("schema.type", ctx.pos(root.get()), "",
          "expected a mapping with apiVersion, name, links, networks, pools, vms, expect; found "
              + root.get().describe(), null);
      return new Result(Optional.empty(), sources, diags);
    }
    Obj top = new Obj(ctx, map, "");
    YNode api = top.raw("apiVersion");
    if (api == null) {
      top.missing("apiVersion", "apiVersion: " + Topology.API_VERSION);
    } else if (!(api instanceof YScalar s) || !s.value().equals(Topology.API_VERSION)) {
      diags.error("schema.api-version", ctx.pos(api), "apiVersion",
          "unsupported apiVersion " + (api instanceof YScalar s ? "'" + s.value() + "'" : api.describe())
              + "; this vtopo reads " + Topology.API_VERSION, null);
      top.fail();
    }
    String name = top.reqStr("name");
    if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
      top.invalid("name", "topology name '" + name + "' must be 1-63 characters of letters, digits, '.', '_', '-'"
          + " starting with a letter or digit", "the name marks what vtopo owns, so it must fit in a link alias");
    }
    top.str("description");
    List<Link> links = ctx.objects(top.raw("links"), "links", LinkReader::read);
    List<Network> networks = ctx.objects(top.raw("networks"), "networks", NetworkReader::read);
    List<Pool> pools = ctx.objects(top.raw("pools"), "pools", PoolReader::read);
    List<Vm> vms = ctx.objects(top.raw("vms"), "vms", VmReader::read);
    List<Expectation> expects = ctx.objects(top.raw("expect"), "expect", VmReader::expectation);
    top.finish("the topology");
    if (diags.hasErrors()) {
      return new Result(Optional.empty(), sources, diags);
    }
    return new Result(Optional.of(new Topology(name, links, networks, pools, vms, expects)), sources, diags);
  }
}
