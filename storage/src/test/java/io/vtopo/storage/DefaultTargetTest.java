package io.vtopo.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Pool;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * libvirt refuses iscsi and disk pools without a target path: the documented defaults are rendered.
 */
class DefaultTargetTest {
  private static Pool pool(String yaml) {
    return TopologyReader.read(
            "t.yaml",
            ("apiVersion: vtopo/v1\nname: t\npools:\n" + yaml).getBytes(StandardCharsets.UTF_8))
        .topology()
        .orElseThrow()
        .pools()
        .get(0);
  }

  @Test
  void iscsiAndDiskPoolsGetTheirDefaultTarget() {
    assertThat(
            PoolXml.render(
                pool(
                    "  - {name: s, type: iscsi, host: 192.0.2.20, iqn: \"iqn.2024-01.org.example:t\"}\n"),
                null))
        .contains("<path>/dev/disk/by-path</path>");
    assertThat(PoolXml.render(pool("  - {name: d, type: disk, device: /dev/sdb}\n"), null))
        .contains("<path>/dev</path>");
    assertThat(
            PoolXml.render(
                pool("  - {name: l, type: logical, vg: vg0, devices: [/dev/sdc]}\n"), null))
        .doesNotContain("<target>");
  }
}
