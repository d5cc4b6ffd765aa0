package io.vtopo.core.plan;

import io.vtopo.core.model.ObjectId;

/**
 * A reason the plan cannot be applied as it stands.
 *
 * @param id object id
 * @param reason what is wrong
 * @param flag the command-line flag that allows it, or null if nothing does (e.g. a foreign object
 *     in the way)
 * @param adopt the ids (space-separated) {@code vtopo adopt FILE ID...} takes over to allow it (an
 *     object vtopo did not create that the file changes, and a pool's declared volumes), or null
 */
public record Refusal(ObjectId id, String reason, String flag, String adopt) {
  /** A refusal that no adoption lifts. */
  public Refusal(ObjectId id, String reason, String flag) {
    this(id, reason, flag, null);
  }

  /** The one command that lifts this refusal, with the topology file's path, or null. */
  public String adoptCommand(String file) {
    return adopt == null ? null : "vtopo adopt " + (file == null ? "FILE" : file) + " " + adopt;
  }

  /** The line for people, naming {@code file} in the adopt command. */
  public String text(String file) {
    return id
        + ": "
        + reason
        + (flag == null ? "" : " (allowed with " + flag + ")")
        + (adopt == null
            ? ""
            : "; to manage it, take it over first: '" + adoptCommand(file) + "', then plan again");
  }

  @Override
  public String toString() {
    return text(null);
  }
}
