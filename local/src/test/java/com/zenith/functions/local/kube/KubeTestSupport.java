package com.zenith.functions.local.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.local.store.PersistentStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running API over a persistent store in a temporary directory, with a kubeconfig for it, and a
 * way to run the real kubectl against it.
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

  /** What a kubectl run gave. */
  record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  KubeTestSupport(Path dir) throws Exception {
    this.dir = dir;
    this.store = PersistentStore.open(dir.resolve("store"), new KubeAdmission());
    this.token = Token.forStateDir(dir);
    this.tls = ServingCertificate.forStateDir(dir);
    this.server = new KubeApiServer(store, views, token, tls);
    server.start(0);
    this.kubeconfig = dir.resolve("kubeconfig");
    Kubeconfig.write(kubeconfig, server.url(), tls.certificatePem(), token, "default");
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
  Run kubectl(String... args) throws Exception {
    return kubectlWithInput(null, args);
  }

  Run kubectlWithInput(String stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(KUBECTL.toString());
    cmd.add("--kubeconfig=" + kubeconfig);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("KUBECONFIG");
    pb.environment().put("HOME", dir.toString());
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    }
    Process p = pb.start();
    if (stdin != null) {
      try (var w = p.getOutputStream()) {
        w.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + args[0] + " did not finish in 60 s");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
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
