/** vtopo virt-network module. */
package io.vtopo.virtnet;
