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

  /** namespace/broker. */
  public String brokerKey() {
    return namespace + "/" + broker;
  }
}
