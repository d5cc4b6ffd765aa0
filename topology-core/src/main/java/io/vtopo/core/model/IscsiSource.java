package io.vtopo.core.model;

/**
 * An iSCSI target to log in to.
 *
 * @param host portal host name or address
 * @param port portal port, or null for 3260
 * @param targetIqn the target's IQN
 * @param initiatorIqn the initiator IQN to present, or null (required for iscsi-direct)
 * @param chapUser CHAP user name, or null for no authentication
 * @param chapSecret libvirt secret usage name holding the CHAP password, or null
 */
public record IscsiSource(
    String host,
    Integer port,
    String targetIqn,
    String initiatorIqn,
    String chapUser,
    String chapSecret) {}
