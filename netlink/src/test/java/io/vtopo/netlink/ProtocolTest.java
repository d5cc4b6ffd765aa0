package io.vtopo.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.netlink.codec.LinkCodec;
import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.model.Link;
import io.vtopo.netlink.model.LinkSpec;
import io.vtopo.netlink.wire.MessageWriter;
import io.vtopo.netlink.wire.Nl;
import io.vtopo.netlink.wire.Replies;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The client's protocol logic against a scripted kernel: no sockets, fully deterministic. */
class ProtocolTest {
  static final int PORT = 4242;

  /** A fake kernel: every sent datagram is split into requests and answered by the script. */
  static final class ScriptedKernel extends FakeKernel {
    final List<int[]> requests = new ArrayList<>();
    final BiConsumer<int[], ScriptedKernel> script;
    int sends;

    ScriptedKernel(BiConsumer<int[], ScriptedKernel> script) {
      super(PORT);
      this.script = script;
    }

    @Override
    public void send(ByteBuffer data) {
      sends++;
      super.send(data);
    }

    @Override
    protected void answer(ByteBuffer b, int p, int len) {
      int[] req = {Replies.type(b, p), Replies.seq(b, p), Replies.flags(b, p)};
      requests.add(req);
      script.accept(req, this);
    }

    void reply(MessageWriter w) {
      out.add(w.view());
    }
  }

  static void done(MessageWriter w, int seq, int errno) {
    w.begin(Nl.NLMSG_DONE, Nl.NLM_F_MULTI, seq, PORT);
    w.u32(-errno);
    w.end();
  }

  static void ack(MessageWriter w, int seq, int errno, String extAck) {
    w.begin(Nl.NLMSG_ERROR, Nl.NLM_F_CAPPED | (extAck != null ? Nl.NLM_F_ACK_TLVS : 0), seq, PORT);
    w.u32(-errno);
    w.u32(16).u16(Nl.RTM_NEWLINK).u16(5).u32(seq).u32(PORT);
    if (extAck != null) {
      w.attrString(Nl.NLMSGERR_ATTR_MSG, extAck);
    }
    w.end();
  }

  static void linkMsg(MessageWriter w, int seq, int pid, int flags, int index, String name) {
    w.begin(Nl.RTM_NEWLINK, flags, seq, pid);
    LinkCodec.ifinfomsg(w, 0, index, 0, 0);
    w.attrString(Nl.IFLA_IFNAME, name);
    w.end();
  }

  static List<String> names(List<Link> links) {
    return links.stream().map(Link::name).collect(Collectors.toList());
  }

  @Test
  void interruptedDumpsAreRetried() {
    int[] attempts = {0};
    ScriptedKernel k =
        new ScriptedKernel(
            (req, kernel) -> {
              MessageWriter w = new MessageWriter();
              int flags = Nl.NLM_F_MULTI | (attempts[0]++ == 0 ? Nl.NLM_F_DUMP_INTR : 0);
              linkMsg(w, req[1], PORT, flags, 1, "a");
              kernel.reply(w);
              MessageWriter w2 = new MessageWriter();
              linkMsg(w2, req[1], PORT, Nl.NLM_F_MULTI, 2, "b");
              done(w2, req[1], 0);
              kernel.reply(w2);
            });
    try (RtNetlink nl = new RtNetlink(k, null)) {
      assertThat(names(nl.links())).containsExactly("a", "b");
      assertThat(k.sends).isEqualTo(2);
      assertThat(k.requests.get(0)[2] & Nl.NLM_F_DUMP).isEqualTo(Nl.NLM_F_DUMP);
    }
  }

  @Test
  void aDumpInterruptedEveryTimeGivesUp() {
    ScriptedKernel k =
        new ScriptedKernel(
            (req, kernel) -> {
              MessageWriter w = new MessageWriter();
              linkMsg(w, req[1], PORT, Nl.NLM_F_MULTI | Nl.NLM_F_DUMP_INTR, 1, "a");
              done(w, req[1], 0);
              kernel.reply(w);
            });
    try (RtNetlink nl = new RtNetlink(k, null)) {
      assertThatThrownBy(nl::links)
          .isInstanceOfSatisfying(
              NetlinkException.class, e -> assertThat(e.errnoName()).isEqualTo("EINTR"));
      assertThat(k.sends).isEqualTo(10);
    }
  }

  @Test
  void staleSequencesAndForeignPortsAreIgnored() {
    ScriptedKernel k =
        new ScriptedKernel(
            (req, kernel) -> {
              MessageWriter w = new MessageWriter();
              linkMsg(w, req[1] - 1, PORT, Nl.NLM_F_MULTI, 9, "stale");
              linkMsg(w, req[1], PORT + 1, Nl.NLM_F_MULTI, 8, "foreign");
              linkMsg(w, req[1], PORT, Nl.NLM_F_MULTI, 1, "mine");
              done(w, req[1], 0);
              kernel.reply(w);
            });
    try (RtNetlink nl = new RtNetlink(k, null)) {
      assertThat(names(nl.links())).containsExactly("mine");
    }
  }

  @Test
  void errorsInsideDoneAreSurfacedWithTheExtAck() {
    ScriptedKernel k =
        new ScriptedKernel(
            (req, kernel) -> {
              MessageWriter w = new MessageWriter();
              ack(w, req[1], 22, "Invalid header for link dump");
              kernel.reply(w);
            });
    try (RtNetlink nl = new RtNetlink(k, null)) {
      assertThatThrownBy(nl::links)
          .isInstanceOfSatisfying(
              NetlinkException.class,
              e -> {
                assertThat(e.errnoName()).isEqualTo("EINVAL");
                assertThat(e.extAck()).isEqualTo("Invalid header for link dump");
              });
    }
  }

  @Test
  void batchAcksAreMatchedBySequenceWhateverTheirOrder() {
    List<int[]> pending = new ArrayList<>();
    ScriptedKernel k =
        new ScriptedKernel(
            (req, kernel) -> {
              pending.add(req);
              if (pending.size() == 3) {
                // Answer in reverse, in one datagram, the middle one failing.
                MessageWriter w = new MessageWriter();
                ack(w, pending.get(2)[1], 0, null);
                ack(w, pending.get(1)[1], 17, "File exists");
                ack(w, pending.get(0)[1], 0, null);
                kernel.reply(w);
              }
            });
    try (RtNetlink nl = new RtNetlink(k, null)) {
      List<NetlinkException> failures =
          nl.batch()
              .createLink(LinkSpec.create("x", BridgeInfo.defaults()))
              .createLink(LinkSpec.create("y", BridgeInfo.defaults()))
              .createLink(LinkSpec.create("z", BridgeInfo.defaults()))
              .execute();
      assertThat(k.sends).as("one sendmsg for the batch").isEqualTo(1);
      assertThat(failures).hasSize(1);
      assertThat(failures.get(0).requestIndex()).isEqualTo(1);
      assertThat(failures.get(0).getMessage())
          .isEqualTo("ip link add y type bridge: EEXIST (17): File exists");
      int first = k.requests.get(0)[1];
      assertThat(k.requests).extracting(r -> r[1]).containsExactly(first, first + 1, first + 2);
    }
  }
}
