package example;

import com.fasterxml.jackson.databind.JsonNode;
import com.zenith.functions.sdk.Functions;

/** Event-driven audit-logger: logs every com.example.balance.updated as the seed's [AUDIT] line. */
public final class AuditLogger {
  public static void main(String[] args) {
    Functions.host()
        .onEvent("com.example.balance.updated", JsonNode.class, details -> {
          System.out.printf("[AUDIT] Action: balance_update, Details: %s%n", details);
          return null; // 202: nothing to reply
        })
        .run();
  }
}
