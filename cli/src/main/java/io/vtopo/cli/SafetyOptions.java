package io.vtopo.cli;

import picocli.CommandLine.Option;

/** The flags that allow destructive or disconnecting steps; mixed into plan and apply. */
final class SafetyOptions {
  @Option(
      names = "--allow-data-loss",
      description =
          "Allow deleting, replacing or shrinking volumes and deleting" + " pool storage.")
  boolean allowDataLoss;

  @Option(
      names = "--allow-source-change",
      description = "Allow pointing an existing pool at another source.")
  boolean allowSourceChange;

  @Option(
      names = "--allow-disconnect",
      description = "Allow changes to the links carrying the default route or this SSH session.")
  boolean allowDisconnect;
}
