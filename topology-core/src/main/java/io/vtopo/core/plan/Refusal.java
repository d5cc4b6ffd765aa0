package io.vtopo.core.plan;

import io.vtopo.core.model.ObjectId;

/**
 * A reason the plan cannot be applied as it stands.
 *
 * @param id object id
 * @param reason what is wrong
 * @param flag the command-line flag that allows it, or null if nothing does (e.g. a foreign object
 *     in the way)
 */
public record Refusal(ObjectId id, String reason, String flag) {
  @Override
  public String toString() {
    return id + ": " + reason + (flag == null ? "" : " (allowed with " + flag + ")");
  }
}
