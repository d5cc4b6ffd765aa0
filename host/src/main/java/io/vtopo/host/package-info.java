/**
 * vtopo host module: everything that faces one real host target. {@link io.vtopo.host.HostSession}
 * composes the netlink link backend, one libvirt connection shared by the network and storage
 * backends and the state directory; {@link io.vtopo.host.LiveProber} builds and pings {@code check
 * --live}'s probes; {@link io.vtopo.host.HostLiveSource} feeds {@code vtopo serve}. The commands in
 * {@code cli} only parse options and print.
 */
package io.vtopo.host;
