package com.zenith.functions.local.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.api.validation.Diagnostic;
import com.zenith.functions.api.validation.ManifestValidator;
import com.zenith.functions.api.validation.ValidationResult;
import com.zenith.functions.local.store.Admission;
import com.zenith.functions.local.store.ResourceType;
import com.zenith.functions.local.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the API server's admission and validation do before an object is stored, with the API
 * module's rules (one rule, one place): a Function is checked by {@link ManifestValidator} (CRD
 * schema, CEL rules, semantic rules) and stored with the schema's defaults; Secrets, ConfigMaps,
 * Brokers and PingSources get the validator's metadata and PingSource rules; a Secret's {@code
 * stringData} is folded into base64 {@code data}, and {@code data} that is not base64 refused.
 */
public final class KubeAdmission implements Admission {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  private final ManifestValidator validator;

  /** An admission with the validator of the CRD shipped in the API jar. */
  public KubeAdmission() {
    this(new ManifestValidator());
  }

  /** An admission with the given validator. */
  public KubeAdmission(ManifestValidator validator) {
    this.validator = validator;
  }

  @Override
  public void admit(ResourceType type, ObjectNode object, ObjectNode old) throws StoreException {
    String name = object.path("metadata").path("name").asText("");
    if (type.equals(ResourceType.SECRET)) {
      foldStringData(object, name);
      if (object.path("type").asText("").isEmpty()) {
        object.put("type", "Opaque");
      }
    }
    if (type.equals(ResourceType.FUNCTION)) {
      admitFunction(object, name);
    } else if (type.equals(ResourceType.SECRET)
        || type.equals(ResourceType.CONFIG_MAP)
        || type.equals(ResourceType.BROKER)
        || type.equals(ResourceType.PING_SOURCE)) {
      ValidationResult r = validate(object, name);
      refuseOnErrors(type, name, r);
    }
  }

  private void admitFunction(ObjectNode object, String name) throws StoreException {
    // The status is the engine's to write: validate what the user sent.
    ObjectNode sent = object.deepCopy();
    sent.remove("status");
    ValidationResult r = validate(sent, name);
    refuseOnErrors(ResourceType.FUNCTION, name, r);
    if (r.functions().isEmpty()) {
      throw StoreException.invalid(
          ResourceType.FUNCTION,
          name,
          List.of(new StoreException.Cause("", "the object is not a valid Function")));
    }
    JsonNode defaulted = r.functions().get(0).source().tree().get("spec");
    if (defaulted != null) {
      object.set("spec", defaulted.deepCopy());
    }
  }

  private ValidationResult validate(ObjectNode object, String name) throws StoreException {
    try {
      // JSON is YAML: the validator reads it with its positions and limits.
      return validator.validateBytes(
          name.isEmpty() ? "request" : name, JSON.writeValueAsBytes(object));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new StoreException(400, "BadRequest", "cannot encode the object", List.of());
    }
  }

  private static void refuseOnErrors(ResourceType type, String name, ValidationResult r)
      throws StoreException {
    if (!r.hasErrors()) {
      return;
    }
    List<StoreException.Cause> causes = new ArrayList<>();
    for (Diagnostic d : r.errors()) {
      causes.add(new StoreException.Cause(d.field() == null ? "" : d.field(), d.message()));
    }
    throw StoreException.invalid(type, name, causes);
  }

  /** Folds stringData into base64 data (as the API server does) and checks data is base64. */
  static void foldStringData(ObjectNode secret, String name) throws StoreException {
    List<StoreException.Cause> causes = new ArrayList<>();
    JsonNode stringData = secret.remove("stringData");
    if (stringData != null && stringData.isObject() && !stringData.isEmpty()) {
      ObjectNode data = secret.get("data") instanceof ObjectNode d ? d : secret.putObject("data");
      for (Iterator<Map.Entry<String, JsonNode>> it = stringData.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        data.put(
            e.getKey(),
            Base64.getEncoder()
                .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = secret.path("data").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!SECRET_KEY.matcher(e.getKey()).matches()) {
        causes.add(
            new StoreException.Cause(
                "data[" + e.getKey() + "]",
                "Invalid value: \""
                    + e.getKey()
                    + "\": a valid config key must consist of alphanumeric characters, '-', '_'"
                    + " or '.'"));
      }
      try {
        if (!e.getValue().isTextual()) {
          throw new IllegalArgumentException("not a string");
        }
        Base64.getDecoder().decode(e.getValue().asText());
      } catch (IllegalArgumentException ex) {
        // Never echo the value: it is a secret.
        causes.add(
            new StoreException.Cause(
                "data[" + e.getKey() + "]",
                "Invalid value: the value must be base64-encoded (use stringData for plain text)"));
      }
    }
    if (!causes.isEmpty()) {
      throw StoreException.invalid(ResourceType.SECRET, name, causes);
    }
  }
}
