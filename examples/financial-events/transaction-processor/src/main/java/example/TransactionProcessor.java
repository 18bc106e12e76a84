package example;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.zenith.functions.sdk.Functions;
import com.zenith.functions.sdk.host.HttpError;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Event-driven transaction-processor: answers the seed's POST /transaction and publishes
 * com.example.transaction.created to the broker; balance-manager picks it up from there.
 */
public final class TransactionProcessor {
  record TransactionRequest(String account, BigDecimal amount) {}

  record TransactionCreated(
      @JsonProperty("transaction_id") String transactionId, String account, BigDecimal amount, Instant timestamp) {}

  /** The seed's answer; balance is null because it is computed later, by balance-manager. */
  record TransactionResponse(
      String status, @JsonProperty("transaction_id") String transactionId, BigDecimal balance, Instant timestamp) {}

  public static void main(String[] args) {
    Functions.host()
        .post("/transaction", TransactionRequest.class, req -> {
          if (req.account() == null || req.amount() == null) {
            throw new HttpError(400, "account and amount are required");
          }
          Instant now = Instant.now();
          // Unique even for many transactions in one second (the seed's TXN-<seconds> is not).
          String id = "TXN-" + now.getEpochSecond() + "-" + UUID.randomUUID().toString().substring(0, 8);
          Functions.events().publish("com.example.transaction.created", new TransactionCreated(id, req.account(), req.amount(), now));
          System.out.printf("Published com.example.transaction.created %s for %s%n", id, req.account());
          return new TransactionResponse("success", id, null, now);
        })
        .run();
  }
}
