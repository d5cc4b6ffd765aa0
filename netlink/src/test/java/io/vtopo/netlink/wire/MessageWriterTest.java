package io.vtopo.netlink.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class MessageWriterTest {
  @Test
  void attributesArePaddedButLengthsExcludePadding() {
    MessageWriter w = new MessageWriter();
    w.begin(Nl.RTM_NEWLINK, Nl.NLM_F_REQUEST, 7);
    w.attrU8(1, 0xab);
    int nest = w.nestStart(2);
    w.attrString(3, "ab");
    w.nestEnd(nest);
    w.end();
    ByteBuffer b = w.view();
    assertThat(b.getInt(0)).isEqualTo(16 + 8 + 4 + 8);
    assertThat(b.getShort(16)).isEqualTo((short) 5);
    assertThat(b.get(20)).isEqualTo((byte) 0xab);
    assertThat(b.get(21)).isZero();
    assertThat(b.getShort(24)).isEqualTo((short) 12);
    assertThat(b.getShort(28)).isEqualTo((short) 7);
  }

  @Test
  void batchesKeepMessagesAligned() {
    MessageWriter w = new MessageWriter(64);
    for (int i = 0; i < 100; i++) {
      w.begin(Nl.RTM_NEWLINK, Nl.NLM_F_REQUEST, i).attrU8(1, i).end();
    }
    assertThat(w.messageCount()).isEqualTo(100);
    ByteBuffer b = w.view();
    int p = 0;
    int n = 0;
    while (p < b.limit()) {
      assertThat(Replies.seq(b, p)).isEqualTo(n++);
      p += Nl.align(Replies.length(b, p));
    }
    assertThat(n).isEqualTo(100);
  }

  @Test
  void attributeParserRejectsOverrunsWithItsOwnError() {
    ByteBuffer b = ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder());
    b.putShort(0, (short) 40).putShort(2, (short) 1);
    assertThatThrownBy(() -> AttrTable.parse(b, 0, 8))
        .isInstanceOf(MalformedMessageException.class);
    b.putShort(0, (short) 6);
    AttrTable t = AttrTable.parse(b, 0, 8);
    assertThatThrownBy(() -> t.u32(1)).isInstanceOf(MalformedMessageException.class);
  }
}
