package com.zenith.functions.local.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.v1alpha1.Condition;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.local.status.FunctionState;
import com.zenith.functions.local.store.ResourceType;
import com.zenith.functions.local.store.Store;
import com.zenith.functions.local.store.StoreException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a function's state into its status subresource, and a v1 Event when its Ready condition
 * changes status or reason, as the operator does in a cluster.
 */
final class StatusWriter {
  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The component named as the source of events. */
  static final String COMPONENT = "zenith-dev";

  private final Store store;
  private final BiConsumer<FunctionState, Condition> onReadyChange;
  private final Map<String, String> lastReady = new ConcurrentHashMap<>();

  StatusWriter(Store store, BiConsumer<FunctionState, Condition> onReadyChange) {
    this.store = store;
    this.onReadyChange = onReadyChange;
  }

  /** Writes the state's status now (serialized per function: the latest state wins). */
  void write(FunctionState state) {
    synchronized (state) {
      String key = state.namespace() + "/" + state.name();
      ObjectNode obj = JSON.createObjectNode();
      obj.put("apiVersion", Function.API_VERSION).put("kind", Function.KIND);
      obj.putObject("metadata").put("name", state.name()).put("namespace", state.namespace());
      obj.set("status", JSON.valueToTree(state.status()));
      ObjectNode stored;
      try {
        stored = store.updateStatus(ResourceType.FUNCTION, obj);
      } catch (StoreException e) {
        return; // deleted meanwhile: nothing to report on
      }
      Condition ready = state.ready();
      String meaning = ready.status() + "/" + ready.reason();
      if (!meaning.equals(lastReady.put(key, meaning))) {
        event(stored, ready);
        onReadyChange.accept(state, ready);
      }
    }
  }

  /** Forgets a deleted function. */
  void forget(String key) {
    lastReady.remove(key);
  }

  private void event(ObjectNode fn, Condition ready) {
    var meta = fn.path("metadata");
    String ns = meta.path("namespace").asText();
    String name = meta.path("name").asText();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode ev = JSON.createObjectNode();
    ev.put("apiVersion", "v1").put("kind", "Event");
    ev.putObject("metadata")
        .put("name", name + "." + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT))
        .put("namespace", ns);
    ev.putObject("involvedObject")
        .put("apiVersion", Function.API_VERSION)
        .put("kind", Function.KIND)
        .put("name", name)
        .put("namespace", ns)
        .put("uid", meta.path("uid").asText())
        .put("resourceVersion", meta.path("resourceVersion").asText());
    ev.put("type", ConditionStatus.FALSE.equals(ready.status()) ? "Warning" : "Normal")
        .put("reason", ready.reason())
        .put("message", ready.message() == null ? "" : ready.message())
        .put("firstTimestamp", now)
        .put("lastTimestamp", now)
        .put("count", 1);
    ev.putObject("source").put("component", COMPONENT);
    try {
      store.create(ResourceType.EVENT, ev);
    } catch (StoreException e) {
      LOG.warn(
          "event not recorded function={}/{} reason={}: {}",
          ns,
          name,
          ready.reason(),
          e.getMessage());
    }
  }
}
