package io.vtopo.libvirt.corpus;

import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.io.SafeXml;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Unmodelled;
import io.vtopo.core.validate.Validator;
import io.vtopo.libvirt.LibvirtConnections;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.libvirt.Connect;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * What the tests over libvirt's own XML corpora share (storage pools and volumes, networks): the
 * corpus files, a libvirt of the test's own, the report lines each file's golden is made of, and
 * the canonical form two definitions are compared in.
 */
public final class LibvirtCorpus {
  private LibvirtCorpus() {}

  /** The {@code .xml} file names in {@code dir}, sorted. */
  public static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".xml"))
          .sorted()
          .toList();
    }
  }

  /**
   * A libvirt of its own, under {@code dir}: {@code test:///default} is one state shared by every
   * connection in the process and comes with a stock pool and network; a node file declaring
   * nothing is neither.
   */
  public static Connect fresh(Path dir) throws IOException {
    Path node = Files.createTempFile(dir, "node", ".xml");
    Files.writeString(node, "<node/>\n");
    return LibvirtConnections.open("test://" + node.toAbsolutePath());
  }

  /** The report line of a file libvirt itself rejects. */
  public static String rejected(org.libvirt.LibvirtException e) {
    return "libvirt rejects it: " + e.getError().getMessage() + "\n";
  }

  /** One report line per part kept verbatim: its path and XML, indented. */
  public static void unmodelled(List<Unmodelled> parts, StringBuilder report) {
    for (Unmodelled u : parts) {
      report.append("  ").append(u.path()).append(" = ").append(u.xml()).append('\n');
    }
  }

  /**
   * Reads an exported file back as a user's file is read (with the semantic rules), reporting every
   * diagnostic under {@code validate:}.
   */
  public static TopologyReader.Result readBack(String yaml, StringBuilder report) {
    TopologyReader.Result read =
        Validator.withSemantics(
            TopologyReader.read("export.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
    report.append("validate:\n");
    for (Diagnostic d : read.diagnostics().sorted()) {
      report.append("  %s %s: %s\n".formatted(d.severity(), d.rule(), d.message()));
    }
    return read;
  }

  /**
   * The report line comparing the canonical forms of the original and of what vtopo defined: {@code
   * same} when they are equal, both in full when not.
   */
  public static String comparison(String label, String original, String vtopo, String same) {
    return label
        + ": "
        + (original.equals(vtopo)
            ? same
            : "DIFFERS\n--- original\n" + original + "--- vtopo\n" + vtopo)
        + "\n";
  }

  /** Which elements of a definition two canonical forms compare. */
  @FunctionalInterface
  public interface Compared {
    /** Whether {@code child} of {@code parent} (at {@code depth}, the root at 0) is compared. */
    boolean test(Element parent, Element child, int depth);
  }

  /** How a corpus drops or respells attributes before they are compared. */
  @FunctionalInterface
  public interface Respelt {
    /**
     * Changes the attributes of {@code e} to compare (namespace declarations already dropped),
     * sorted by name.
     */
    void apply(Element e, int depth, TreeMap<String, String> attrs);
  }

  /**
   * The XML as one element per line, attributes sorted, whitespace between elements dropped, and
   * only what {@code compared} accepts, its attributes as {@code respelt} leaves them.
   */
  public static String canonical(String xml, Compared compared, Respelt respelt) throws Exception {
    StringBuilder sb = new StringBuilder();
    write(SafeXml.parse(xml).getDocumentElement(), 0, compared, respelt, sb);
    return sb.toString();
  }

  private static void write(
      Element e, int depth, Compared compared, Respelt respelt, StringBuilder sb) {
    List<Element> kids = new ArrayList<>();
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element k && compared.test(e, k, depth)) {
        kids.add(k);
      }
    }
    TreeMap<String, String> attrs = new TreeMap<>();
    NamedNodeMap as = e.getAttributes();
    for (int i = 0; i < as.getLength(); i++) {
      Attr a = (Attr) as.item(i);
      if (!a.getName().startsWith("xmlns")) {
        attrs.put(a.getName(), a.getValue());
      }
    }
    respelt.apply(e, depth, attrs);
    String indent = "  ".repeat(depth);
    sb.append(indent).append('<').append(e.getTagName());
    attrs.forEach((k, v) -> sb.append(' ').append(k).append("='").append(v).append('\''));
    sb.append('>');
    if (kids.isEmpty()) {
      sb.append(e.getTextContent().strip()).append('\n');
      return;
    }
    sb.append('\n');
    kids.forEach(k -> write(k, depth + 1, compared, respelt, sb));
  }
}
