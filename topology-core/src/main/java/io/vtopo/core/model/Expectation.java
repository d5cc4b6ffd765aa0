package io.vtopo.core.model;

/**
 * A connectivity intent: {@code from} should (or should not) reach {@code to}.
 *
 * @param from VM name
 * @param to VM name, or {@link #HOST} for the host itself (its address on the VM's segment: the
 *     gateway a guest uses)
 * @param reachable whether traffic is expected to get through
 */
public record Expectation(String from, String to, boolean reachable) {
  /** The {@code to:} value that names the host itself rather than a VM. */
  public static final String HOST = "host";
}
