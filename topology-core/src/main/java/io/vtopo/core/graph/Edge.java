package io.vtopo.core.graph;

/**
 * A labelled edge. jgrapht needs distinct edge objects, so this is a class with identity equality.
 */
public final class Edge {
  private final Relation relation;
  private final String detail;

  /**
   * Creates an edge.
   *
   * @param relation the relation
   * @param detail extra label such as {@code vlan 10} or {@code pvid 20}, or null
   */
  public Edge(Relation relation, String detail) {
    this.relation = relation;
    this.detail = detail;
  }

  /** The relation. */
  public Relation relation() {
    return relation;
  }

  /** Extra label, or null. */
  public String detail() {
    return detail;
  }

  /** {@code port of (pvid 10)}. */
  public String label() {
    return detail == null ? relation.label() : relation.label() + " (" + detail + ")";
  }

  @Override
  public String toString() {
    return label();
  }
}
