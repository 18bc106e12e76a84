package com.zenith.functions.operator.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's indexed mock-server store answers what the stock one answers: the same requests
 * against both give the same objects, versions, conflicts and not-founds.
 */
class NameIndexedCrudDispatcherTest {

  @Test
  void answersTheSameAsTheStockDispatcherForCreateGetPatchUpdateDeleteAndList() {
    assertThat(script(new NameIndexedCrudDispatcher()))
        .isEqualTo(script(new KubernetesCrudDispatcher()));
  }

  /** A run of named and unnamed requests; what each returned, as text. */
  private static List<String> script(KubernetesCrudDispatcher dispatcher) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    List<String> seen = new ArrayList<>();
    try (KubernetesClient client = server.createClient()) {
      for (String ns : List.of("a", "b")) {
        for (String name : List.of("one", "two")) {
          client.resource(configMap(ns, name, "v0")).create();
        }
      }
      var a = client.configMaps().inNamespace("a");
      seen.add(describe(a.withName("one").get()));
      seen.add(describe(client.configMaps().inNamespace("b").withName("one").get()));
      seen.add(String.valueOf(a.withName("missing").get()));
      seen.add(outcome(() -> client.resource(configMap("a", "one", "again")).create()));
      seen.add(describe(a.withName("one").edit(c -> withData(c, "v1"))));
      seen.add(describe(a.withName("one").edit(c -> withLabel(c, "moved"))));
      seen.add(describe(a.withName("one").get()));
      seen.add(describe(a.withLabel("state", "moved").list().getItems().get(0)));
      ConfigMap stale = a.withName("two").get();
      a.withName("two").edit(c -> withData(c, "v2"));
      seen.add(outcome(() -> client.resource(withData(stale, "stale")).update()));
      seen.add(String.valueOf(a.withName("two").delete().size()));
      seen.add(String.valueOf(a.withName("two").get()));
      seen.add(outcome(() -> a.withName("two").edit(c -> withData(c, "gone"))));
      seen.add(describe(client.resource(configMap("a", "two", "back")).create()));
      client.configMaps().inAnyNamespace().list().getItems().stream()
          .map(NameIndexedCrudDispatcherTest::describe)
          .sorted()
          .forEach(seen::add);
    } finally {
      server.destroy();
    }
    return seen;
  }

  private static ConfigMap configMap(String ns, String name, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .addToData("k", value)
        .build();
  }

  private static ConfigMap withData(ConfigMap c, String value) {
    c.setData(Map.of("k", value));
    return c;
  }

  private static ConfigMap withLabel(ConfigMap c, String value) {
    c.getMetadata().setLabels(Map.of("state", value));
    return c;
  }

  private static String describe(ConfigMap c) {
    return c == null
        ? "null"
        : c.getMetadata().getNamespace()
            + "/"
            + c.getMetadata().getName()
            + " rv="
            + c.getMetadata().getResourceVersion()
            + " labels="
            + c.getMetadata().getLabels()
            + " data="
            + c.getData();
  }

  private static String outcome(Runnable request) {
    try {
      request.run();
      return "ok";
    } catch (KubernetesClientException e) {
      return "HTTP " + e.getCode();
    }
  }
}
