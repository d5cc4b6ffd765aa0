package io.vtopo.core.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.model.LinkAttrs;
import io.vtopo.core.model.ObjectId;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Veth;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyGraphTest {
  @Test
  void aLiveVethWhosePeerIsInAnotherNamespaceIsAVertexWithoutAPeerEdge() {
    // Read from a host, such a veth has no peer name: the graph (plan ordering, destroy) must still
    // build.
    Topology live =
        new Topology(
            "t",
            List.of(new Veth(LinkAttrs.named("ssh0"), null, null)),
            List.of(),
            List.of(),
            List.of(),
            List.of());
    TopologyGraph g = TopologyGraph.of(live);
    assertThat(g.vertex(ObjectId.link("ssh0"))).isNotNull();
    assertThat(g.view().edgeSet()).isEmpty();
    assertThat(g.teardownOrderOrFallback())
        .extracting(Vertex::id)
        .containsExactly(ObjectId.link("ssh0"));
  }
}
