package io.vtopo.examples;

import io.vtopo.testsupport.FileCases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Locates the topology files of this module: the examples module is the {@code examples/} directory
 * itself, so the examples are {@code ${basedir}/*.yaml}, the broken files {@code
 * ${basedir}/broken/*.yaml} and the schema {@code ${basedir}/../schema/vtopo-v1.schema.json}.
 */
final class ExampleFiles {
  private ExampleFiles() {}

  /**
   * The module directory (Surefire sets {@code basedir}; its working directory is the same by
   * default).
   */
  static Path moduleDir() {
    String basedir = System.getProperty("basedir");
    return (basedir == null || basedir.isEmpty() ? Path.of("") : Path.of(basedir)).toAbsolutePath();
  }

  static Path schemaFile() {
    return moduleDir().resolve("../schema/vtopo-v1.schema.json").normalize();
  }

  /** The valid examples, sorted by name. */
  static List<Path> examples() {
    return yamlFiles(moduleDir());
  }

  /** The deliberately broken files, sorted by name. */
  static List<Path> broken() {
    return yamlFiles(moduleDir().resolve("broken"));
  }

  private static List<Path> yamlFiles(Path dir) {
    return FileCases.endingWith(dir, ".yaml");
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
