package io.vtopo.core.model;

/**
 * Authentication to a pool's source ({@code <source><auth type=... username=...><secret
 * uuid=...|usage=.../></auth>}). vtopo never handles the password: it names the libvirt secret that
 * holds it, by UUID or by usage name (exactly one of them).
 *
 * @param type {@code chap} (iscsi, iscsi-direct) or {@code ceph} (rbd)
 * @param username user name
 * @param secretUuid UUID of the libvirt secret, or null
 * @param secretUsage usage name of the libvirt secret, or null
 */
public record PoolAuth(String type, String username, String secretUuid, String secretUsage) {}
