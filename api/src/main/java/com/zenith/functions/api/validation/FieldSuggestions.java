package com.zenith.functions.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** What an unknown field was probably meant to be: the nearest known field by edit distance. */
final class FieldSuggestions {

  private FieldSuggestions() {}

  /** " (did you mean ...)" for a near miss, else the known fields; empty when there are none. */
  static String suggestion(String key, JsonNode props) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Iterator<String> it = props.fieldNames(); it.hasNext(); ) {
      String candidate = it.next();
      int d = editDistance(key.toLowerCase(), candidate.toLowerCase());
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    if (best != null && bestDistance <= Math.max(2, key.length() / 3)) {
      return " (did you mean \"" + best + "\"?)";
    }
    List<String> known = new ArrayList<>();
    props.fieldNames().forEachRemaining(known::add);
    return known.isEmpty() ? "" : " (known fields: " + String.join(", ", known) + ")";
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
