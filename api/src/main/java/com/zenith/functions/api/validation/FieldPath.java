package com.zenith.functions.api.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A path to a field inside an object, printed the way the Kubernetes API server prints it ({@code
 * spec.deploy.env[0].name}, {@code spec.eventing.filters[Type]}), and as a JSON pointer for looking
 * up source positions.
 */
public final class FieldPath {
  private sealed interface Segment permits Property, Index, Key {}

  private record Property(String name) implements Segment {}

  private record Index(int index) implements Segment {}

  private record Key(String key) implements Segment {}

  private static final FieldPath ROOT = new FieldPath(List.of());

  private final List<Segment> segments;

  private FieldPath(List<Segment> segments) {
    this.segments = segments;
  }

  /** The root of an object. */
  public static FieldPath root() {
    return ROOT;
  }

  /** A path of plain properties, such as {@code of("spec", "build")}. */
  public static FieldPath of(String... names) {
    FieldPath p = ROOT;
    for (String n : names) {
      p = p.child(n);
    }
    return p;
  }

  /** A property below this path. */
  public FieldPath child(String name) {
    return with(new Property(name));
  }

  /** An element of the array at this path. */
  public FieldPath index(int index) {
    return with(new Index(index));
  }

  /** A key of the map at this path. */
  public FieldPath key(String key) {
    return with(new Key(key));
  }

  private FieldPath with(Segment s) {
    List<Segment> next = new ArrayList<>(segments.size() + 1);
    next.addAll(segments);
    next.add(s);
    return new FieldPath(Collections.unmodifiableList(next));
  }

  /** True at the root. */
  public boolean isRoot() {
    return segments.isEmpty();
  }

  /** The JSON pointer (RFC 6901) of this path. */
  public String pointer() {
    StringBuilder sb = new StringBuilder();
    for (Segment s : segments) {
      sb.append('/');
      String raw =
          switch (s) {
            case Property p -> p.name();
            case Index i -> Integer.toString(i.index());
            case Key k -> k.key();
          };
      sb.append(raw.replace("~", "~0").replace("/", "~1"));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Segment s : segments) {
      switch (s) {
        case Property p -> {
          if (!sb.isEmpty()) {
            sb.append('.');
          }
          sb.append(p.name());
        }
        case Index i -> sb.append('[').append(i.index()).append(']');
        case Key k -> sb.append('[').append(k.key()).append(']');
      }
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldPath other && other.segments.equals(segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }
}
