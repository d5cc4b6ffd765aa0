package io.vtopo.core.model;

/**
 * An iSCSI target to log in to.
 *
 * @param host portal host name or address
 * @param port portal port, or null for 3260
 * @param targetIqn the target's IQN
 * @param initiatorIqn the initiator IQN to present, or null (required for iscsi-direct)
 * @param chapUser CHAP user name, or null for no authentication
 * @param chapSecret usage name of the libvirt secret holding the CHAP password, or null
 * @param chapSecretUuid UUID of the libvirt secret holding the CHAP password, or null (libvirt
 *     names the secret by usage or by UUID, never both)
 */
public record IscsiSource(
    String host,
    Integer port,
    String targetIqn,
    String initiatorIqn,
    String chapUser,
    String chapSecret,
    String chapSecretUuid) {
  /** A source whose CHAP secret, if any, is named by usage. */
  public IscsiSource(
      String host,
      Integer port,
      String targetIqn,
      String initiatorIqn,
      String chapUser,
      String chapSecret) {
    this(host, port, targetIqn, initiatorIqn, chapUser, chapSecret, null);
  }
}
