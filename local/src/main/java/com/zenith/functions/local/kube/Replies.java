package com.zenith.functions.local.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.local.store.ResourceType;
import com.zenith.functions.local.store.StoreException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Writes the API's JSON answers (objects and Status errors). */
final class Replies {
  static final ObjectMapper JSON = new ObjectMapper();

  private Replies() {}

  /** Answers {@code code} with a JSON body. */
  static void json(HttpServerResponse r, int code, JsonNode body) {
    if (r.ended() || r.closed()) {
      return;
    }
    try {
      r.setStatusCode(code)
          .putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-cache, private")
          .end(Buffer.buffer(JSON.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      r.setStatusCode(500).end();
    }
  }

  /** Answers with a Failure Status. */
  static void failure(HttpServerResponse r, int code, String reason, String message) {
    json(r, code, KubeStatus.failure(code, reason, message));
  }

  /** Answers with the Status of a store refusal. */
  static void refused(HttpServerResponse r, StoreException e, ResourceType type, String name) {
    json(r, e.code(), KubeStatus.of(e, type, name));
  }

  /** Answers any failure of a request: a store refusal as its Status, anything else as 500. */
  static void error(HttpServerResponse r, Throwable t, ResourceType type, String name) {
    if (t instanceof Refusal n) {
      refused(r, n.refusal, type, n.name);
    } else if (t instanceof StoreException e) {
      refused(r, e, type, name);
    } else if (t instanceof BadRequest b) {
      failure(r, 400, "BadRequest", b.getMessage());
    } else {
      failure(r, 500, "InternalError", "Internal error occurred: " + t);
    }
  }

  /** A request the API cannot make sense of: 400 BadRequest. */
  static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }

  /** A store refusal of the object named {@code name} (a create's name is not in its URL). */
  static final class Refusal extends RuntimeException {
    final StoreException refusal;
    final String name;

    Refusal(StoreException refusal, String name) {
      super(refusal.getMessage(), refusal, false, false);
      this.refusal = refusal;
      this.name = name;
    }
  }
}
