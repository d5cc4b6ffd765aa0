package io.vtopo.storage;

import static io.vtopo.storage.XmlSupport.attr;
import static io.vtopo.storage.XmlSupport.child;
import static io.vtopo.storage.XmlSupport.text;

import io.vtopo.core.VtopoException;
import io.vtopo.core.model.ByteSize;
import io.vtopo.core.model.Unmodelled;
import io.vtopo.core.model.Volume;
import io.vtopo.core.model.VolumeFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Pure conversion between {@link Volume} and libvirt's {@code <volume>} XML. A backing volume is
 * named in the model ({@code NAME} or {@code POOL/NAME}) but by path in XML, so rendering takes the
 * resolved path and parsing returns it for the caller to map back.
 */
public final class VolumeXml {
  private VolumeXml() {}

  /**
   * A resolved backing volume.
   *
   * @param path the backing file or device path
   * @param format its format, or null to let libvirt probe (never for untrusted images)
   */
  public record Backing(String path, VolumeFormat format) {}

  /**
   * A volume read from libvirt XML.
   *
   * @param volume the model; {@code backing} is left null (see {@link #backingPath()})
   * @param type libvirt volume type ({@code file}, {@code block}, {@code network}, ...), or null
   * @param key libvirt's stable volume key, or null
   * @param path the target path, or null
   * @param backingPath the backing store path, or null
   * @param backingFormat the backing store format keyword, or null
   * @param unmodelled paths present in the XML that the model does not carry
   */
  public record Parsed(
      Volume volume,
      String type,
      String key,
      String path,
      String backingPath,
      String backingFormat,
      List<String> unmodelled) {
    /** Copies the list. */
    public Parsed {
      unmodelled = List.copyOf(unmodelled);
    }
  }

  // Read-only facts libvirt reports (key, path, timestamps, physical size, LV extents, the
  // backing file's own permissions) are state, not configuration anyone could set: never reported
  // as unmodelled, never written back.
  private static final Set<String> STATE =
      Set.of(
          "volume@type",
          "key",
          "physical",
          "source",
          "target/path",
          "target/timestamps",
          "backingStore/permissions",
          "backingStore/timestamps");

  /**
   * Renders a volume for {@code virStorageVolCreateXML}; {@code backing} is the resolved backing
   * volume or null.
   */
  public static String render(Volume v, Backing backing) {
    String plain = renderModel(v, backing);
    if (v.unmodelled() == null || v.unmodelled().isEmpty()) {
      return plain;
    }
    Element root = XmlSupport.parse(plain, "volume XML").getDocumentElement();
    StorageResidual.apply(root, v.unmodelled());
    return StorageResidual.serialize(root, true).strip() + "\n";
  }

  private static String renderModel(Volume v, Backing backing) {
    XmlSupport.Out out = new XmlSupport.Out();
    out.open("volume");
    out.text("name", v.name());
    out.text("capacity", Long.toString(v.capacity().bytes()), "unit", "bytes");
    if (v.allocation() != null) {
      out.text("allocation", Long.toString(v.allocation().bytes()), "unit", "bytes");
    }
    if (v.format() != null || v.permissions() != null) {
      out.open("target");
      if (v.format() != null) {
        out.leaf("format", "type", v.format().keyword());
      }
      XmlSupport.permissions(out, v.permissions());
      out.close();
    }
    if (backing != null) {
      out.open("backingStore");
      out.text("path", backing.path());
      if (backing.format() != null) {
        out.leaf("format", "type", backing.format().keyword());
      }
      out.close();
    }
    out.close();
    return out.toString();
  }

  /**
   * Parses volume XML as libvirt reports it ({@code virStorageVolGetXMLDesc}) or as vtopo renders
   * it.
   */
  public static Parsed parse(String xml) {
    Element root = XmlSupport.parse(xml, "volume XML").getDocumentElement();
    if (!root.getTagName().equals("volume")) {
      throw new VtopoException(
          VtopoException.Kind.INVALID_INPUT,
          "volume XML",
          "expected <volume>, found <" + root.getTagName() + ">");
    }
    String name = text(child(root, "name"));
    String what = "volumes[" + name + "]";
    String fmt = attr(child(root, "target", "format"), "type");
    VolumeFormat format = format(fmt);
    ByteSize capacity = XmlSupport.size(child(root, "capacity"), what + ".capacity");
    Volume v =
        new Volume(
            name,
            format,
            capacity == null ? new ByteSize(0) : capacity,
            XmlSupport.size(child(root, "allocation"), what + ".allocation"),
            null,
            XmlSupport.permissions(child(root, "target", "permissions")));
    Element bs = child(root, "backingStore");
    String bsPath = text(child(bs, "path"));
    String bsFormat = attr(child(bs, "format"), "type");
    // Whatever the model cannot render back is kept verbatim: the live XML minus the model's own
    // rendering of it (the backing store as the XML names it, so it is not reported).
    Element modelled =
        XmlSupport.parse(
                renderModel(v, bsPath == null ? null : new Backing(bsPath, format(bsFormat))), what)
            .getDocumentElement();
    List<Unmodelled> rest = StorageResidual.of(root, modelled, STATE);
    v = v.withUnmodelled(rest);
    List<String> unmodelled = rest.stream().map(Unmodelled::path).toList();
    return new Parsed(
        v,
        attr(root, "type"),
        text(child(root, "key")),
        text(child(root, "target", "path")),
        bsPath,
        bsFormat,
        unmodelled);
  }

  /** The model format for a libvirt keyword, or null for formats vtopo does not manage. */
  public static VolumeFormat format(String keyword) {
    if (keyword == null) {
      return null;
    }
    for (VolumeFormat f : VolumeFormat.values()) {
      if (f.keyword().equals(keyword.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    return null;
  }
}
