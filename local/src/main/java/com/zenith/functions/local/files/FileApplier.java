package com.zenith.functions.local.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.validation.Diagnostic;
import com.zenith.functions.api.validation.ManifestValidator;
import com.zenith.functions.api.validation.ValidationResult;
import com.zenith.functions.local.store.ResourceType;
import com.zenith.functions.local.store.Store;
import com.zenith.functions.local.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What {@code kubectl apply} would do with the files given to {@code zenith dev}, kept up as the
 * files change (as {@code skaffold dev} does): each valid object is created or updated in the
 * store; an object removed from its file is deleted; a file that stops validating keeps its objects
 * as they were and says why.
 */
public final class FileApplier implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An applied object: its type, namespace and name, and the file it came from. */
  record Applied(ResourceType type, String namespace, String name, String file) {}

  private final Store store;
  private final List<Path> paths;
  private final boolean recursive;
  private final Consumer<String> say;
  private final ManifestValidator validator = new ManifestValidator();
  private final Map<String, Applied> applied = new LinkedHashMap<>();
  private Map<Path, String> fingerprint = Map.of();
  private volatile boolean closed;
  private Thread poller;

  /** Applies {@code paths} to {@code store}, printing problems with {@code say}. */
  public FileApplier(Store store, List<Path> paths, boolean recursive, Consumer<String> say) {
    this.store = store;
    this.paths = List.copyOf(paths);
    this.recursive = recursive;
    this.say = say;
  }

  /** Applies the files now; returns the result of validating them. */
  public synchronized ValidationResult applyNow() {
    fingerprint = fingerprint();
    ValidationResult r = validator.validatePaths(paths, recursive);
    for (Diagnostic d : r.diagnostics()) {
      say.accept(d.toString());
    }
    Set<String> failedFiles = new HashSet<>();
    r.errors().forEach(d -> failedFiles.add(d.file()));
    Map<String, Applied> seen = new LinkedHashMap<>();
    for (ManifestObjects.Item item : ManifestObjects.of(r)) {
      apply(item.type(), item.object(), item.file(), seen);
    }
    for (var e : applied.entrySet()) {
      Applied a = e.getValue();
      boolean fileGone = !a.file().isEmpty() && !Files.exists(Path.of(a.file()));
      if (!seen.containsKey(e.getKey()) && (fileGone || !failedFiles.contains(a.file()))) {
        delete(a);
      } else if (!seen.containsKey(e.getKey())) {
        seen.put(e.getKey(), a); // its file does not validate now: keep it as it was
      }
    }
    applied.clear();
    applied.putAll(seen);
    return r;
  }

  private void apply(ResourceType type, ObjectNode obj, String file, Map<String, Applied> seen) {
    ObjectNode meta = (ObjectNode) obj.with("metadata");
    String ns = meta.path("namespace").asText("");
    if (ns.isEmpty()) {
      ns = FunctionNames.DEFAULT_NAMESPACE;
      meta.put("namespace", ns);
    }
    String name = meta.path("name").asText();
    String key = type.plural() + "/" + ns + "/" + name;
    seen.put(key, new Applied(type, ns, name, file));
    try {
      var existing = store.get(type, ns, name);
      if (existing.isEmpty()) {
        store.create(type, obj);
        say.accept("applied " + type.kind() + " " + ns + "/" + name + " (created)");
      } else {
        ObjectNode before = existing.get();
        ObjectNode after = store.update(type, obj);
        if (!after
            .path("metadata")
            .path("resourceVersion")
            .equals(before.path("metadata").path("resourceVersion"))) {
          say.accept("applied " + type.kind() + " " + ns + "/" + name + " (configured)");
        }
      }
    } catch (StoreException e) {
      say.accept((file.isEmpty() ? "" : file + ": ") + "error: " + e.getMessage());
    }
  }

  private void delete(Applied a) {
    try {
      store.delete(a.type(), a.namespace(), a.name());
      say.accept(
          "deleted "
              + a.type().kind()
              + " "
              + a.namespace()
              + "/"
              + a.name()
              + " (gone from the files)");
    } catch (StoreException e) {
      if (e.code() != 404) {
        say.accept(
            "cannot delete "
                + a.type().kind()
                + " "
                + a.namespace()
                + "/"
                + a.name()
                + ": "
                + e.getMessage());
      }
    }
  }

  /** Polls the files every {@code intervalMillis} and re-applies when any changed. */
  public void watch(long intervalMillis) {
    poller =
        Thread.ofVirtual()
            .name("zenith-files")
            .start(
                () -> {
                  while (!closed) {
                    try {
                      Thread.sleep(intervalMillis);
                    } catch (InterruptedException e) {
                      return;
                    }
                    if (!fingerprint().equals(fingerprint)) {
                      applyNow();
                    }
                  }
                });
  }

  /** Names, sizes and modification times of the manifest files: what a change alters. */
  private Map<Path, String> fingerprint() {
    Map<Path, String> out = new LinkedHashMap<>();
    for (Path p : paths) {
      List<Path> files = new ArrayList<>();
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = recursive ? Files.walk(p) : Files.list(p)) {
          s.filter(FileApplier::isManifest).forEach(files::add);
        } catch (IOException e) {
          // a directory that went away: the re-apply reports it
        }
      } else {
        files.add(p);
      }
      for (Path f : files) {
        try {
          out.put(f, Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis());
        } catch (IOException e) {
          out.put(f, "missing");
        }
      }
    }
    return out;
  }

  private static boolean isManifest(Path p) {
    String n = p.getFileName().toString();
    return Files.isRegularFile(p)
        && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
  }

  @Override
  public void close() {
    closed = true;
    if (poller != null) {
      poller.interrupt();
    }
  }
}
