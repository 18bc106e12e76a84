package com.zenith.functions.local.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.local.Kubectl;
import com.zenith.functions.local.store.PersistentStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A running API over a persistent store in a temporary directory, with a kubeconfig for it, and the
 * real kubectl (at /usr/bin/kubectl) pointed at it.
 */
final class KubeTestSupport implements AutoCloseable {
  static final Path KUBECTL = Path.of("/usr/bin/kubectl");
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final PersistentStore store;
  final FakeViews views = new FakeViews();
  final Token token;
  final ServingCertificate tls;
  final KubeApiServer server;
  final Path kubeconfig;
  final Kubectl kubectl;

  KubeTestSupport(Path dir) throws Exception {
    this.dir = dir;
    this.store = PersistentStore.open(dir.resolve("store"), new KubeAdmission());
    this.token = Token.forStateDir(dir);
    this.tls = ServingCertificate.forStateDir(dir);
    this.server = new KubeApiServer(store, views, token, tls);
    server.start(0);
    this.kubeconfig = dir.resolve("kubeconfig");
    Kubeconfig.write(kubeconfig, server.url(), tls.certificatePem(), token, "default");
    this.kubectl = new Kubectl(KUBECTL.toString(), kubeconfig, dir, Duration.ofSeconds(60));
  }

  /** A JSON tree written with single quotes. */
  static com.fasterxml.jackson.databind.JsonNode tree(String s) {
    try {
      return JSON.readTree(s.replace('\'', '"'));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ObjectNode json(String s) {
    try {
      return (ObjectNode) JSON.readTree(s.replace('\'', '"'));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Runs kubectl with this API's kubeconfig (and no other), waiting at most a minute. */
  Kubectl.Run kubectl(String... args) throws Exception {
    return kubectlWithInput(null, args);
  }

  /** As {@link #kubectl}, in the test's working directory, with {@code stdin} when not null. */
  Kubectl.Run kubectlWithInput(String stdin, String... args) throws Exception {
    return kubectl.in(Path.of("").toAbsolutePath(), stdin, args);
  }

  /** The guide's three Functions. */
  static Path seedDir() {
    Path p = Path.of("..", "examples", "seed");
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException(
          "examples/seed not found from " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /** An HTTPS client trusting this API's certificate. */
  java.net.http.HttpClient httpClient() {
    return java.net.http.HttpClient.newBuilder().sslContext(tls.clientContext()).build();
  }

  /** A raw request with the token (unless {@code headers} says otherwise). */
  java.net.http.HttpResponse<String> raw(
      String method, String path, String contentType, String body, String... headers)
      throws Exception {
    var b =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + path))
            .method(
                method,
                body == null
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString(body));
    boolean auth = true;
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equals("Authorization")) {
        auth = false;
        if (headers[i + 1] == null) {
          continue;
        }
      }
      b.header(headers[i], headers[i + 1]);
    }
    if (auth) {
      b.header("Authorization", "Bearer " + token.value());
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return httpClient().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    server.close();
    store.close();
  }
}
