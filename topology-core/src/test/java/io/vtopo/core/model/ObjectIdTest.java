package io.vtopo.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ObjectIdTest {
  @Test
  void displayFormNamesTheFamilyAndTheContainer() {
    assertThat(ObjectId.link("br0")).hasToString("link:br0");
    assertThat(ObjectId.volume("images", "base.qcow2")).hasToString("volume:images/base.qcow2");
    assertThat(ObjectId.vnic("web1", "0")).hasToString("vnic:web1/0");
    assertThat(ObjectId.volume("images", "a").poolOfVolume()).isEqualTo(ObjectId.pool("images"));
  }

  @Test
  void namesWithSeparatorsStayDistinct() {
    // A volume "b/c" in pool "a" and a volume "c" in pool "a/b" print alike but are different
    // objects.
    assertThat(ObjectId.volume("a", "b/c")).isNotEqualTo(ObjectId.volume("a/b", "c"));
    assertThat(ObjectId.link("x")).isNotEqualTo(ObjectId.network("x"));
  }

  @Test
  void orderIsFamilyThenContainerThenName() {
    List<ObjectId> sorted =
        Stream.of(
                ObjectId.volume("p", "a"),
                ObjectId.pool("p"),
                ObjectId.network("n"),
                ObjectId.link("z"),
                ObjectId.link("a"))
            .sorted()
            .toList();
    assertThat(sorted)
        .containsExactly(
            ObjectId.link("a"),
            ObjectId.link("z"),
            ObjectId.network("n"),
            ObjectId.pool("p"),
            ObjectId.volume("p", "a"));
  }

  @Test
  void nestedKindsNeedTheirContainer() {
    assertThatThrownBy(() -> new ObjectId(ObjectId.Kind.VOLUME, null, "a"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ObjectId(ObjectId.Kind.LINK, "p", "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
