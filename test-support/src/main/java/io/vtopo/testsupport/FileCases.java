package io.vtopo.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Tests that run once per file of a directory (examples, broken files, golden drawings, plan
 * cases): the files in a stable order, and one dynamic test per file named after it.
 */
public final class FileCases {
  private FileCases() {}

  /** The entries of {@code dir} that {@code which} accepts, sorted by path. */
  public static List<Path> list(Path dir, Predicate<Path> which) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(which).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + dir, e);
    }
  }

  /** The files in {@code dir} whose names end with {@code suffix}, sorted by name. */
  public static List<Path> endingWith(Path dir, String suffix) {
    return list(dir, p -> p.getFileName().toString().endsWith(suffix));
  }

  /** One dynamic test per file, named after the file, running {@code test} on it. */
  public static Stream<DynamicTest> each(List<Path> files, ThrowingConsumer<Path> test) {
    return files.stream()
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> test.accept(f)));
  }

  /** The file's name without {@code suffix}: {@code lab.yaml} is {@code lab}. */
  public static String stem(Path file, String suffix) {
    String name = file.getFileName().toString();
    return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
  }

  /** The file beside {@code file} named with its stem and {@code suffix} instead of its own. */
  public static Path sibling(Path file, String suffix, String newSuffix) {
    return file.resolveSibling(stem(file, suffix) + newSuffix);
  }
}
