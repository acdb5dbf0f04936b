package hotline.knowledge;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What changed between two versions' plain texts, by sentence (a line, cut after 。！？；!?; as well): the pieces in
 * order, each {@code {"op": "equal"|"add"|"remove", "text"}} (java-diff-utils' Myers diff).
 */
public final class KnowledgeDiff {

  private KnowledgeDiff() {
  }

  /** The sentences of a text: each line, cut after a sentence's end mark. */
  static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String line : text.split("\\R")) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        s.append(c);
        if ("。！？；!?;".indexOf(c) >= 0) {
          add(out, s);
        }
      }
      add(out, s);
    }
    return out;
  }

  private static void add(List<String> out, StringBuilder s) {
    String t = s.toString().strip();
    if (!t.isEmpty()) {
      out.add(t);
    }
    s.setLength(0);
  }

  /** The pieces from {@code before} to {@code after}. */
  public static JsonArray diff(String before, String after) {
    List<String> a = sentences(before);
    List<String> b = sentences(after);
    Patch<String> patch = DiffUtils.diff(a, b);
    JsonArray out = new JsonArray();
    int at = 0;
    for (AbstractDelta<String> d : patch.getDeltas()) {
      for (; at < d.getSource().getPosition(); at++) {
        out.add(piece("equal", a.get(at)));
      }
      d.getSource().getLines().forEach(l -> out.add(piece("remove", l)));
      d.getTarget().getLines().forEach(l -> out.add(piece("add", l)));
      at = d.getSource().getPosition() + d.getSource().size();
    }
    for (; at < a.size(); at++) {
      out.add(piece("equal", a.get(at)));
    }
    return out;
  }

  private static JsonObject piece(String op, String text) {
    return new JsonObject().put("op", op).put("text", text);
  }
}
