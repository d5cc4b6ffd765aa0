package io.vtopo.cli;

/**
 * A command with a JSON output mode: when it fails, stdout still gets a JSON document ({@link
 * ErrorJson}) so that a program reading it never parses an empty string; the one-line reason goes
 * to stderr as always.
 */
interface JsonOutput {
  /** Whether {@code -o json} was asked for. */
  boolean jsonOutput();
}
