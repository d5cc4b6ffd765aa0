package io.vtopo.web;

/** How one object on the page compares the file with the live host. */
public enum DriftState {
  /** In the file and on the host, and the fields the file sets match. */
  IN_SYNC("in-sync", "in the file and on the host, matching"),
  /** In the file, not on the host: apply would create it. */
  MISSING("missing", "in the file, missing from the host"),
  /**
   * A physical NIC the file names but the host does not have: vtopo never creates NICs, so nothing
   * will add it.
   */
  ABSENT(
      "absent",
      "a physical NIC in the file that the host does not have (vtopo never creates NICs)"),
  /** On the host with fields that differ from the file: apply would change or replace it. */
  MODIFIED("modified", "on the host with fields that differ from the file"),
  /** Owned by this topology but no longer in the file: apply would delete it. */
  EXTRA("extra", "created by this topology, no longer in the file"),
  /** On the host, not in the file, not this topology's: vtopo leaves it alone. */
  UNMANAGED("unmanaged", "on the host, not in the file (unmanaged)"),
  /** In the file, but an object of that name on the host belongs to someone else: apply refuses. */
  CONFLICT("conflict", "in the file, but the host's object of that name is not this topology's"),
  /**
   * VMs without a domain and their vNICs: declared in the file as endpoints; vtopo does not look
   * for them.
   */
  DECLARED(
      "declared",
      "declared in the file (an endpoint VM without a domain: not looked for on the host)"),
  /** No file given: what the host has. */
  LIVE("live", "on the host (no file to compare with)");

  private final String keyword;
  private final String description;

  DriftState(String keyword, String description) {
    this.keyword = keyword;
    this.description = description;
  }

  /** The JSON and CSS keyword: {@code in-sync}, {@code missing}... */
  public String keyword() {
    return keyword;
  }

  /** One line for the legend. */
  public String description() {
    return description;
  }
}
