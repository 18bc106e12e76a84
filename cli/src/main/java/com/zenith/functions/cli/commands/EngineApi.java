package com.zenith.functions.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.zenith.functions.cli.ZenithDirs;
import com.zenith.functions.local.kube.ServingCertificate;
import com.zenith.functions.local.session.SessionFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A thin client of the running engine's Kubernetes API, as kubectl talks to it: TLS trusting only
 * the engine's own certificate, the state directory's bearer token.
 */
final class EngineApi {
  private final HttpClient http;
  private final String base;
  private final String token;

  private EngineApi(HttpClient http, String base, String token) {
    this.http = http;
    this.base = base;
    this.token = token;
  }

  /** The API of the engine running on the state directory, or empty when none runs. */
  static Optional<EngineApi> connect() throws IOException {
    Path state = ZenithDirs.state(System.getenv());
    var session = SessionFile.read(SessionFile.in(state));
    if (session.isEmpty() || session.get().apiPort() <= 0) {
      return Optional.empty();
    }
    String token = SessionClient.token();
    return Optional.of(
        new EngineApi(
            HttpClient.newBuilder()
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(2))
                .sslContext(trusting(state.resolve(ServingCertificate.CERT_FILE)))
                .build(),
            "https://127.0.0.1:" + session.get().apiPort(),
            token));
  }

  private static SSLContext trusting(Path cert) throws IOException {
    try (InputStream in = Files.newInputStream(cert)) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry(
          "zenith", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(
          "cannot trust the engine's certificate " + cert + ": " + e.getMessage(), e);
    }
  }

  /** GET {@code path}; {@code table} asks for the Table form kubectl get uses. */
  HttpResponse<String> get(String path, boolean table) throws IOException, InterruptedException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header(
                "Accept",
                table
                    ? "application/json;as=Table;v=v1;g=meta.k8s.io, application/json"
                    : "application/json");
    return http.send(req.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends {@code body} (JSON) with {@code method} (POST, PUT) to {@code path}. */
  HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  /** The message of a Kubernetes Status answer, or the raw body. */
  static String message(HttpResponse<String> res) {
    try {
      JsonNode n = SessionClient.JSON.readTree(res.body());
      return n.path("message").asText(res.body());
    } catch (IOException e) {
      return res.body();
    }
  }
}
