package io.vtopo.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;

/**
 * The one place vtopo turns values into JSON: Jackson over records (and plain maps and lists), so
 * no document is assembled by hand. Records serialise their components in declaration order; {@code
 * null} components are written unless the record says otherwise ({@code @JsonInclude(NON_NULL)}).
 */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter PRETTY =
      MAPPER.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));
  private static final ObjectWriter COMPACT = MAPPER.writer();

  private Json() {}

  /**
   * Indented, two spaces per level, objects one field a line, ending with a newline: what the
   * commands print.
   */
  public static String pretty(Object value) {
    try {
      return PRETTY.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line, no spaces: what the web server sends. */
  public static String compact(Object value) {
    try {
      return COMPACT.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
