package io.vtopo.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.VtopoException;
import io.vtopo.core.VtopoException.Kind;
import java.lang.reflect.Constructor;
import org.junit.jupiter.api.Test;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.libvirt.jna.virError;

/** libvirt messages (as libvirt 9.0 words them) map to kinds and hints a user can act on. */
class StorageErrorsTest {
  static VtopoException map(int code, String message) throws Exception {
    virError e = new virError();
    e.code = code;
    e.domain = 18;
    e.message = message;
    e.level = 2;
    // The constructor is package-private in libvirt-java; libvirt itself builds these from C
    // errors.
    Constructor<LibvirtException> c = LibvirtException.class.getDeclaredConstructor(Error.class);
    c.setAccessible(true);
    return LibvirtErrors.wrap(c.newInstance(new Error(e)), "pools[p]", "pool-start");
  }

  @Test
  void missingBackendSaysWhatToInstall() throws Exception {
    VtopoException e = map(1, "internal error: missing backend for pool type 11 (iscsi-direct)");
    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage())
        .startsWith("pools[p]: pool-start: internal error: missing backend")
        .contains("libvirt-daemon-driver-storage-");
  }

  @Test
  void kinds() throws Exception {
    assertThat(map(38, "cannot open directory '/x': Permission denied").kind())
        .isEqualTo(Kind.PERMISSION_DENIED);
    assertThat(
            map(
                    1,
                    "internal error: Child process (/usr/bin/mount -t glusterfs 203.0.113.9:/gv /mnt) unexpected"
                        + " exit status 1: Mount failed. ... Transport endpoint is not connected")
                .kind())
        .isEqualTo(Kind.UNAVAILABLE);
    assertThat(map(49, "Storage pool not found: no storage pool with matching name 'x'").kind())
        .isEqualTo(Kind.NOT_FOUND);
    assertThat(
            map(55, "Requested operation is not valid: storage pool 'x' is already active").kind())
        .isEqualTo(Kind.CONFLICT);
    assertThat(map(1, "internal error: Failed to login to iSCSI target").getMessage())
        .contains("check the target IQN");
  }
}
