/** vtopo storage module. */
package io.vtopo.storage;
