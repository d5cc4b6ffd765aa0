package io.vtopo.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Validates YAML text against the published JSON Schema the way an editor does: YAML 1.2 core
 * schema to a JSON tree (so {@code yes} stays a string and {@code "9000"} stays a string), then
 * draft 2020-12 validation.
 */
final class SchemaCheck {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static JsonSchema schema;

  private SchemaCheck() {}

  static JsonNode schemaNode() {
    try {
      return MAPPER.readTree(ExampleFiles.schemaFile().toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static synchronized JsonSchema schema() {
    if (schema == null) {
      JsonSchemaFactory f = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
      JsonSchema s =
          f.getSchema(
              SchemaLocation.of("https://vtopo.io/schema/vtopo-v1.schema.json"), schemaNode());
      s.initializeValidators();
      schema = s;
    }
    return schema;
  }

  /** The YAML document as JSON, read with the YAML 1.2 core schema; duplicate keys are an error. */
  static JsonNode toJson(String yaml) {
    LoadSettings settings =
        LoadSettings.builder().setSchema(new CoreSchema()).setAllowDuplicateKeys(false).build();
    Object data = new Load(settings).loadFromString(yaml);
    return MAPPER.valueToTree(data);
  }

  /**
   * Schema errors for {@code yaml}; a YAML error (such as a duplicate key) is reported as one
   * message.
   */
  static List<String> errors(String yaml) {
    JsonNode json;
    try {
      json = toJson(yaml);
    } catch (YamlEngineException e) {
      return List.of("not loadable YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    Set<ValidationMessage> msgs = schema().validate(json);
    return msgs.stream().map(ValidationMessage::getMessage).sorted().toList();
  }
}
