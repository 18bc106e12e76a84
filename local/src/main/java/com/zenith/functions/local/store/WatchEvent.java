package com.zenith.functions.local.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change of one object, as a Kubernetes watch reports it.
 *
 * @param type ADDED, MODIFIED or DELETED
 * @param object the object after the change (for DELETED: its last state, with the resourceVersion
 *     of the deletion); a copy the receiver may keep but must not share with other threads while
 *     changing it
 */
public record WatchEvent(Type type, ObjectNode object) {
  /** The watch event types of the Kubernetes API. */
  public enum Type {
    ADDED,
    MODIFIED,
    DELETED
  }
}
