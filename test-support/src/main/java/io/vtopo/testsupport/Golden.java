package io.vtopo.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;

/**
 * The one way tests compare output with a checked-in golden file.
 *
 * <p>A golden file that is missing fails the test: a lost or never-committed expectation must not
 * pass by comparing the output with itself. Run with {@code -Dvtopo.updateGolden=true} to (re)write
 * the files from the current output, then review the diff before committing it.
 */
public final class Golden {
  /** The system property that rewrites golden files instead of comparing with them. */
  public static final String UPDATE_PROPERTY = "vtopo.updateGolden";

  private Golden() {}

  /** True when golden files are being rewritten ({@code -Dvtopo.updateGolden=true}). */
  public static boolean updating() {
    return Boolean.getBoolean(UPDATE_PROPERTY);
  }

  /**
   * Checks {@code actual} against the golden file {@code file} (UTF-8, compared exactly).
   *
   * @throws org.opentest4j.AssertionFailedError when the file is missing (unless updating) or
   *     differs
   */
  public static void check(Path file, String actual) {
    try {
      if (updating()) {
        if (file.getParent() != null) {
          Files.createDirectories(file.getParent());
        }
        if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(actual)) {
          Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        return;
      }
      if (!Files.exists(file)) {
        Assertions.fail(
            "golden file "
                + file
                + " is missing; run the test with -D"
                + UPDATE_PROPERTY
                + "=true to write it from the current output, review it and commit it");
      }
      Assertions.assertEquals(
          Files.readString(file, StandardCharsets.UTF_8),
          actual,
          "output differs from golden file "
              + file
              + " (-D"
              + UPDATE_PROPERTY
              + "=true rewrites it)");
    } catch (IOException e) {
      throw new UncheckedIOException("golden file " + file, e);
    }
  }
}
