package com.zenith.functions.local.status;

import java.util.ArrayList;
import java.util.List;

/** Renders function snapshots as the NAME READY REASON URL table. */
public final class StatusTable {
  private StatusTable() {}

  /** The table, one line per function, columns padded. */
  public static String render(List<FunctionView> views) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "READY", "REASON", "URL"});
    for (FunctionView v : views) {
      rows.add(
          new String[] {
            v.name(),
            v.ready(),
            v.reason() == null ? "" : v.reason(),
            v.url() == null ? "" : v.url()
          });
    }
    int[] widths = new int[4];
    for (String[] r : rows) {
      for (int i = 0; i < 4; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      for (int i = 0; i < 4; i++) {
        sb.append(i < 3 ? String.format("%-" + (widths[i] + 3) + "s", r[i]) : r[i]);
      }
      sb.append(System.lineSeparator());
    }
    return sb.toString();
  }
}
