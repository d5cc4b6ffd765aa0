package io.vtopo.core.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.core.VtopoException;
import io.vtopo.core.model.ObjectId;
import org.junit.jupiter.api.Test;

class JournalIdTest {
  @Test
  void idsRoundTripThroughTheJournalRecordWithoutParsingDisplayText() {
    for (ObjectId id :
        new ObjectId[] {
          ObjectId.link("br0"),
          ObjectId.network("lab net"),
          ObjectId.pool("p"),
          ObjectId.volume("a/b", "c"),
          ObjectId.volume("a", "b/c")
        }) {
      assertThat(Journal.decode(Journal.encode(id))).isEqualTo(id);
    }
  }

  @Test
  void aDamagedRecordIsReported() {
    assertThatThrownBy(() -> Journal.decode("link:br0"))
        .isInstanceOf(VtopoException.class)
        .hasMessageContaining("malformed apply journal record");
  }
}
