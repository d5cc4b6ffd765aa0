package io.vtopo.cli;

/** Process exit codes, listed in {@code vtopo --help}. */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** The input is invalid (validation errors, unreadable file) or the command failed. */
  public static final int INVALID = 1;

  /** Wrong command-line usage. */
  public static final int USAGE = 2;

  /**
   * {@code plan}: changes are pending (shares 2 with usage errors, like terraform's
   * -detailed-exitcode).
   */
  public static final int CHANGES = 2;

  /** A host facility (kernel, libvirtd) is unavailable or refused access. */
  public static final int HOST = 3;

  /** {@code check --live}: what the host does disagrees with the static prediction. */
  public static final int DISAGREE = 4;

  /**
   * {@code export}: some libvirt objects could not be read (each named on stderr); the rest was
   * written.
   */
  public static final int PARTIAL = 5;

  private ExitCodes() {}
}
