package com.zenith.functions.local.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.local.store.ResourceType;
import com.zenith.functions.local.store.Views;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in for the realizer's views: Pods and Knative Services the test sets, and their logs. */
final class FakeViews implements Views {
  final List<ObjectNode> pods = new CopyOnWriteArrayList<>();
  final List<ObjectNode> services = new CopyOnWriteArrayList<>();
  final Map<String, List<String>> logs = new ConcurrentHashMap<>();
  final List<LogRequest> requests = new CopyOnWriteArrayList<>();

  /** Where a followed log's further lines are written. */
  final Map<String, PipedOutputStream> followers = new ConcurrentHashMap<>();

  /** Adds a running Pod of function {@code fn}, with {@code lines} of log. */
  void pod(String ns, String fn, String name, List<String> lines) {
    ObjectNode p =
        KubeTestSupport.json(
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'"
                + name
                + "','namespace':'"
                + ns
                + "','resourceVersion':'1','creationTimestamp':'2025-01-01T00:00:00Z',"
                + "'labels':{'serving.knative.dev/service':'"
                + fn
                + "'}},'spec':{'containers':[{'name':'user-container'}]},"
                + "'status':{'phase':'Running','containerStatuses':[{'name':'user-container',"
                + "'ready':true,'restartCount':2}]}}");
    pods.add(p);
    logs.put(ns + "/" + name, lines);
  }

  @Override
  public List<ObjectNode> list(ResourceType type, String namespace) {
    List<ObjectNode> src = type.equals(ResourceType.POD) ? pods : services;
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode o : src) {
      if (namespace == null || o.at("/metadata/namespace").asText().equals(namespace)) {
        out.add(o.deepCopy());
      }
    }
    return out;
  }

  @Override
  public Optional<InputStream> log(String namespace, String pod, LogRequest request)
      throws IOException {
    requests.add(request);
    List<String> lines = logs.get(namespace + "/" + pod);
    if (lines == null) {
      return Optional.empty();
    }
    List<String> shown =
        request.tailLines() == null
            ? lines
            : lines.subList(Math.max(0, lines.size() - request.tailLines()), lines.size());
    byte[] head =
        (String.join("\n", shown) + (shown.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8);
    if (!request.follow()) {
      return Optional.of(new ByteArrayInputStream(head));
    }
    PipedInputStream in = new PipedInputStream(64 * 1024);
    PipedOutputStream out = new PipedOutputStream(in);
    out.write(head);
    out.flush();
    followers.put(namespace + "/" + pod, out);
    return Optional.of(in);
  }
}
