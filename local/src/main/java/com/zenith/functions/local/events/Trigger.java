package com.zenith.functions.local.events;

import java.util.Map;

/**
 * A subscription of one function to one broker, from the Function's spec.eventing, with Knative
 * Trigger semantics: an event is delivered when every filter attribute equals the event's.
 */
public record Trigger(
    String namespace, String broker, String subscriber, Map<String, String> filters) {
  /** namespace/subscriber-trigger, the Trigger's name in a cluster. */
  public String key() {
    return namespace + "/" + subscriber + "-trigger";
  }

  /** A stand-in for the trigger of {@code key} (namespace/name-trigger) that no longer exists. */
  static Trigger orphan(String key) {
    String ns = key.contains("/") ? key.substring(0, key.indexOf('/')) : "";
    String name = key.substring(key.indexOf('/') + 1).replaceFirst("-trigger$", "");
    return new Trigger(ns, "", name, Map.of());
  }

  /** namespace/broker. */
  public String brokerKey() {
    return namespace + "/" + broker;
  }
}
