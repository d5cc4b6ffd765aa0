package io.vtopo.core.plan;

import io.vtopo.core.backend.LinkContract;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Volume;
import java.util.ArrayList;
import java.util.List;

/** Public entry to the field comparison the planner uses, for verification and rollback. */
public final class PlanDiff {
  private PlanDiff() {}

  /**
   * Fields of {@code desired} that {@code live} does not have, with the effects the generic
   * contract gives them.
   */
  public static List<FieldChange> link(Link live, Link desired) {
    return link(live, desired, LinkContract.GENERIC);
  }

  /**
   * Fields of {@code desired} that {@code live} does not have, each with the effect {@code
   * contract} declares: the one link diff, which the planner, verification and rollback share.
   */
  public static List<FieldChange> link(Link live, Link desired, LinkContract contract) {
    List<FieldChange> out = new ArrayList<>();
    Diff.link(live, desired, contract, out);
    return out;
  }

  /** Pool fields (not volumes) that differ. */
  public static List<FieldChange> pool(Pool live, Pool desired) {
    List<FieldChange> out = new ArrayList<>();
    Diff.pool(live, desired, out);
    return out;
  }

  /** Volume fields that differ. */
  public static List<FieldChange> volume(Volume live, Volume desired) {
    List<FieldChange> out = new ArrayList<>();
    Diff.volume(live, desired, out);
    return out;
  }
}
