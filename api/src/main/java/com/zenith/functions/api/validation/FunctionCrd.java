package com.zenith.functions.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.zenith.functions.api.v1alpha1.Function;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The Function CRD generated from the model at build time, read from the classpath. */
public final class FunctionCrd {
  /** Where the CRD generator writes the CRD inside the API jar. */
  public static final String RESOURCE = "META-INF/fabric8/" + Function.CRD_NAME + "-v1.yml";

  private static volatile FunctionCrd instance;

  private final JsonNode crd;

  private FunctionCrd(JsonNode crd) {
    this.crd = crd;
  }

  /** The CRD shipped in this jar. */
  public static FunctionCrd load() {
    FunctionCrd c = instance;
    if (c == null) {
      try (InputStream in = FunctionCrd.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              RESOURCE + " is missing from the classpath: the API module was built without it");
        }
        c = new FunctionCrd(new ObjectMapper(new YAMLFactory()).readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      instance = c;
    }
    return c;
  }

  /** The whole CustomResourceDefinition. */
  public JsonNode definition() {
    return crd;
  }

  /** The openAPIV3Schema of the served version. */
  public JsonNode schema() {
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (Function.VERSION.equals(v.path("name").asText())) {
        return v.path("schema").path("openAPIV3Schema");
      }
    }
    throw new IllegalStateException("the CRD has no version " + Function.VERSION);
  }
}
