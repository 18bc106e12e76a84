package com.zenith.functions.local.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.local.store.ResourceType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw watches and lists, as client libraries make them. */
class KubeApiWatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void aWatchFromBeforeARestartGetsOneExpiredErrorEvent() throws Exception {
    try (KubeTestSupport api = new KubeTestSupport(dir)) {
      api.store.create(ResourceType.SECRET, KubeTestSupport.json("{'metadata':{'name':'a'}}"));
    }
    try (KubeTestSupport api = new KubeTestSupport(dir)) {
      var r =
          api.raw(
              "GET", "/api/v1/namespaces/default/secrets?watch=true&resourceVersion=1", null, null);
      assertThat(r.statusCode()).isEqualTo(200);
      List<String> lines = r.body().lines().toList();
      assertThat(lines).hasSize(1);
      JsonNode e = JSON.readTree(lines.get(0));
      assertThat(e.path("type").asText()).isEqualTo("ERROR");
      assertThat(e.at("/object/code").asInt()).isEqualTo(410);
      assertThat(e.at("/object/reason").asText()).isEqualTo("Expired");
    }
  }

  @Test
  void aWatchFiltersByFieldAndEndsAfterItsTimeout() throws Exception {
    try (KubeTestSupport api = new KubeTestSupport(dir)) {
      api.store.create(ResourceType.SECRET, KubeTestSupport.json("{'metadata':{'name':'a'}}"));
      api.store.create(
          ResourceType.SECRET, KubeTestSupport.json("{'metadata':{'name':'b','namespace':'x'}}"));
      var r =
          api.raw(
              "GET",
              "/api/v1/secrets?watch=1&timeoutSeconds=1&fieldSelector=metadata.namespace%3Dx",
              null,
              null);
      List<String> lines = r.body().lines().toList();
      assertThat(lines).hasSize(1);
      assertThat(JSON.readTree(lines.get(0)).at("/object/metadata/name").asText()).isEqualTo("b");

      var all = JSON.readTree(api.raw("GET", "/api/v1/secrets", null, null).body());
      assertThat(all.path("kind").asText()).isEqualTo("SecretList");
      assertThat(all.path("items")).hasSize(2);
      var fns =
          JSON.readTree(
              api.raw("GET", "/apis/functions.zenith.com/v1alpha1/functions", null, null).body());
      assertThat(fns.path("kind").asText()).isEqualTo("FunctionList");
      assertThat(fns.at("/metadata/resourceVersion").asText())
          .isEqualTo(api.store.resourceVersion());
    }
  }
}
