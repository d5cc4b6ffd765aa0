/** vtopo cli module. */
package io.vtopo.cli;
