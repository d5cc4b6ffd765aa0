package io.vtopo.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rule ids a module's sources can report and the ones its document does not mention: the docs
 * tests' way of keeping every id documented.
 */
public final class RuleIds {
  private RuleIds() {}

  /** Every {@code .java} file under {@code dir}, sorted. */
  public static List<Path> javaSources(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("walking " + dir, e);
    }
  }

  /** The first group of every match of {@code id} in {@code files}, sorted. */
  public static Set<String> in(List<Path> files, Pattern id) {
    Set<String> ids = new TreeSet<>();
    for (Path f : files) {
      Matcher m = id.matcher(read(f));
      while (m.find()) {
        ids.add(m.group(1));
      }
    }
    return ids;
  }

  /** The ids {@code doc} does not name in backticks ({@code `bridge.stp`}). */
  public static List<String> undocumented(Set<String> ids, Path doc) {
    String text = read(doc);
    return ids.stream().filter(r -> !text.contains("`" + r + "`")).toList();
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
