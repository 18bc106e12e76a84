package com.zenith.functions.local.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.local.store.ResourceType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only a client holding the token, and never a web page, may use the engine's API. */
class KubeApiAuthTest {
  @TempDir static Path dir;
  static KubeTestSupport api;
  static final String SECRETS = "/api/v1/namespaces/default/secrets";
  static final String SECRET =
      "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"%s\"}}";

  @BeforeAll
  static void start() throws Exception {
    api = new KubeTestSupport(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void withoutATokenEveryPathIsUnauthorized() throws Exception {
    for (String path : new String[] {"/version", "/healthz", "/api/v1", SECRETS}) {
      var r = api.raw("GET", path, null, null, "Authorization", null);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      var status = new ObjectMapper().readTree(r.body());
      assertThat(status.path("kind").asText()).isEqualTo("Status");
      assertThat(status.path("reason").asText()).isEqualTo("Unauthorized");
    }
  }

  @Test
  void aWrongTokenIsUnauthorized() throws Exception {
    String wrong = api.token.value().substring(1) + "0";
    assertThat(api.raw("GET", SECRETS, null, null, "Authorization", "Bearer " + wrong).statusCode())
        .isEqualTo(401);
    assertThat(api.raw("GET", SECRETS, null, null, "Authorization", "Basic eDp5").statusCode())
        .isEqualTo(401);
  }

  @Test
  void theRightTokenWorks() throws Exception {
    var r = api.raw("POST", SECRETS, "application/json", SECRET.formatted("allowed"));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(api.store.get(ResourceType.SECRET, "default", "allowed")).isPresent();
    assertThat(api.raw("GET", "/healthz", null, null).body()).isEqualTo("ok");
  }

  @Test
  void aWebPageCannotDriveTheApiEvenWithTheToken() throws Exception {
    var r =
        api.raw(
            "POST",
            SECRETS,
            "text/plain",
            SECRET.formatted("from-a-page"),
            "Origin",
            "http://evil.example");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(api.store.get(ResourceType.SECRET, "default", "from-a-page")).isEmpty();
    var preflight =
        api.raw(
            "OPTIONS",
            SECRETS,
            null,
            null,
            "Origin",
            "http://localhost:3000",
            "Access-Control-Request-Method",
            "POST");
    assertThat(preflight.statusCode()).isEqualTo(403);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    int port = Integer.parseInt(api.server.url().replaceAll(".*:", ""));
    var own = api.raw("GET", "/version", null, null, "Origin", "https://127.0.0.1:" + port);
    assertThat(own.statusCode()).isEqualTo(200);
  }

  @Test
  void theTokenAndKeyAreOwnerOnlyAndReusedOnRestart() throws Exception {
    assertThat(Files.getPosixFilePermissions(dir.resolve(Token.FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(dir.resolve(ServingCertificate.KEY_FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(api.kubeconfig))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Token.forStateDir(dir).value()).isEqualTo(api.token.value());
    assertThat(ServingCertificate.forStateDir(dir).certificatePem())
        .isEqualTo(api.tls.certificatePem());
    assertThat(Token.forStateDir(dir.resolve("other")).value()).isNotEqualTo(api.token.value());
    assertThat(api.token.toString()).doesNotContain(api.token.value());
  }

  @Test
  void theKubeconfigNamesTheServerTheCaAndTheToken() {
    String k = Kubeconfig.render("https://127.0.0.1:1234", "PEM", Token.of("t0k"), "default");
    assertThat(k)
        .contains("server: \"https://127.0.0.1:1234\"")
        .contains("certificate-authority-data: UEVN")
        .contains("token: \"t0k\"")
        .contains("current-context: zenith")
        .contains("namespace: \"default\"");
  }
}
