package io.vtopo.core.model;

/**
 * A connectivity intent: {@code from} should (or should not) reach {@code to}.
 *
 * @param from VM name
 * @param to VM name
 * @param reachable whether traffic is expected to get through
 */
public record Expectation(String from, String to, boolean reachable) {}
