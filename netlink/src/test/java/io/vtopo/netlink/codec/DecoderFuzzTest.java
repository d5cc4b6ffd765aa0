package io.vtopo.netlink.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.netlink.wire.MalformedMessageException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Decoders against hostile input: random bytes, truncated and mutated kernel replies. Only {@link
 * MalformedMessageException} may come out, and allocation stays proportional to the input.
 */
class DecoderFuzzTest {
  static final List<byte[]> SEEDS = new ArrayList<>();

  static {
    for (String f : List.of("link-dump.txt", "addr-dump.txt", "route-dump.txt")) {
      SEEDS.addAll(Captures.datagrams(f));
    }
  }

  static void decodeSafely(byte[] input) {
    long before = allocated();
    try {
      RtMessages.decode(Captures.wrap(input));
    } catch (MalformedMessageException expected) {
      // the only acceptable failure
    }
    long used = allocated() - before;
    // Decoded records copy at most the input, plus fixed per-message tables; 64x leaves room for
    // object headers.
    assertThat(used)
        .as("bytes allocated decoding %d bytes", input.length)
        .isLessThan(1024L * 1024 + 64L * input.length);
  }

  static long allocated() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return mx.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  @Property(tries = 2000)
  void randomBytes(@ForAll @Size(max = 600) byte[] input) {
    decodeSafely(input);
  }

  @Provide
  Arbitrary<byte[]> headerish() {
    // Random messages with a plausible header so the fuzzer gets past the first length check.
    return Arbitraries.integers()
        .between(16, 400)
        .flatMap(
            len ->
                Arbitraries.bytes()
                    .array(byte[].class)
                    .ofSize(len)
                    .map(
                        (byte[] b) -> {
                          b[0] = (byte) (int) len;
                          b[1] = (byte) (len >> 8);
                          b[2] = 0;
                          b[3] = 0;
                          b[4] = (byte) (16 + (b[4] & 0xf));
                          b[5] = 0;
                          return b;
                        }));
  }

  @Property(tries = 3000)
  void plausibleHeaders(@ForAll("headerish") byte[] input) {
    decodeSafely(input);
  }

  @Property(tries = 2000)
  void mutatedKernelReplies(
      @ForAll @IntRange(min = 0, max = 1000) int seed,
      @ForAll @IntRange(max = 65535) int pos,
      @ForAll byte value,
      @ForAll @IntRange(min = 1, max = 8) int flips) {
    byte[] d = SEEDS.get(seed % SEEDS.size()).clone();
    if (d.length == 0) {
      return;
    }
    java.util.Random r = new java.util.Random(seed * 31L + pos);
    for (int i = 0; i < flips; i++) {
      d[(pos + r.nextInt(d.length)) % d.length] = i == 0 ? value : (byte) r.nextInt();
    }
    decodeSafely(d);
  }

  @Test
  void everyTruncationOfEveryCapturedReply() {
    for (byte[] d : SEEDS) {
      for (int len = 0; len < d.length; len++) {
        decodeSafely(Arrays.copyOf(d, len));
      }
    }
  }
}
