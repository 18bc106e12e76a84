package com.zenith.functions.local.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.api.validation.LoadedDocument;
import com.zenith.functions.api.validation.ValidationResult;
import com.zenith.functions.local.reconcile.FunctionReconciler;
import com.zenith.functions.local.store.ResourceType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects of validated manifests as the engine's API takes them: Functions marked with the file
 * they came from (so a relative local-source resolves against it), then Secrets, ConfigMaps,
 * Brokers and PingSources. One reading for the file applier and {@code zenith apply}.
 */
public final class ManifestObjects {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One object, its type, and its file ("" when the validator keeps no file for it). */
  public record Item(ResourceType type, ObjectNode object, String file) {}

  private ManifestObjects() {}

  /** Every valid object of {@code r}, each a copy the caller may change. */
  public static List<Item> of(ValidationResult r) {
    List<Item> out = new ArrayList<>();
    for (var vf : r.functions()) {
      ObjectNode tree = vf.source().tree().deepCopy();
      Path file = Path.of(vf.source().file()).toAbsolutePath().normalize();
      ((ObjectNode) tree.with("metadata"))
          .with("annotations")
          .put(FunctionReconciler.APPLIED_FROM, file.toString());
      out.add(new Item(ResourceType.FUNCTION, tree, vf.source().file()));
    }
    r.secrets().forEach(s -> out.add(new Item(ResourceType.SECRET, JSON.valueToTree(s), "")));
    r.configMaps()
        .forEach(c -> out.add(new Item(ResourceType.CONFIG_MAP, JSON.valueToTree(c), "")));
    for (LoadedDocument b : r.brokers()) {
      out.add(new Item(ResourceType.BROKER, b.tree().deepCopy(), b.file()));
    }
    for (LoadedDocument p : r.pingSources()) {
      out.add(new Item(ResourceType.PING_SOURCE, p.tree().deepCopy(), p.file()));
    }
    return out;
  }
}
