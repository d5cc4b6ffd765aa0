package io.vtopo.netlink.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Loads captured kernel datagrams from {@code replies/*.txt}. */
final class Captures {
  private Captures() {}

  static List<byte[]> datagrams(String file) {
    try (InputStream in = Captures.class.getResourceAsStream("/replies/" + file)) {
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      List<byte[]> out = new ArrayList<>();
      java.io.ByteArrayOutputStream cur = null;
      for (String line : text.split("\n")) {
        if (line.startsWith("# datagram")) {
          if (cur != null) {
            out.add(cur.toByteArray());
          }
          cur = new java.io.ByteArrayOutputStream();
        } else if (!line.startsWith("#") && !line.isBlank() && cur != null) {
          for (String h : line.trim().split("\\s+")) {
            cur.write(Integer.parseInt(h, 16));
          }
        }
      }
      if (cur != null) {
        out.add(cur.toByteArray());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ByteBuffer wrap(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
  }
}
