package io.vtopo.render;

import io.vtopo.core.graph.TopologyGraph;
import io.vtopo.core.model.Link;
import io.vtopo.core.model.Network;
import io.vtopo.core.model.Pool;
import io.vtopo.core.model.Pools;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Volume;
import io.vtopo.core.plan.Action;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a plan: the file's topology plus the objects the plan deletes, with creations,
 * modifications and deletions outlined distinctly ({@code vtopo plan FILE --graph out.svg}).
 */
public final class PlanOverlay {
  private PlanOverlay() {}

  /** The SVG of {@code plan} over {@code desired}. */
  public static String svg(Topology desired, Plan plan) {
    List<Link> links = new ArrayList<>(desired.links());
    List<Network> nets = new ArrayList<>(desired.networks());
    Map<String, Pool> pools = new LinkedHashMap<>();
    desired.pools().forEach(p -> pools.put(p.name(), p));
    Map<io.vtopo.core.model.ObjectId, SvgRenderer.State> states = new HashMap<>();
    for (Step s : plan.steps()) {
      states.put(
          s.id(),
          switch (s.action()) {
            case CREATE -> SvgRenderer.State.CREATED;
            case MODIFY, REPLACE -> SvgRenderer.State.MODIFIED;
            case DELETE -> SvgRenderer.State.DELETED;
          });
      if (s.action() != Action.DELETE) {
        continue;
      }
      // Deleted objects are not in the file: draw them from their live form.
      if (s instanceof Step.LinkStep l) {
        links.add(l.current());
      } else if (s instanceof Step.NetworkStep n) {
        nets.add(n.current());
      } else if (s instanceof Step.PoolStep p && !pools.containsKey(p.current().name())) {
        pools.put(p.current().name(), p.current());
      } else if (s instanceof Step.VolumeStep v && pools.containsKey(v.pool())) {
        Pool p = pools.get(v.pool());
        List<Volume> vols = new ArrayList<>(p.attrs().volumes());
        vols.add(v.current());
        pools.put(v.pool(), Pools.withVolumes(p, vols));
      }
    }
    Topology merged =
        new Topology(
            desired.name(), links, nets, new ArrayList<>(pools.values()), desired.vms(), List.of());
    TopologyGraph g = TopologyGraph.of(merged);
    return SvgRenderer.svg(
        g, new SvgRenderer.Options(desired.name() + " — plan", states, Map.of()).withNotes(merged));
  }
}
