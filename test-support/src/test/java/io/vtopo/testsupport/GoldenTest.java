package io.vtopo.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The shared golden helper fails on a missing or different file, and writes only when asked to. */
@ResourceLock(Golden.UPDATE_PROPERTY)
class GoldenTest {
  @TempDir Path dir;
  private String saved;

  /**
   * These tests run in comparing mode even inside a build started with -Dvtopo.updateGolden=true.
   */
  @BeforeEach
  void clearProperty() {
    saved = System.clearProperty(Golden.UPDATE_PROPERTY);
  }

  @AfterEach
  void restoreProperty() {
    if (saved == null) {
      System.clearProperty(Golden.UPDATE_PROPERTY);
    } else {
      System.setProperty(Golden.UPDATE_PROPERTY, saved);
    }
  }

  @Test
  void aMissingGoldenFailsAndIsNotWritten() {
    Path f = dir.resolve("case.txt");
    assertThatThrownBy(() -> Golden.check(f, "output\n"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("is missing")
        .hasMessageContaining("-Dvtopo.updateGolden=true");
    assertThat(f).doesNotExist();
    // A second run must fail just the same: nothing was written by the first.
    assertThatThrownBy(() -> Golden.check(f, "output\n")).isInstanceOf(AssertionError.class);
  }

  @Test
  void aDifferentOutputFailsAndAnEqualOnePasses() throws Exception {
    Path f = Files.writeString(dir.resolve("case.txt"), "expected\n");
    assertThatThrownBy(() -> Golden.check(f, "actual\n"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("differs from golden file");
    assertThat(f).hasContent("expected");
    Golden.check(f, "expected\n");
  }

  @Test
  void updatingWritesMissingAndChangedFiles() throws Exception {
    System.setProperty(Golden.UPDATE_PROPERTY, "true");
    Path f = dir.resolve("sub/case.txt");
    Golden.check(f, "one\n");
    assertThat(f).hasContent("one");
    Golden.check(f, "two\n");
    assertThat(f).hasContent("two");
    System.clearProperty(Golden.UPDATE_PROPERTY);
    Golden.check(f, "two\n");
  }

  @Test
  void awaitReturnsOnceTheConditionHoldsAndFailsNamingItOtherwise() {
    AtomicInteger polls = new AtomicInteger();
    Await.until("three polls", () -> polls.incrementAndGet() >= 3);
    assertThat(polls).hasValue(3);
    assertThatThrownBy(
            () ->
                Await.until(
                    "a condition that never holds",
                    Duration.ofMillis(30),
                    () -> false,
                    () -> "still false"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("waiting for a condition that never holds")
        .hasMessageContaining("now: still false");
  }
}
