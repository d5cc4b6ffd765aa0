package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code vtopo export -O FILE --adopt} against libvirt's test driver (a node file, so nothing on
 * the host changes; links from this test's empty namespace): the export is written and every object
 * in it adopted in the same run. The driver's state lives only as long as a connection, so what
 * outlives the process is the storage ownership registry: the next plan sees the pool and its
 * volume as the topology's and only the network (whose marker went with the connection) as
 * unmanaged.
 */
class ExportAdoptTest extends LiveHostTest {
  @Test
  void exportAdoptWritesTheFileAndTakesOverWhatItExported() throws Exception {
    Path node =
        host.file(
            "node.xml",
            """
            <node>
              <network><name>xa-net</name><bridge name='xabr0'/>
                <ip address='198.18.77.1' prefix='24'/></network>
              <pool type='dir'><name>xa-pool</name>
                <uuid>6f0d8f3e-6c1a-4a57-9d3f-2f1f9a0c7e11</uuid>
                <target><path>/srv/xa</path></target>
                <volume type='file'><name>a.img</name><capacity unit='bytes'>1048576</capacity>
                  <target><path>/srv/xa/a.img</path><format type='raw'/></target></volume>
              </pool>
            </node>
            """);
    String uri = "test://" + node.toAbsolutePath();
    Path f = tmp.resolve("host.yaml");

    LiveHost.Run usage = LiveHost.vtopo(args("export", "--connect", uri, "--adopt"));
    assertThat(usage.code()).isEqualTo(2);
    assertThat(usage.err()).contains("--adopt needs -O/--out-file");

    LiveHost.Run exp =
        LiveHost.vtopo(
            args("export", "--connect", uri, "--name", "xa", "-O", f.toString(), "--adopt"));
    assertThat(exp.code()).as(exp.toString()).isZero();
    assertThat(Files.readString(f)).contains("name: xa-net").contains("name: xa-pool");
    assertThat(exp.out())
        .contains("adopted network:xa-net")
        .contains("adopted pool:xa-pool")
        .contains("adopted volume:xa-pool/a.img")
        .contains("adopted 3 object(s) into topology 'xa'");

    LiveHost.Run plan = LiveHost.vtopo(args("plan", f.toString(), "--connect", uri));
    assertThat(plan.code()).as(plan.toString()).isZero();
    assertThat(plan.out())
        .contains("1 object(s) the file declares exist and match it but are not managed")
        .contains("network:xa-net")
        .doesNotContain("pool:xa-pool");
  }
}
