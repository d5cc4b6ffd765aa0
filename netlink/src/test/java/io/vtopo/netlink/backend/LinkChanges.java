package io.vtopo.netlink.backend;

import io.vtopo.core.backend.Change;
import io.vtopo.core.model.Link;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.Step;
import java.util.ArrayList;
import java.util.List;

/** The backend changes of a plan's link steps, as the apply engine hands them over. */
final class LinkChanges {
  private LinkChanges() {}

  static List<Change<Link>> of(Plan p) {
    List<Change<Link>> out = new ArrayList<>();
    for (Step s : p.steps()) {
      Step.LinkStep l = (Step.LinkStep) s;
      switch (l.action()) {
        case CREATE -> out.add(new Change.Create<>(l.desired()));
        case MODIFY -> out.add(new Change.Modify<>(l.current(), l.desired(), l.changes()));
        case REPLACE -> {
          out.add(new Change.Delete<>(l.current()));
          out.add(new Change.Create<>(l.desired()));
        }
        case DELETE -> out.add(new Change.Delete<>(l.current()));
        default -> throw new IllegalStateException();
      }
    }
    return out;
  }
}
