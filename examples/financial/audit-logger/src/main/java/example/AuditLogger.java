package example;

import com.fasterxml.jackson.databind.JsonNode;
import com.zenith.functions.sdk.Functions;
import java.time.Instant;

/** Logs audit operations: POST /log {"action", "details"} -> {"status":"logged","timestamp"}. */
public final class AuditLogger {
  /** details is an object in the guide and a string in its end-to-end test: take both. */
  record AuditRequest(String action, JsonNode details) {}

  record AuditResponse(String status, Instant timestamp) {}

  public static void main(String[] args) {
    Functions.host()
        .post("/log", AuditRequest.class, req -> {
          System.out.printf("[AUDIT] Action: %s, Details: %s%n", req.action(), req.details());
          return new AuditResponse("logged", Instant.now());
        })
        .run();
  }
}
