package com.zenith.functions.local.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the store runs before it accepts a create or an update of an object's spec (never for a
 * status write): validation, and defaults the API server would apply.
 */
@FunctionalInterface
public interface Admission {
  /**
   * Checks and defaults {@code object}.
   *
   * @param type its type
   * @param object the object as sent (the store's copy; the admission may add defaults to it)
   * @param old the stored object it replaces, or null on create
   * @throws StoreException (422 Invalid, with causes) when the object is refused
   */
  void admit(ResourceType type, ObjectNode object, ObjectNode old) throws StoreException;

  /** Admits everything unchanged. */
  Admission NONE = (type, object, old) -> {};
}
