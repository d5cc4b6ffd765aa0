package io.vtopo.netlink.wire;

import java.util.function.Supplier;

/**
 * Makes sure nothing but {@link MalformedMessageException} leaves a decoder, whatever the input.
 */
public final class Decoding {
  private Decoding() {}

  /**
   * Runs a decoder, turning buffer and arithmetic errors from hostile input into the module's
   * decode error.
   */
  public static <T> T guard(String what, Supplier<T> decoder) {
    try {
      return decoder.get();
    } catch (MalformedMessageException e) {
      throw e;
    } catch (IndexOutOfBoundsException
        | java.nio.BufferUnderflowException
        | IllegalArgumentException
        | ArithmeticException
        | NegativeArraySizeException e) {
      throw new MalformedMessageException("malformed " + what + ": " + e, e);
    }
  }
}
