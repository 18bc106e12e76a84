package com.zenith.functions.local.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.local.store.ResourceType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's kubectl commands on Functions, with the real kubectl, against the engine's API. */
class KubectlFunctionsTest {
  @TempDir static Path dir;
  static KubeTestSupport api;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(KubeTestSupport.KUBECTL),
        "kubectl v1.32 is not installed at /usr/bin/kubectl");
    api = new KubeTestSupport(dir);
    var r = api.kubectl("apply", "-f", KubeTestSupport.seedDir().toString());
    assertThat(r.exit()).as(r.toString()).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void getFunctionsShowsThePrinterColumnsAndWideAddsTheImage() throws Exception {
    var r = api.kubectl("get", "functions");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out().lines().findFirst().orElseThrow())
        .matches("NAME\\s+READY\\s+REASON\\s+URL\\s+AGE\\s*");
    assertThat(r.out()).contains("audit-logger", "balance-manager", "transaction-processor");

    var wide = api.kubectl("get", "fn", "-o", "wide");
    assertThat(wide.out().lines().findFirst().orElseThrow())
        .matches("NAME\\s+READY\\s+REASON\\s+URL\\s+IMAGE\\s+AGE\\s*");
  }

  @Test
  void aStatusWrittenByTheEngineIsWhatKubectlReads() throws Exception {
    ObjectNode f =
        api.store.get(ResourceType.FUNCTION, "default", "transaction-processor").orElseThrow();
    f.set(
        "status",
        KubeTestSupport.json(
            "{'url':'http://transaction-processor.default.svc.cluster.local',"
                + "'imageDigest':'registry.example.com/tp@sha256:"
                + "a".repeat(64)
                + "',"
                + "'conditions':[{'type':'Ready','status':'False','reason':'BuildFailed',"
                + "'message':'The build failed.','lastTransitionTime':'2025-01-01T00:00:00Z'}]}"));
    api.store.updateStatus(ResourceType.FUNCTION, f);
    var r = api.kubectl("get", "function", "transaction-processor", "-o", "jsonpath={.status.url}");
    assertThat(r.out()).isEqualTo("http://transaction-processor.default.svc.cluster.local");
    var row = api.kubectl("get", "fn", "transaction-processor", "-o", "wide", "--no-headers");
    assertThat(row.out())
        .containsPattern(
            "transaction-processor\\s+False\\s+BuildFailed\\s+http://transaction-processor\\S+\\s+"
                + "registry.example.com/tp@sha256:a+\\s+\\d+s");
  }

  @Test
  void kubectlWaitEndsWhenTheEngineWritesReadyAndTimesOutOtherwise() throws Exception {
    var waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return api.kubectl(
                    "wait", "--for=condition=Ready", "function/balance-manager", "--timeout=30s");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(1500); // let kubectl get to its watch; it also passes if it sees Ready at once
    ObjectNode f = api.store.get(ResourceType.FUNCTION, "default", "balance-manager").orElseThrow();
    f.set(
        "status",
        KubeTestSupport.json(
            "{'observedGeneration':1,'conditions':[{'type':'Ready','status':'True','reason':'Ready',"
                + "'lastTransitionTime':'2025-01-01T00:00:00Z'}]}"));
    api.store.updateStatus(ResourceType.FUNCTION, f);
    var r = waiting.get();
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("function.functions.zenith.com/balance-manager condition met");

    var never = api.kubectl("wait", "--for=condition=Ready", "fn/audit-logger", "--timeout=2s");
    assertThat(never.exit()).isNotZero();
    assertThat(never.err()).contains("timed out waiting for the condition");
  }

  @Test
  void explainPrintsTheCrdFieldDescriptions() throws Exception {
    var r = api.kubectl("explain", "function.spec.deploy");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("KIND:       Function")
        .contains("How the function runs")
        .contains("visibility");
  }

  @Test
  void anInvalidFunctionIsRefusedNamingTheFields() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        apiVersion: functions.zenith.com/v1alpha1
        kind: Function
        metadata:
          name: bad-fn
        spec:
          gitRepo: https://github.com/myorg/x
          build:
            image: "Not An Image!"
          deploy:
            bogus: 1
        """);
    var r = api.kubectl("apply", "-f", bad.toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err())
        .contains("The Function \"bad-fn\" is invalid")
        .contains("spec.build.image")
        .contains("spec.deploy.bogus");
    assertThat(api.store.get(ResourceType.FUNCTION, "default", "bad-fn")).isEmpty();
  }

  @Test
  void deleteRemovesTheFunction() throws Exception {
    apply("to-delete", "img:1");
    var r = api.kubectl("delete", "function", "to-delete");
    assertThat(r.out()).contains("function.functions.zenith.com \"to-delete\" deleted");
    assertThat(api.store.get(ResourceType.FUNCTION, "default", "to-delete")).isEmpty();
    var again = api.kubectl("get", "fn", "to-delete");
    assertThat(again.err()).contains("NotFound").contains("\"to-delete\" not found");
  }

  @Test
  void serverSideApplyCreatesThenUpdatesAndDefaultsAreStored() throws Exception {
    Path f = manifest("ssa", "registry.example.com/ssa:1");
    var r = api.kubectl("apply", "--server-side", "-f", f.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("serverside-applied");
    var r2 =
        api.kubectl(
            "apply",
            "--server-side",
            "--force-conflicts",
            "-f",
            manifest("ssa", "registry.example.com/ssa:2").toString());
    assertThat(r2.exit()).as(r2.toString()).isZero();
    ObjectNode stored = api.store.get(ResourceType.FUNCTION, "default", "ssa").orElseThrow();
    assertThat(stored.at("/spec/build/image").asText()).isEqualTo("registry.example.com/ssa:2");
    assertThat(stored.at("/spec/gitRevision").asText()).isEqualTo("main");
    assertThat(stored.at("/spec/deploy/visibility").asText()).isEqualTo("cluster-local");
    assertThat(stored.at("/metadata/generation").asInt()).isEqualTo(2);
  }

  @Test
  void mergeAndJsonPatchesApply() throws Exception {
    apply("patched", "img:1");
    var m =
        api.kubectl(
            "patch",
            "fn",
            "patched",
            "--type=merge",
            "-p",
            "{\"metadata\":{\"labels\":{\"team\":\"payments\"}}}");
    assertThat(m.exit()).as(m.toString()).isZero();
    var j =
        api.kubectl(
            "patch",
            "fn",
            "patched",
            "--type=json",
            "-p",
            "[{\"op\":\"replace\",\"path\":\"/spec/build/image\",\"value\":\"img:2\"}]");
    assertThat(j.exit()).as(j.toString()).isZero();
    var r =
        api.kubectl(
            "get",
            "fn",
            "patched",
            "-o",
            "jsonpath={.metadata.labels.team} {.spec.build.image} {.metadata.generation}");
    assertThat(r.out()).isEqualTo("payments img:2 2");
    var refused =
        api.kubectl(
            "patch",
            "fn",
            "patched",
            "--type=merge",
            "-p",
            "{\"spec\":{\"build\":{\"image\":\"Bad!\"}}}");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("spec.build.image");
  }

  @Test
  void replaceOfAnEditedObjectWorksAndAStaleOneIsAConflict() throws Exception {
    apply("edited", "img:1");
    var got = api.kubectl("get", "fn", "edited", "-o", "json");
    ObjectNode o = (ObjectNode) new ObjectMapper().readTree(got.out());
    ((ObjectNode) o.at("/spec/build")).put("image", "img:edited");
    var r = api.kubectlWithInput(o.toString(), "replace", "-f", "-");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(
            api.store
                .get(ResourceType.FUNCTION, "default", "edited")
                .orElseThrow()
                .at("/spec/build/image")
                .asText())
        .isEqualTo("img:edited");

    // o still carries the resourceVersion before the replace: a raw PUT of it is stale.
    var stale =
        api.raw(
            "PUT",
            "/apis/functions.zenith.com/v1alpha1/namespaces/default/functions/edited",
            "application/json",
            o.toString());
    assertThat(stale.statusCode()).isEqualTo(409);
    var status = new ObjectMapper().readTree(stale.body());
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("reason").asText()).isEqualTo("Conflict");
  }

  private static void apply(String name, String image) throws Exception {
    var r = api.kubectl("apply", "-f", manifest(name, image).toString());
    assertThat(r.exit()).as(r.toString()).isZero();
  }

  private static Path manifest(String name, String image) throws Exception {
    Path f = dir.resolve(name + "-" + image.replaceAll("[^a-z0-9]", "") + ".yaml");
    Files.writeString(
        f,
        """
        apiVersion: functions.zenith.com/v1alpha1
        kind: Function
        metadata:
          name: %s
        spec:
          gitRepo: https://github.com/myorg/%s
          build:
            image: %s
          deploy: {}
        """
            .formatted(name, name, image));
    return f;
  }
}
