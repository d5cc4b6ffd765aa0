/** vtopo netlink module. */
package io.vtopo.netlink;
