package io.vtopo.netlink.model;

/** A dummy link ({@code ip link add NAME type dummy}); it has no kind-specific settings. */
public record DummyInfo() implements LinkInfo {
  @Override
  public String kind() {
    return "dummy";
  }
}
