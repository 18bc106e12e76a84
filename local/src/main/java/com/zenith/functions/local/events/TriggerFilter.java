package com.zenith.functions.local.events;

import io.cloudevents.CloudEvent;
import java.util.Map;

/**
 * Knative Trigger filter semantics: exact match on every listed attribute; none lists match all.
 */
public final class TriggerFilter {
  private TriggerFilter() {}

  /** True when {@code event} passes {@code filters}. An attribute the event lacks never matches. */
  public static boolean matches(Map<String, String> filters, CloudEvent event) {
    if (filters == null || filters.isEmpty()) {
      return true;
    }
    for (var f : filters.entrySet()) {
      String value = attribute(event, f.getKey());
      if (value == null || !value.equals(f.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** The string form of a context attribute or extension, or null when absent. */
  public static String attribute(CloudEvent event, String name) {
    Object v;
    if (event.getAttributeNames().contains(name)) {
      v = event.getAttribute(name);
    } else {
      v = event.getExtension(name);
    }
    if (v == null) {
      return null;
    }
    if (v instanceof java.time.OffsetDateTime t) {
      return t.toString();
    }
    return v.toString();
  }
}
