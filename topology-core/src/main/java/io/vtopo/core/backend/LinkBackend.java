package io.vtopo.core.backend;

import io.vtopo.core.model.Link;
import java.util.List;

/**
 * The host's links, addresses and routes in one network namespace (implemented over rtnetlink by
 * the netlink module).
 */
public interface LinkBackend extends AutoCloseable {
  /**
   * Reads every link of the namespace with its addresses and routes: one dump per object class,
   * never one request per link. Masters are given by name; kinds vtopo does not model come back as
   * {@code UnknownLink}.
   *
   * @return the live links with their owners
   */
  List<Owned<Link>> readLinks();

  /**
   * Carries out changes in order, batching kernel requests. A {@link Change.Modify} changes exactly
   * its listed fields. Created links are marked as owned by {@code owner}. Deleting a link that
   * {@code owner} does not own is refused with {@code NOT_OWNED}.
   *
   * @param changes ordered changes (creations parents first, deletions children first)
   * @param owner topology name recorded on created links
   * @throws io.vtopo.core.VtopoException naming the failed change; changes before it were carried
   *     out
   */
  void apply(List<Change<Link>> changes, String owner);

  /**
   * What this backend can change on a live link, per kind and field; plans are made with it, so a
   * change it cannot make is refused at plan time and a change it can make only by replacing the
   * link is planned as a replacement.
   */
  default LinkContract contract() {
    return LinkContract.GENERIC;
  }

  /**
   * Marks an existing link vtopo did not create as owned by {@code owner} ({@code vtopo adopt});
   * from then on plans manage it and {@code destroy} deletes it.
   *
   * @throws io.vtopo.core.VtopoException {@code NOT_FOUND}, or {@code NOT_OWNED} when another
   *     topology owns it
   */
  default void adopt(String name, String owner) {
    throw new io.vtopo.core.VtopoException(
        io.vtopo.core.VtopoException.Kind.UNSUPPORTED,
        io.vtopo.core.model.ObjectId.link(name).toString(),
        "this link backend cannot adopt links");
  }

  /**
   * Completes the ownership mark of a link that an apply of {@code owner} created but was killed
   * before marking: the link must carry the mark its creating request set (the topology's link
   * group) and no owner alias, and {@code name} must be one of that apply's journaled create
   * intents (the caller's part of the proof). Any other link (foreign, another topology's, already
   * marked) is left alone.
   *
   * @return true if the link is now marked as {@code owner}'s
   */
  default boolean claim(String name, String owner) {
    return false;
  }

  @Override
  void close();
}
