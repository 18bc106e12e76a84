package com.zenith.functions.local.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The read-only objects the engine derives from what runs (the realizer's view): a v1 Pod per
 * running function instance, a serving.knative.dev/v1 Service per Function, and the log of each
 * Pod. The API serves them as kubectl expects; nothing writes them.
 */
public interface Views {
  /**
   * The objects of a read-only type ({@link ResourceType#POD} or {@link
   * ResourceType#KNATIVE_SERVICE}) in {@code namespace} (null: every namespace), in the Kubernetes
   * JSON form, each with a resourceVersion.
   */
  List<ObjectNode> list(ResourceType type, String namespace);

  /** What {@code GET .../pods/NAME/log} asks for. */
  record LogRequest(Integer tailLines, boolean follow, boolean previous, Long sinceSeconds) {}

  /**
   * The log of a Pod's user-container: its lines as bytes (each ending in a newline); with follow,
   * the stream stays open and yields new lines until the instance stops or the stream is closed.
   * Empty when there is no such Pod. Reading may block: call it off event-loop threads.
   */
  Optional<InputStream> log(String namespace, String pod, LogRequest request) throws IOException;

  /** No views: for an engine that runs nothing (and for tests of the store alone). */
  Views NONE =
      new Views() {
        @Override
        public List<ObjectNode> list(ResourceType type, String namespace) {
          return List.of();
        }

        @Override
        public Optional<InputStream> log(String namespace, String pod, LogRequest request) {
          return Optional.empty();
        }
      };
}
