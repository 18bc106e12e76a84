import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Build step of the api module (run by exec-maven-plugin after the CRD generator, as a single-file
 * program, not shipped): puts the generated CRD's additionalPrinterColumns in the order they are
 * declared on {@code Function}, so that {@code kubectl get fn} shows READY REASON URL (IMAGE) AGE.
 * The fabric8 generator sorts them by jsonPath and has no option to keep the declared order.
 *
 * <p>Usage: {@code java -cp <api classes and dependencies> PrinterColumnOrder <crd.yml>}. Works on
 * the generator's YAML text, moving whole list items, so nothing else in the file changes; stops
 * the build with a message when the file does not have the shape it expects.
 */
public final class PrinterColumnOrder {

  private static final String KEY = "additionalPrinterColumns:";

  public static void main(String[] args) throws IOException, ClassNotFoundException {
    if (args.length != 1) {
      fail("usage: PrinterColumnOrder <crd.yml>");
    }
    Path file = Path.of(args[0]);
    List<String> order = new ArrayList<>();
    for (AdditionalPrinterColumn c :
        Class.forName(
                "com.zenith.functions.api.v1alpha1.Function",
                false, // annotations only: no static initialisation (it would start logging)
                PrinterColumnOrder.class.getClassLoader())
            .getAnnotationsByType(AdditionalPrinterColumn.class)) {
      order.add(c.name());
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    int blocks = 0;
    for (int i = 0; i < lines.size(); ) {
      String line = lines.get(i);
      out.add(line);
      i++;
      if (line.strip().endsWith(KEY)) {
        i = reorder(file, lines, i, order, out);
        blocks++;
      }
    }
    if (blocks == 0) {
      fail(file + ": no " + KEY + " list found");
    }
    Files.write(file, out, StandardCharsets.UTF_8);
  }

  /** Copies the list starting at {@code start} to {@code out} in {@code order}; returns its end. */
  private static int reorder(
      Path file, List<String> lines, int start, List<String> order, List<String> out) {
    if (start >= lines.size() || !lines.get(start).strip().startsWith("- ")) {
      fail(file + ":" + (start + 1) + ": expected the first item of " + KEY);
    }
    String marker = " ".repeat(indent(lines.get(start))) + "- ";
    String continuation = " ".repeat(marker.length());
    List<List<String>> items = new ArrayList<>();
    int i = start;
    while (i < lines.size()
        && (lines.get(i).startsWith(marker) || lines.get(i).startsWith(continuation))) {
      if (lines.get(i).startsWith(marker)) {
        items.add(new ArrayList<>());
      }
      items.get(items.size() - 1).add(lines.get(i));
      i++;
    }
    List<List<String>> sorted = new ArrayList<>(items);
    for (List<String> item : items) {
      String name = name(file, item, marker.length());
      if (!order.contains(name)) {
        fail(file + ": printer column " + name + " is not declared on Function");
      }
    }
    if (items.size() != order.size()) {
      fail(file + ": " + items.size() + " printer columns, Function declares " + order);
    }
    int fieldIndent = marker.length();
    sorted.sort(
        java.util.Comparator.comparingInt(item -> order.indexOf(name(file, item, fieldIndent))));
    sorted.forEach(out::addAll);
    return i;
  }

  /** The item's {@code name: "..."} value (on the marker line or a continuation line). */
  private static String name(Path file, List<String> item, int fieldIndent) {
    for (String line : item) {
      String field = line.substring(Math.min(fieldIndent, line.length()));
      if (field.startsWith("name: ")) {
        String value = field.substring("name: ".length()).strip();
        return value.startsWith("\"") && value.endsWith("\"")
            ? value.substring(1, value.length() - 1)
            : value;
      }
    }
    fail(file + ": a printer column without a name: " + item.get(0).strip());
    return null;
  }

  private static int indent(String line) {
    return line.length() - line.stripLeading().length();
  }

  private static void fail(String message) {
    System.err.println("PrinterColumnOrder: " + message);
    System.exit(1);
  }
}
