package com.zenith.functions.local.store;

import java.util.List;

/**
 * Why the store refused a request, with the HTTP status and reason the Kubernetes API would answer
 * (a Status object: NotFound 404, AlreadyExists 409, Conflict 409, Invalid 422, Gone 410,
 * MethodNotAllowed 405, BadRequest 400).
 */
public final class StoreException extends Exception {
  /** One field-level cause of an Invalid refusal: the field path and what is wrong with it. */
  public record Cause(String field, String message) {}

  private final int code;
  private final String reason;
  private final transient List<Cause> causes;

  /** A refusal with its HTTP code, Kubernetes reason (e.g. "Conflict") and an English message. */
  public StoreException(int code, String reason, String message, List<Cause> causes) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.causes = List.copyOf(causes);
  }

  /** 404 NotFound. */
  public static StoreException notFound(ResourceType type, String name) {
    return new StoreException(
        404,
        "NotFound",
        type.plural()
            + (type.group().isEmpty() ? "" : "." + type.group())
            + " \""
            + name
            + "\" not found",
        List.of());
  }

  /** 409 AlreadyExists. */
  public static StoreException alreadyExists(ResourceType type, String name) {
    return new StoreException(
        409,
        "AlreadyExists",
        type.plural()
            + (type.group().isEmpty() ? "" : "." + type.group())
            + " \""
            + name
            + "\" already exists",
        List.of());
  }

  /** 409 Conflict: the update named a resourceVersion that is no longer the object's. */
  public static StoreException conflict(ResourceType type, String name) {
    return new StoreException(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + type.plural()
            + (type.group().isEmpty() ? "" : "." + type.group())
            + " \""
            + name
            + "\": the object has been modified; please apply your changes to the latest version"
            + " and try again",
        List.of());
  }

  /** 422 Invalid, with the field-level causes. */
  public static StoreException invalid(ResourceType type, String name, List<Cause> causes) {
    StringBuilder m =
        new StringBuilder(
            type.kind()
                + (type.group().isEmpty() ? "" : "." + type.group())
                + " \""
                + name
                + "\" is invalid: ");
    for (int i = 0; i < causes.size(); i++) {
      m.append(i == 0 ? "" : ", ")
          .append(causes.get(i).field())
          .append(": ")
          .append(causes.get(i).message());
    }
    return new StoreException(422, "Invalid", m.toString(), causes);
  }

  /** 410 Gone: a watch asked for a resourceVersion older than the store's history. */
  public static StoreException gone(String resourceVersion) {
    return new StoreException(
        410, "Expired", "too old resource version: " + resourceVersion, List.of());
  }

  /** The HTTP status code. */
  public int code() {
    return code;
  }

  /** The Kubernetes Status reason (NotFound, AlreadyExists, Conflict, Invalid, Expired...). */
  public String reason() {
    return reason;
  }

  /** The field-level causes (Invalid only; else empty). */
  public List<Cause> causes() {
    return causes;
  }
}
