package io.vtopo.core.io;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** Spelling help for error messages. */
public final class Names {
  private Names() {}

  /**
   * The candidate closest to {@code word} by edit distance, if it is close enough to be a likely
   * typo.
   */
  public static Optional<String> didYouMean(String word, Collection<String> candidates) {
    String w = word.toLowerCase(Locale.ROOT);
    int limit = Math.max(1, Math.min(3, w.length() / 3));
    return candidates.stream()
        .filter(
            c ->
                distance(w, c.toLowerCase(Locale.ROOT)) <= limit
                    || (w.length() >= 3 && c.toLowerCase(Locale.ROOT).startsWith(w))
                    || w.replace("_", "-").equals(c))
        .min(
            Comparator.comparingInt((String c) -> distance(w, c.toLowerCase(Locale.ROOT)))
                .thenComparing(c -> c));
  }

  /** Levenshtein distance with transpositions counted as one edit. */
  public static int distance(String a, String b) {
    int n = a.length();
    int m = b.length();
    if (Math.abs(n - m) > 8) {
      return Math.abs(n - m);
    }
    int[][] d = new int[n + 1][m + 1];
    for (int i = 0; i <= n; i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= m; j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[n][m];
  }
}
