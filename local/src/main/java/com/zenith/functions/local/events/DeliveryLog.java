package com.zenith.functions.local.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last delivery attempts, for {@code zenith events tail}; not kept across restarts. A ring of
 * columns allocated once: a record per attempt (with its time text, trigger key and type) made the
 * last 10,000 attempts the most of what each young collection of a busy engine had to copy, and
 * that copy was its pause. Now an attempt leaves only its event id (and a rare outcome text) in the
 * young generation; records are built when someone reads them.
 */
final class DeliveryLog {
  private static final int KEPT = 10_000;
  private static final int TYPES_KEPT = 1024;

  private final long[] millis = new long[KEPT];
  private final String[] ids = new String[KEPT];
  private final String[] types = new String[KEPT];
  private final Trigger[] triggers = new Trigger[KEPT];
  private final int[] statuses = new int[KEPT];
  private final int[] attempts = new int[KEPT];
  private final String[] outcomes = new String[KEPT];

  /** One instance per event type seen lately: types repeat, each parsed event brings its own. */
  private final Map<String, String> typeNames = new HashMap<>();

  private long seq; // the last record's; record n sits at (n - 1) % KEPT

  synchronized void add(
      String id, String type, Trigger trigger, int status, int attempt, String outcome) {
    int i = (int) (seq++ % KEPT);
    millis[i] = System.currentTimeMillis();
    ids[i] = id;
    types[i] = shared(type);
    triggers[i] = trigger;
    statuses[i] = status;
    attempts[i] = attempt;
    outcomes[i] = outcome;
  }

  private String shared(String type) {
    String kept = typeNames.get(type);
    if (kept != null) {
      return kept;
    }
    if (typeNames.size() >= TYPES_KEPT) {
      typeNames.clear();
    }
    typeNames.put(type, type);
    return type;
  }

  /**
   * Records after {@code since}, oldest first. Only the columns are copied under the lock; the
   * records (their time text, trigger keys) are built after it, so a reader of the whole log does
   * not hold up deliveries for milliseconds.
   */
  List<DeliveryRecord> since(long since) {
    long from;
    int n;
    long[] m;
    String[] id;
    String[] ty;
    Trigger[] tr;
    int[] st;
    int[] at;
    String[] out;
    synchronized (this) {
      if (since >= seq) {
        return new ArrayList<>(); // also keeps since + 1 below from overflowing
      }
      from = Math.max(since, Math.max(0, seq - KEPT)) + 1;
      n = (int) (seq - from + 1);
      m = new long[n];
      id = new String[n];
      ty = new String[n];
      tr = new Trigger[n];
      st = new int[n];
      at = new int[n];
      out = new String[n];
      for (int k = 0; k < n; k++) {
        int i = (int) ((from + k - 1) % KEPT);
        m[k] = millis[i];
        id[k] = ids[i];
        ty[k] = types[i];
        tr[k] = triggers[i];
        st[k] = statuses[i];
        at[k] = attempts[i];
        out[k] = outcomes[i];
      }
    }
    List<DeliveryRecord> records = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      records.add(
          new DeliveryRecord(
              from + k,
              format(m[k]),
              id[k],
              ty[k],
              tr[k].key(),
              tr[k].subscriber(),
              st[k],
              at[k],
              out[k]));
    }
    return records;
  }

  static String now() {
    return format(System.currentTimeMillis());
  }

  private static String format(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
