package io.vtopo.core.model;

/**
 * A live link of a kind vtopo does not model (for example {@code ifb}, {@code wireguard}); read,
 * never written from a file.
 *
 * @param attrs shared link attributes
 * @param kernelKind the kernel's IFLA_INFO_KIND, or empty for links without one (loopback,
 *     physical)
 */
public record UnknownLink(LinkAttrs attrs, String kernelKind) implements Link {
  @Override
  public String kind() {
    return kernelKind;
  }
}
