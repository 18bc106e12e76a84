package com.zenith.functions.local.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PersistentStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PersistentStore store = PersistentStore.inMemory(Admission.NONE);

  static ObjectNode json(String s) {
    try {
      return (ObjectNode) JSON.readTree(s.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ObjectNode fn(String name, String image) {
    return json(
        "{'apiVersion':'functions.zenith.com/v1alpha1','kind':'Function','metadata':{'name':'"
            + name
            + "'},'spec':{'build':{'image':'"
            + image
            + "'}}}");
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  @Test
  void createSetsServerMetadataAndDefaultsTheNamespace() throws Exception {
    ObjectNode f = store.create(ResourceType.FUNCTION, fn("a", "img:1"));
    var meta = f.get("metadata");
    assertThat(meta.get("namespace").asText()).isEqualTo("default");
    assertThat(meta.get("uid").asText()).matches("[0-9a-f-]{36}");
    assertThat(meta.get("creationTimestamp").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(meta.get("resourceVersion").asText()).matches("\\d+");
    assertThat(meta.get("generation").asLong()).isEqualTo(1);
    assertThat(store.resourceVersion()).isEqualTo(meta.get("resourceVersion").asText());

    ObjectNode s =
        store.create(ResourceType.SECRET, json("{'metadata':{'name':'s'},'data':{'k':'dg=='}}"));
    assertThat(s.get("metadata").has("generation")).isFalse();
    assertThat(s.get("kind").asText()).isEqualTo("Secret");
    assertThatThrownBy(() -> store.create(ResourceType.FUNCTION, fn("a", "img:1")))
        .hasFieldOrPropertyWithValue("reason", "AlreadyExists");
  }

  @Test
  void generationMovesOnSpecChangeOnlyAndStatusOnlyThroughUpdateStatus() throws Exception {
    ObjectNode withStatus = fn("a", "img:1");
    withStatus.putObject("status").put("url", "ignored");
    ObjectNode f = store.create(ResourceType.FUNCTION, withStatus);
    assertThat(f.has("status")).isFalse();

    ObjectNode labelled = f.deepCopy();
    ((ObjectNode) labelled.get("metadata")).putObject("labels").put("team", "x");
    ObjectNode l = store.update(ResourceType.FUNCTION, labelled);
    assertThat(l.at("/metadata/generation").asLong()).isEqualTo(1);
    assertThat(l.at("/metadata/labels/team").asText()).isEqualTo("x");

    ObjectNode st = l.deepCopy();
    st.putObject("status").put("url", "http://a.default.svc.cluster.local");
    ObjectNode s = store.updateStatus(ResourceType.FUNCTION, st);
    assertThat(s.at("/status/url").asText()).isEqualTo("http://a.default.svc.cluster.local");
    assertThat(s.at("/metadata/generation").asLong()).isEqualTo(1);

    ObjectNode changed = s.deepCopy();
    ((ObjectNode) changed.at("/spec/build")).put("image", "img:2");
    changed.putObject("status").put("url", "overwritten?");
    ObjectNode c = store.update(ResourceType.FUNCTION, changed);
    assertThat(c.at("/metadata/generation").asLong()).isEqualTo(2);
    assertThat(c.at("/status/url").asText()).isEqualTo("http://a.default.svc.cluster.local");
    assertThat(c.at("/metadata/uid")).isEqualTo(f.at("/metadata/uid"));
  }

  @Test
  void anUpdateThatChangesNothingWritesNothing() throws Exception {
    ObjectNode f = store.create(ResourceType.FUNCTION, fn("a", "img:1"));
    List<WatchEvent> seen = new CopyOnWriteArrayList<>();
    store.watch(ResourceType.FUNCTION, null, store.resourceVersion(), seen::add);
    ObjectNode same = store.update(ResourceType.FUNCTION, f);
    ObjectNode sameStatus = store.updateStatus(ResourceType.FUNCTION, f);
    assertThat(same.at("/metadata/resourceVersion")).isEqualTo(f.at("/metadata/resourceVersion"));
    assertThat(sameStatus.at("/metadata/resourceVersion"))
        .isEqualTo(f.at("/metadata/resourceVersion"));
    store.update(ResourceType.FUNCTION, fn("a", "img:2"));
    awaitSize(seen, 1);
    assertThat(seen.get(0).object().at("/spec/build/image").asText()).isEqualTo("img:2");
  }

  @Test
  void aStaleResourceVersionIsAConflict() throws Exception {
    ObjectNode f = store.create(ResourceType.FUNCTION, fn("a", "img:1"));
    store.update(ResourceType.FUNCTION, fn("a", "img:2"));
    ObjectNode stale = fn("a", "img:3");
    ((ObjectNode) stale.get("metadata"))
        .put("resourceVersion", f.at("/metadata/resourceVersion").asText());
    assertThatThrownBy(() -> store.update(ResourceType.FUNCTION, stale))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.code()).isEqualTo(409);
              assertThat(e.reason()).isEqualTo("Conflict");
            });
    assertThatThrownBy(() -> store.updateStatus(ResourceType.FUNCTION, stale))
        .hasFieldOrPropertyWithValue("reason", "Conflict");
    assertThatThrownBy(() -> store.update(ResourceType.FUNCTION, fn("nope", "img:1")))
        .hasFieldOrPropertyWithValue("code", 404);
  }

  @Test
  void finalizersHoldADeleteUntilTheLastIsRemoved() throws Exception {
    ObjectNode f = fn("a", "img:1");
    ((ObjectNode) f.get("metadata")).putArray("finalizers").add("zenith/cleanup");
    store.create(ResourceType.FUNCTION, f);
    List<WatchEvent> seen = new CopyOnWriteArrayList<>();
    store.watch(ResourceType.FUNCTION, "default", store.resourceVersion(), seen::add);

    ObjectNode marked = store.delete(ResourceType.FUNCTION, "default", "a");
    assertThat(marked.at("/metadata/deletionTimestamp").asText()).endsWith("Z");
    assertThat(store.get(ResourceType.FUNCTION, "default", "a")).isPresent();
    ObjectNode noNew = marked.deepCopy();
    ((ObjectNode) noNew.get("metadata")).putArray("finalizers").add("zenith/cleanup").add("x/y");
    assertThatThrownBy(() -> store.update(ResourceType.FUNCTION, noNew))
        .hasFieldOrPropertyWithValue("code", 422);

    ObjectNode released = marked.deepCopy();
    ((ObjectNode) released.get("metadata")).remove("finalizers");
    store.update(ResourceType.FUNCTION, released);
    assertThat(store.get(ResourceType.FUNCTION, "default", "a")).isEmpty();
    awaitSize(seen, 2);
    assertThat(seen)
        .extracting(WatchEvent::type)
        .containsExactly(WatchEvent.Type.MODIFIED, WatchEvent.Type.DELETED);
  }

  @Test
  void aWatchGetsEveryChangeInOrderAndTooOldAVersionIsGone() throws Exception {
    store.create(ResourceType.FUNCTION, fn("early", "img:1"));
    String from = store.resourceVersion();
    List<WatchEvent> all = new CopyOnWriteArrayList<>();
    store.watch(ResourceType.FUNCTION, null, "0", all::add);
    for (int i = 0; i < 50; i++) {
      store.create(ResourceType.FUNCTION, fn("f" + i, "img:1"));
    }
    store.create(ResourceType.SECRET, json("{'metadata':{'name':'not-a-function'}}"));
    List<WatchEvent> replay = new CopyOnWriteArrayList<>();
    store.watch(ResourceType.FUNCTION, null, from, replay::add);
    awaitSize(all, 51);
    awaitSize(replay, 50);
    assertThat(all.get(0).object().at("/metadata/name").asText()).isEqualTo("early");
    assertThat(replay)
        .extracting(e -> e.object().at("/metadata/resourceVersion").asLong())
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(replay).allMatch(e -> e.type() == WatchEvent.Type.ADDED);

    for (int i = 0; i < PersistentStore.HISTORY; i++) {
      store.update(ResourceType.FUNCTION, fn("early", "img:" + i));
    }
    assertThatThrownBy(() -> store.watch(ResourceType.FUNCTION, null, from, e -> {}))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(410));
  }

  @Test
  void aSlowListenerDelaysNeitherWritersNorOtherListeners() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    store.watch(
        ResourceType.FUNCTION,
        null,
        store.resourceVersion(),
        e -> {
          try {
            release.await();
          } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
          }
        });
    List<WatchEvent> fast = new CopyOnWriteArrayList<>();
    store.watch(ResourceType.FUNCTION, null, store.resourceVersion(), fast::add);
    for (int i = 0; i < 20; i++) {
      store.create(ResourceType.FUNCTION, fn("f" + i, "img:1"));
    }
    awaitSize(fast, 20);
    release.countDown();
  }

  @Test
  void concurrentUpdatersWithRetriesLoseNoWrite() throws Exception {
    store.create(ResourceType.CONFIG_MAP, json("{'metadata':{'name':'counter'},'data':{'n':'0'}}"));
    int threads = 4;
    int each = 50;
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      ts[t] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      while (true) {
                        ObjectNode c =
                            store.get(ResourceType.CONFIG_MAP, "default", "counter").orElseThrow();
                        int n = Integer.parseInt(c.at("/data/n").asText());
                        ((ObjectNode) c.get("data")).put("n", Integer.toString(n + 1));
                        try {
                          store.update(ResourceType.CONFIG_MAP, c);
                          break;
                        } catch (StoreException e) {
                          assertThat(e.reason()).isEqualTo("Conflict");
                        }
                      }
                    }
                  });
    }
    for (Thread t : ts) {
      t.join();
    }
    assertThat(
            store
                .get(ResourceType.CONFIG_MAP, "default", "counter")
                .orElseThrow()
                .at("/data/n")
                .asInt())
        .isEqualTo(threads * each);
  }

  @Test
  void admissionCanRefuseAndDefault() throws Exception {
    Admission a =
        (type, o, old) -> {
          if (o.at("/spec/build/image").asText().isEmpty()) {
            throw StoreException.invalid(
                type, "x", List.of(new StoreException.Cause("spec.build.image", "Required")));
          }
          ((ObjectNode) o.get("spec")).put("gitRevision", "main");
        };
    try (PersistentStore s = PersistentStore.inMemory(a)) {
      assertThat(s.create(ResourceType.FUNCTION, fn("a", "img:1")).at("/spec/gitRevision").asText())
          .isEqualTo("main");
      assertThatThrownBy(() -> s.create(ResourceType.FUNCTION, fn("b", "")))
          .hasMessageContaining("spec.build.image: Required");
      assertThat(s.get(ResourceType.FUNCTION, "default", "b")).isEmpty();
    }
  }

  @Test
  void readOnlyViewsCannotBeWritten() {
    assertThatThrownBy(() -> store.create(ResourceType.POD, json("{'metadata':{'name':'p'}}")))
        .hasFieldOrPropertyWithValue("code", 405);
  }

  @Test
  void theDefaultNamespaceExistsAndNamespacesAreClusterScoped() throws Exception {
    assertThat(
            store
                .get(ResourceType.NAMESPACE, null, "default")
                .orElseThrow()
                .at("/status/phase")
                .asText())
        .isEqualTo("Active");
    ObjectNode ns =
        store.create(ResourceType.NAMESPACE, json("{'metadata':{'name':'p','namespace':'x'}}"));
    assertThat(ns.get("metadata").has("namespace")).isFalse();
    assertThat(store.list(ResourceType.NAMESPACE, null))
        .extracting(o -> o.at("/metadata/name").asText())
        .containsExactly("default", "p");
  }

  static void awaitSize(List<?> list, int size) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (list.size() < size && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(list).hasSize(size);
  }
}
