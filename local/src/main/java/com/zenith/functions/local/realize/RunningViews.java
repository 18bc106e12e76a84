package com.zenith.functions.local.realize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.api.v1alpha1.FunctionStatus;
import com.zenith.functions.local.store.ResourceType;
import com.zenith.functions.local.store.Views;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The realizer's {@link Views}: a Pod per instance and a Knative Service per Function, built from
 * the runners' snapshots, and each Pod's log from its log file.
 */
public final class RunningViews implements Views {
  private final Realizer realizer;
  private final Function<String, FunctionStatus> statuses;
  private final Set<String> inherited;

  /**
   * Views over {@code realizer}; {@code statuses} gives a Function's status by namespace/name, and
   * {@code inherited} names the variables every process inherits (never shown).
   */
  public RunningViews(
      Realizer realizer, Function<String, FunctionStatus> statuses, Set<String> inherited) {
    this.realizer = realizer;
    this.statuses = statuses;
    this.inherited = inherited;
  }

  @Override
  public List<ObjectNode> list(ResourceType type, String namespace) {
    List<ObjectNode> out = new ArrayList<>();
    for (Map.Entry<String, FunctionRunner> e : realizer.runners().entrySet()) {
      String ns = e.getKey().substring(0, e.getKey().indexOf('/'));
      if (namespace != null && !namespace.equals(ns)) {
        continue;
      }
      List<FunctionRunner.InstanceView> instances = e.getValue().instances();
      if (type == ResourceType.POD) {
        for (var i : instances) {
          out.add(PodView.pod(ns, i, inherited));
        }
      } else if (type == ResourceType.KNATIVE_SERVICE && !instances.isEmpty()) {
        out.add(
            PodView.knativeService(instances.get(0).fn(), statuses.apply(e.getKey()), instances));
      }
    }
    return out;
  }

  @Override
  public Optional<InputStream> log(String namespace, String pod, LogRequest request)
      throws IOException {
    for (Map.Entry<String, FunctionRunner> e : realizer.runners().entrySet()) {
      if (!e.getKey().startsWith(namespace + "/")) {
        continue;
      }
      for (var i : e.getValue().instances()) {
        if (i.pod().equals(pod)) {
          return Optional.of(open(e.getValue(), i, request));
        }
      }
    }
    return Optional.empty();
  }

  private static InputStream open(
      FunctionRunner runner, FunctionRunner.InstanceView i, LogRequest request) throws IOException {
    Path file = request.previous() ? i.previousLog() : i.log();
    if (!Files.exists(file)) {
      return InputStream.nullInputStream();
    }
    if (request.sinceSeconds() != null
        && Files.getLastModifiedTime(file)
            .toInstant()
            .isBefore(java.time.Instant.now().minusSeconds(request.sinceSeconds()))) {
      // Lines carry no timestamps: a file untouched since then has nothing newer.
      return request.follow()
          ? LogFollower.from(file, Files.size(file), () -> stillRuns(runner, i))
          : InputStream.nullInputStream();
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int from = request.tailLines() == null ? 0 : Math.max(0, lines.size() - request.tailLines());
    StringBuilder sb = new StringBuilder();
    for (String l : lines.subList(from, lines.size())) {
      sb.append(l).append('\n');
    }
    byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
    if (!request.follow() || request.previous()) {
      return new ByteArrayInputStream(head);
    }
    long offset = Files.size(file);
    return new SequenceInputStream(
        new ByteArrayInputStream(head), LogFollower.from(file, offset, () -> stillRuns(runner, i)));
  }

  private static boolean stillRuns(FunctionRunner runner, FunctionRunner.InstanceView i) {
    return runner.instances().stream().anyMatch(v -> v.pod().equals(i.pod()) && v.running());
  }
}
