package com.zenith.functions.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.Visibility;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed guide's manifests and a manifest using every field are accepted as written. */
class ValidManifestsTest {
  private static final ManifestValidator VALIDATOR = new ManifestValidator();

  private static Path resource(String name) throws Exception {
    return Path.of(ValidManifestsTest.class.getResource("/" + name).toURI());
  }

  @Test
  void theSeedGuidesThreeFunctionsValidateWithoutErrorsOrWarnings() throws Exception {
    ValidationResult result = VALIDATOR.validatePaths(List.of(resource("seed")), false);

    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.functions())
        .extracting(f -> f.function().getMetadata().getName())
        .containsExactly("audit-logger", "balance-manager", "transaction-processor");
  }

  @Test
  void defaultsAreAppliedAsTheApiServerWould() throws Exception {
    ValidationResult result =
        VALIDATOR.validatePaths(List.of(resource("seed/audit-logger.yaml")), false);

    Function fn = result.functions().get(0).function();
    assertThat(fn.getSpec().deploy().visibility()).isEqualTo(Visibility.CLUSTER_LOCAL);
    assertThat(fn.getSpec().gitRevision()).isEqualTo("main");
  }

  @Test
  void aGitRevisionIsDefaultedToMainWhenAbsent() {
    String yaml =
        """
        apiVersion: functions.zenith.com/v1alpha1
        kind: Function
        metadata:
          name: hello
        spec:
          gitRepo: file:///srv/git/hello
          build:
            image: localhost:5000/hello
          deploy: {}
        """;

    ValidationResult result = VALIDATOR.validateBytes("hello.yaml", yaml.getBytes());

    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.functions().get(0).function().getSpec().gitRevision()).isEqualTo("main");
  }

  @Test
  void everyFieldOfTheOriginalIsAcceptedAndOtherKindsAreKept() throws Exception {
    ValidationResult result =
        VALIDATOR.validatePaths(List.of(resource("valid/every-field.yaml")), false);

    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.functions()).hasSize(1);
    assertThat(result.secrets())
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("api-credentials");
    assertThat(result.configMaps())
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("app-config");
    assertThat(result.brokers()).extracting(LoadedDocument::name).containsExactly("default");
  }

  @Test
  void gitUrlsOfEverySupportedSchemeAreAccepted() {
    for (String url :
        List.of(
            "https://github.com/o/r",
            "http://git.local/o/r.git",
            "ssh://git@github.com/o/r.git",
            "git@github.com:o/r.git",
            "file:///srv/git/r",
            "git://example.com/r")) {
      String yaml =
          "apiVersion: functions.zenith.com/v1alpha1\nkind: Function\nmetadata:\n  name: f\n"
              + "spec:\n  gitRepo: "
              + url
              + "\n  build:\n    image: r/f\n  deploy: {}\n";
      assertThat(VALIDATOR.validateBytes("f.yaml", yaml.getBytes()).diagnostics())
          .as(url)
          .isEmpty();
    }
  }

  @Test
  void imageReferencesWithRegistryPortTagAndDigestAreAccepted() {
    for (String image :
        List.of(
            "audit-logger",
            "registry.example.com/audit-logger:latest",
            "127.0.0.1:30500/team/app:v1.0",
            "registry.registry.svc.cluster.local:5000/zenith/app",
            "ghcr.io/o/app@sha256:" + "a".repeat(64))) {
      String yaml =
          "apiVersion: functions.zenith.com/v1alpha1\nkind: Function\nmetadata:\n  name: f\n"
              + "spec:\n  gitRepo: https://g/r\n  build:\n    image: "
              + image
              + "\n  deploy: {}\n";
      assertThat(VALIDATOR.validateBytes("f.yaml", yaml.getBytes()).diagnostics())
          .as(image)
          .isEmpty();
    }
  }

  @Test
  void aKindFromElsewhereGetsAWarningAndIsSkipped() {
    String yaml =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: other
        """;

    ValidationResult result = VALIDATOR.validateBytes("other.yaml", yaml.getBytes());

    assertThat(result.hasErrors()).isFalse();
    assertThat(result.warnings())
        .singleElement()
        .satisfies(d -> assertThat(d.message()).contains("Deployment (apps/v1) other is not used"));
  }

  @Test
  void twoFunctionsWithOneDaprAppIdInANamespaceAreRejected() {
    String fn =
        """
        apiVersion: functions.zenith.com/v1alpha1
        kind: Function
        metadata:
          name: %s
        spec:
          gitRepo: https://g/r
          build:
            image: r/f
          deploy:
            dapr:
              enabled: true
              appID: shared
        """;
    String yaml = fn.formatted("one") + "---\n" + fn.formatted("two");

    ValidationResult result = VALIDATOR.validateBytes("dapr.yaml", yaml.getBytes());

    assertThat(result.errors())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.field()).isEqualTo("spec.deploy.dapr.appID");
              assertThat(d.position()).isEqualTo(new SourcePosition(25, 14));
              assertThat(d.message()).contains("Duplicate value: \"shared\"");
            });
  }

  @Test
  void aSecretsValuesNeverAppearInDiagnostics() {
    String yaml =
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: Bad_Name
        stringData:
          password: hunter2-super-secret
        """;

    ValidationResult result = VALIDATOR.validateBytes("secret.yaml", yaml.getBytes());

    assertThat(result.hasErrors()).isTrue();
    assertThat(result.diagnostics())
        .allSatisfy(d -> assertThat(d.toString()).doesNotContain("hunter2"));
  }

  @Test
  void everyFieldRoundTripsFromYamlToTheModelAndBackWithoutLoss() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<JsonNode> documents =
        yaml.readerFor(JsonNode.class)
            .<JsonNode>readValues(resource("valid/every-field.yaml").toFile())
            .readAll();
    JsonNode original = documents.get(0);

    Function fn = yaml.treeToValue(original, Function.class);
    JsonNode again = yaml.readTree(yaml.writeValueAsString(fn));

    assertThat(again).isEqualTo(original);
  }

  @Test
  void aFunctionWithStatusRoundTripsToo() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    String text =
        """
        apiVersion: functions.zenith.com/v1alpha1
        kind: Function
        metadata:
          name: f
          namespace: default
          generation: 3
        spec:
          gitRepo: https://g/r
          build:
            image: r/f
          deploy: {}
        status:
          observedGeneration: 3
          conditions:
          - type: Ready
            status: "True"
            reason: Ready
            message: Function deployed and ready to accept requests
            lastTransitionTime: "2026-01-01T00:00:00Z"
            observedGeneration: 3
          url: http://f.default.svc.cluster.local
          imageDigest: r/f@sha256:abc
          build:
            name: f-build-0123456789
            gitRepo: https://g/r
            gitRevision: main
            commit: 4b825dc642cb6eb9a060e54bf8d69288fbee4904
            image: r/f
            digest: sha256:abc
            generation: 3
        """;
    JsonNode original = yaml.readTree(text);

    JsonNode again =
        yaml.readTree(yaml.writeValueAsString(yaml.treeToValue(original, Function.class)));

    assertThat(again).isEqualTo(original);
    assertThat(VALIDATOR.validateBytes("f.yaml", text.getBytes()).diagnostics()).isEmpty();
  }
}
