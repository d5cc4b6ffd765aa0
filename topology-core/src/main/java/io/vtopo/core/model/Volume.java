package io.vtopo.core.model;

/**
 * A storage volume in a pool ({@code virsh vol-create-as POOL NAME CAPACITY --format F
 * [--backing-vol B]}).
 *
 * @param name volume name, unique in its pool
 * @param format image format, or null for the pool's default (raw)
 * @param capacity virtual size
 * @param allocation space to allocate up front, or null
 * @param backing backing volume for a copy-on-write overlay: {@code NAME} in the same pool or
 *     {@code POOL/NAME}, or null
 * @param permissions file ownership and mode, or null
 */
public record Volume(
    String name,
    VolumeFormat format,
    ByteSize capacity,
    ByteSize allocation,
    String backing,
    Permissions permissions) {}
