package io.vtopo.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vtopo.core.io.YNode.YScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link YScalar#isInt} and {@link YScalar#isFloat} skip the core schema's regular expressions for
 * scalars that cannot be numbers; the answers must stay exactly the expressions' own.
 */
class YScalarNumberTest {
  @Test
  void theShortcutAnswersExactlyAsTheRegularExpressions() {
    List<String> cases =
        new ArrayList<>(
            List.of(
                "",
                "0",
                "-1",
                "+7",
                "0o17",
                "0o8",
                "0x1F",
                "0xg",
                "1.5",
                ".5",
                "-.5",
                "1e3",
                "1E+3",
                "1.e-3",
                ".inf",
                "-.Inf",
                "+.INF",
                ".nan",
                ".NaN",
                ".NAN",
                "nan",
                "inf",
                "1_000",
                "1:2",
                "198.51.100.7/24",
                "52:54:00:00:00:01",
                "br0",
                "eno1",
                "e1",
                "-",
                "+",
                ".",
                "0x",
                "0o",
                "12 ",
                " 12",
                "1-2",
                "Infinity",
                "1.2.3",
                "0xABCDEF",
                "fd00::1",
                "10.0.0.1"));
    // Random strings over the characters numbers are made of, and a few that end them.
    String alphabet = "0123456789+-.eEoxXabcdfABCDFinfINFaNt:/_ ";
    Random r = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int n = r.nextInt(7); n >= 0; n--) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      cases.add(sb.toString());
    }
    for (String v : cases) {
      boolean isInt = !v.isEmpty() && YNode.Patterns.INT.matcher(v).matches();
      boolean isFloat = !v.isEmpty() && !isInt && YNode.Patterns.FLOAT.matcher(v).matches();
      YScalar plain = new YScalar(v, true, 1, 1);
      assertEquals(isInt, plain.isInt(), "isInt of '" + v + "'");
      assertEquals(isFloat, plain.isFloat(), "isFloat of '" + v + "'");
      YScalar quoted = new YScalar(v, false, 1, 1);
      assertEquals(false, quoted.isInt() || quoted.isFloat(), "quoted '" + v + "'");
    }
  }
}
