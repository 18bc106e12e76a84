package com.zenith.functions.local.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.local.store.ResourceType;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fabric8 client, configured from the engine's kubeconfig, informs on Functions. */
class Fabric8InformerTest {
  @TempDir Path dir;

  @Test
  void anInformerSeesAddUpdateAndDelete() throws Exception {
    try (KubeTestSupport api = new KubeTestSupport(dir);
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(api.kubeconfig)))
                .build()) {
      api.store.create(ResourceType.FUNCTION, fn("before", "img:1"));
      List<String> seen = new CopyOnWriteArrayList<>();
      SharedIndexInformer<Function> informer =
          client
              .resources(Function.class)
              .inNamespace("default")
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Function f) {
                      seen.add("add " + f.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(Function old, Function now) {
                      if (!old.getMetadata()
                          .getResourceVersion()
                          .equals(now.getMetadata().getResourceVersion())) {
                        seen.add(
                            "update "
                                + now.getMetadata().getName()
                                + " "
                                + now.getSpec().build().image());
                      }
                    }

                    @Override
                    public void onDelete(Function f, boolean unknownFinalState) {
                      seen.add("delete " + f.getMetadata().getName());
                    }
                  });
      try {
        await(seen, "add before");
        api.store.create(ResourceType.FUNCTION, fn("after", "img:1"));
        await(seen, "add after");
        api.store.update(ResourceType.FUNCTION, fn("after", "img:2"));
        await(seen, "update after img:2");
        api.store.delete(ResourceType.FUNCTION, "default", "before");
        await(seen, "delete before");
        assertThat(seen)
            .containsSubsequence("add before", "add after", "update after img:2", "delete before");
        assertThat(informer.getStore().list())
            .extracting(f -> f.getMetadata().getName())
            .containsExactly("after");
        // And the client reads through the same API.
        assertThat(
                client
                    .resources(Function.class)
                    .inNamespace("default")
                    .withName("after")
                    .get()
                    .getSpec()
                    .build()
                    .image())
            .isEqualTo("img:2");
      } finally {
        informer.close();
      }
    }
  }

  private static ObjectNode fn(String name, String image) {
    return KubeTestSupport.json(
        "{'apiVersion':'functions.zenith.com/v1alpha1','kind':'Function','metadata':{'name':'"
            + name
            + "'},'spec':{'gitRepo':'https://github.com/myorg/"
            + name
            + "','build':{'image':'"
            + image
            + "'},'deploy':{}}}");
  }

  private static void await(List<String> seen, String event) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!seen.contains(event) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(seen).contains(event);
  }
}
