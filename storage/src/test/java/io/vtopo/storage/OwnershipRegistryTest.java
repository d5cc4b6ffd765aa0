package io.vtopo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vtopo.core.VtopoException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry file through Jackson: its exact format, tolerance of additions, corrupt files. */
class OwnershipRegistryTest {
  @TempDir Path tmp;

  @Test
  void writesTheDocumentedFormatAndReadsItBack() throws Exception {
    OwnershipRegistry r = new OwnershipRegistry(tmp.resolve("owners.json"));
    r.recordPool(new OwnershipRegistry.PoolEntry("u-1", "p\"1", "lab", true));
    r.recordVolume(new OwnershipRegistry.VolumeEntry("/k/1", "u-1", "v", "lab"));
    assertThat(Files.readString(r.file()))
        .isEqualTo(
            """
            {
              "version" : 1,
              "pools" : [ {
                "uuid" : "u-1",
                "name" : "p\\"1",
                "owner" : "lab",
                "built" : true
              } ],
              "volumes" : [ {
                "key" : "/k/1",
                "pool" : "u-1",
                "name" : "v",
                "owner" : "lab"
              } ]
            }""");
    OwnershipRegistry.Snapshot s = new OwnershipRegistry(r.file()).read();
    assertThat(s.poolOwner("u-1")).isEqualTo("lab");
    assertThat(s.built("u-1")).isTrue();
    assertThat(s.volumeOwner("/k/1")).isEqualTo("lab");
  }

  @Test
  void fieldsAFutureVersionAddsAreIgnored() throws Exception {
    Path f = tmp.resolve("owners.json");
    Files.writeString(
        f,
        "{\"version\":2,\"note\":{\"x\":1},\"pools\":[{\"uuid\":\"u\",\"owner\":\"t\","
            + "\"built\":false,\"since\":\"2026\"}],\"volumes\":[]}");
    assertThat(new OwnershipRegistry(f).read().poolOwner("u")).isEqualTo("t");
  }

  @Test
  void aCorruptFileIsNamedNotTreatedAsEmpty() throws Exception {
    Path f = tmp.resolve("owners.json");
    Files.writeString(f, "{\"pools\": [ {\"uuid\": ");
    assertThatThrownBy(() -> new OwnershipRegistry(f).read())
        .isInstanceOf(VtopoException.class)
        .hasMessageContaining("corrupt registry")
        .hasMessageContaining(f.toString());
  }
}
