package com.zenith.functions.local.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.local.store.ResourceType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl on Secrets, ConfigMaps, Namespaces and the read-only Pod and Knative Service views. */
class KubectlCoreTypesTest {
  @TempDir static Path dir;
  static KubeTestSupport api;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(KubeTestSupport.KUBECTL),
        "kubectl v1.32 is not installed at /usr/bin/kubectl");
    api = new KubeTestSupport(dir);
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      lines.add("tp log line " + i);
    }
    api.views.pod(
        "default", "transaction-processor", "transaction-processor-00001-deployment-7d9f", lines);
    api.views.pod(
        "default", "audit-logger", "audit-logger-00001-deployment-1a2b", List.of("audit"));
    api.views.services.add(
        KubeTestSupport.json(
            "{'apiVersion':'serving.knative.dev/v1','kind':'Service','metadata':{'name':"
                + "'transaction-processor','namespace':'default','resourceVersion':'1'},"
                + "'status':{'url':'http://transaction-processor.default.svc.cluster.local',"
                + "'latestCreatedRevisionName':'transaction-processor-00001',"
                + "'latestReadyRevisionName':'transaction-processor-00001',"
                + "'conditions':[{'type':'Ready','status':'True'}]}}"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void createSecretFromLiteralIsStoredBase64AndShownAsYaml() throws Exception {
    var r =
        api.kubectl("create", "secret", "generic", "db-creds", "--from-literal=password=s3cret");
    assertThat(r.exit()).as(r.toString()).isZero();
    var y = api.kubectl("get", "secret", "db-creds", "-o", "yaml");
    assertThat(y.out())
        .contains("password: czNjcmV0") // base64 of s3cret
        .contains("type: Opaque")
        .contains("kind: Secret");
    var table = api.kubectl("get", "secrets");
    assertThat(table.out()).containsPattern("NAME\\s+TYPE\\s+DATA\\s+AGE");
    assertThat(table.out()).containsPattern("db-creds\\s+Opaque\\s+1\\s+");
  }

  @Test
  void secretsWithStringDataAreFoldedAndNonBase64DataRefused() throws Exception {
    Path ok = dir.resolve("s.yaml");
    Files.writeString(
        ok, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: plain\nstringData:\n  token: abc\n");
    var r = api.kubectl("apply", "-f", ok.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    var s = api.store.get(ResourceType.SECRET, "default", "plain").orElseThrow();
    assertThat(s.at("/data/token").asText()).isEqualTo("YWJj");
    assertThat(s.has("stringData")).isFalse();

    Path bad = dir.resolve("bad-secret.yaml");
    Files.writeString(
        bad, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: bad\ndata:\n  k: not base64!\n");
    var b = api.kubectl("apply", "-f", bad.toString());
    assertThat(b.exit()).isNotZero();
    assertThat(b.err()).contains("data[k]").contains("base64").doesNotContain("not base64!");
  }

  @Test
  void configMapsAndNamespacesAreServed() throws Exception {
    assertThat(api.kubectl("create", "configmap", "settings", "--from-literal=a=b").exit())
        .isZero();
    assertThat(api.kubectl("create", "namespace", "payments").exit()).isZero();
    var cm = api.kubectl("get", "cm", "settings", "-o", "jsonpath={.data.a}");
    assertThat(cm.out()).isEqualTo("b");
    var ns = api.kubectl("get", "ns");
    assertThat(ns.out()).containsPattern("default\\s+Active").containsPattern("payments\\s+Active");
  }

  @Test
  void podsOfAFunctionAreListedByLabelWithTheirColumns() throws Exception {
    var r = api.kubectl("get", "pods", "-l", "serving.knative.dev/service=transaction-processor");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE");
    assertThat(r.out())
        .containsPattern("transaction-processor-00001-deployment-7d9f\\s+1/1\\s+Running\\s+2\\s+")
        .doesNotContain("audit-logger");
    var del = api.kubectl("delete", "pod", "audit-logger-00001-deployment-1a2b");
    assertThat(del.exit()).isNotZero();
    assertThat(del.err()).contains("MethodNotAllowed").containsIgnoringCase("read-only");
  }

  @Test
  void logsByLabelGiveTheTail() throws Exception {
    var r =
        api.kubectl("logs", "-l", "serving.knative.dev/service=transaction-processor", "--tail=20");
    assertThat(r.exit()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(20).startsWith("tp log line 11").endsWith("tp log line 30");
    assertThat(api.views.requests).anyMatch(q -> Integer.valueOf(20).equals(q.tailLines()));
  }

  @Test
  void logsFollowStreamsNewLines() throws Exception {
    String pod = "transaction-processor-00001-deployment-7d9f";
    Process p = api.kubectl.start("logs", "-f", "--tail=1", pod);
    try {
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      var reader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      p.getInputStream().transferTo(seen);
                    } catch (java.io.IOException e) {
                      // the process was stopped
                    }
                  });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (api.views.followers.get("default/" + pod) == null && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      var out = api.views.followers.get("default/" + pod);
      assertThat(out).as("kubectl logs -f asked to follow").isNotNull();
      out.write("a new line\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (!seen.toString(StandardCharsets.UTF_8).contains("a new line")
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(seen.toString(StandardCharsets.UTF_8)).contains("tp log line 30", "a new line");
      out.close(); // the instance stops: the stream ends, and so does kubectl
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      reader.join();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void knativeServicesAreShownWithTheirColumns() throws Exception {
    var r = api.kubectl("get", "ksvc");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .containsPattern("NAME\\s+URL\\s+LATESTCREATED\\s+LATESTREADY\\s+READY\\s+REASON")
        .containsPattern(
            "transaction-processor\\s+http://transaction-processor.default.svc.cluster.local\\s+"
                + "transaction-processor-00001\\s+transaction-processor-00001\\s+True");
    var one = api.kubectl("get", "ksvc", "transaction-processor", "-o", "json");
    assertThat(new ObjectMapper().readTree(one.out()).at("/status/url").asText())
        .endsWith(".svc.cluster.local");
  }

  @Test
  void anUnknownResourceTypeIsReportedAsKubectlExpects() throws Exception {
    var r = api.kubectl("get", "deployments");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("the server doesn't have a resource type \"deployments\"");
  }
}
