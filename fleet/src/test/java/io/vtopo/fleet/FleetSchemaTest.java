package io.vtopo.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The published fleet schema accepts every fleet example and rejects what the reader rejects
 * structurally.
 */
class FleetSchemaTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonSchema schema() {
    JsonSchemaFactory f =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            b ->
                b.schemaMappers(
                    m ->
                        m.mapPrefix(
                            "https://vtopo.io/schema/",
                            Path.of("../schema").toAbsolutePath().toUri().toString())));
    JsonSchema s =
        f.getSchema(SchemaLocation.of("https://vtopo.io/schema/vtopo-fleet-v1.schema.json"));
    s.initializeValidators();
    return s;
  }

  private static Set<ValidationMessage> errors(JsonSchema s, String yaml) {
    Object data =
        new Load(LoadSettings.builder().setSchema(new CoreSchema()).build()).loadFromString(yaml);
    JsonNode json = MAPPER.valueToTree(data);
    return s.validate(json);
  }

  @Test
  void everyFleetExampleMatchesTheSchema() throws Exception {
    JsonSchema s = schema();
    List<Path> files = FleetExamplesTest.yamls(FleetExamplesTest.DIR);
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      assertThat(errors(s, Files.readString(f))).as(f.toString()).isEmpty();
    }
  }

  @Test
  void theSchemaRejectsUnknownKeysBadAddressesAndHostSections() {
    JsonSchema s = schema();
    String base =
        "apiVersion: vtopo-fleet/v1\nname: x\nhosts:\n  - {name: a, underlay: {dev: eno1, address: %s}%s}\n";
    assertThat(errors(s, base.formatted("203.0.113.1/24", ""))).isEmpty();
    assertThat(errors(s, base.formatted("203.0.113.1", "")))
        .as("address without prefix")
        .isNotEmpty();
    assertThat(errors(s, base.formatted("203.0.113.1/24", ", undrlay: 1")))
        .as("unknown key")
        .isNotEmpty();
    assertThat(errors(s, base.formatted("203.0.113.1/24", ", links: [{name: br0, kind: bridge}]")))
        .isEmpty();
    assertThat(errors(s, base.formatted("203.0.113.1/24", ", links: [{name: br0, kind: brigde}]")))
        .as("inline links use the host schema")
        .isNotEmpty();
  }
}
