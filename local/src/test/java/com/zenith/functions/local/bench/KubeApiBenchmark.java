package com.zenith.functions.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.local.kube.KubeAdmission;
import com.zenith.functions.local.kube.KubeApiServer;
import com.zenith.functions.local.kube.ServingCertificate;
import com.zenith.functions.local.kube.Token;
import com.zenith.functions.local.store.PersistentStore;
import com.zenith.functions.local.store.ResourceType;
import com.zenith.functions.local.store.Views;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Latency of the engine's Kubernetes API with N Functions (default 200): GET of one Function, LIST
 * as JSON, and LIST as the Table kubectl asks for, over HTTPS on one keep-alive connection, with
 * {@code /healthz} (the HTTP and auth floor) as the baseline of the same run. Also the create rate
 * (admission + a flushed log write each). Not a test: run with bench/kube-api.
 */
public final class KubeApiBenchmark {
  public static void main(String[] args) throws Exception {
    int functions = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    Path dir = Files.createTempDirectory("kube-api-bench");
    ObjectMapper json = new ObjectMapper();
    try (PersistentStore store = PersistentStore.open(dir.resolve("store"), new KubeAdmission())) {
      long t0 = System.nanoTime();
      for (int i = 0; i < functions; i++) {
        ObjectNode f =
            (ObjectNode)
                json.readTree(
                    ("{'apiVersion':'functions.zenith.com/v1alpha1','kind':'Function',"
                            + "'metadata':{'name':'fn-%03d','labels':{'team':'t%d'}},"
                            + "'spec':{'gitRepo':'https://github.com/myorg/fn-%03d',"
                            + "'build':{'image':'registry.example.com/fn-%03d:1'},"
                            + "'deploy':{'env':[{'name':'A','value':'b'}]}}}")
                        .formatted(i, i % 5, i, i)
                        .replace('\'', '"'));
        store.create(ResourceType.FUNCTION, f);
      }
      double createMs = (System.nanoTime() - t0) / 1e6;
      Token token = Token.forStateDir(dir);
      ServingCertificate tls = ServingCertificate.forStateDir(dir);
      try (KubeApiServer server = new KubeApiServer(store, Views.NONE, token, tls)) {
        server.start(0);
        HttpClient client = client(tls);
        String base = server.url();
        String fns = base + "/apis/functions.zenith.com/v1alpha1/namespaces/default/functions";
        String table = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
        System.out.printf(
            "%d Functions created in %.0f ms (%.2f ms each: admission + flushed write)%n",
            functions, createMs, createMs / functions);
        double floor =
            report("GET /healthz (baseline)", client, base + "/healthz", null, token, rounds, 0);
        report("GET one Function", client, fns + "/fn-100", null, token, rounds, floor);
        report("LIST Functions (JSON)", client, fns, null, token, rounds / 10, floor);
        report(
            "LIST Functions (Table)", client, fns + "?limit=500", table, token, rounds / 10, floor);
        report(
            "LIST by label (JSON)",
            client,
            fns + "?labelSelector=team%3Dt1",
            null,
            token,
            rounds / 10,
            floor);
      }
    }
  }

  private static double report(
      String what, HttpClient c, String url, String accept, Token token, int n, double floor)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token.value());
    if (accept != null) {
      b.header("Accept", accept);
    }
    HttpRequest req = b.build();
    for (int i = 0; i < Math.max(50, n / 5); i++) {
      c.send(req, HttpResponse.BodyHandlers.ofByteArray());
    }
    long[] ns = new long[n];
    long bytes = 0;
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      HttpResponse<byte[]> r = c.send(req, HttpResponse.BodyHandlers.ofByteArray());
      ns[i] = System.nanoTime() - s;
      if (r.statusCode() != 200) {
        throw new IllegalStateException(what + " answered " + r.statusCode());
      }
      bytes = r.body().length;
    }
    Arrays.sort(ns);
    double p50 = ns[n / 2] / 1e6;
    double p99 = ns[(int) (n * 0.99)] / 1e6;
    System.out.printf(
        "%-26s n=%-5d p50 %6.2f ms  p99 %6.2f ms  %7d bytes%s%n",
        what,
        n,
        p50,
        p99,
        bytes,
        floor > 0 ? String.format("  p50 / baseline %.1f", p50 / floor) : "");
    return p50;
  }

  private static HttpClient client(ServingCertificate tls) {
    return HttpClient.newBuilder()
        .sslContext(tls.clientContext())
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }
}
