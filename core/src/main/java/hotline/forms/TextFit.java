package hotline.forms;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Text in the form font: cleaned to what the font can draw, measured and wrapped to a width. Chinese breaks between
 * any two characters; a run of Latin letters and digits (a phone number, an e-mail address) moves to the next line
 * whole when it fits there; a closing mark (，。）…) never starts a line and an opening one never ends it.
 * One render's; not shared between threads.
 */
final class TextFit {

  private static final String CLOSING = "，。、；：！？）》」』】〕〉…—,.;:!?)]}%％";
  private static final String OPENING = "（《「『【〔〈([{";

  private final FontCopies fonts;
  private final FontCopies.Copy copy;
  /** Every code point cleaned: what the document's font subset must hold. */
  private final BitSet used = new BitSet(0x10000);

  TextFit(FontCopies fonts, FontCopies.Copy copy) {
    this.fonts = fonts;
    this.copy = copy;
  }

  /**
   * Text the font can draw: tabs as spaces, controls and format marks dropped, characters it lacks as "?". All text
   * drawn passes here, so that its characters are in the subset.
   */
  String clean(String s) throws IOException {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\n') {
        b.append('\n');
      } else if (cp == '\t') {
        b.append("    ");
        used.set(' ');
      } else if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
        continue;
      } else if (fonts.advance(copy, cp) >= 0) {
        b.appendCodePoint(cp);
        used.set(cp);
      } else {
        b.append('?');
        used.set('?');
      }
    }
    return b.toString();
  }

  /** The code points of all text cleaned so far. */
  BitSet used() {
    return used;
  }

  /** The width of cleaned text at a font size, in points. */
  float width(CharSequence s, float size) throws IOException {
    float w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = Character.codePointAt(s, i);
      i += Character.charCount(cp);
      w += fonts.advance(copy, cp);
    }
    return w * size / 1000;
  }

  private float width(int cp, float size) throws IOException {
    return fonts.advance(copy, cp) * size / 1000;
  }

  /** Cleaned text as lines no wider than {@code max}; an empty text is no line at all. */
  List<String> wrap(String text, float max, float size) throws IOException {
    List<String> out = new ArrayList<>();
    if (text.isEmpty()) {
      return out;
    }
    for (String para : text.split("\n", -1)) {
      Line line = new Line(out);
      int n = para.length();
      for (int i = 0; i < n; ) {
        int cp = para.codePointAt(i);
        int end = i + Character.charCount(cp);
        if (word(cp)) {
          while (end < n && word(para.codePointAt(end))) {
            end += Character.charCount(para.codePointAt(end));
          }
        }
        if (cp == ' ' && line.isEmpty() && line.wrapped) {
          i = end; // no space at the start of a wrapped line
          continue;
        }
        float tw = end - i == Character.charCount(cp) ? width(cp, size) : width(para.subSequence(i, end), size);
        if (line.width + tw <= max) {
          line.add(para, i, end, tw);
        } else if (cp == ' ') {
          line.flush();
        } else if (end - i > Character.charCount(cp)) {
          if (tw <= max && !line.isEmpty()) {
            line.flush();
            continue; // the word again, on the fresh line
          }
          for (int j = i; j < end; ) { // longer than a line: as much as fits, line by line
            int c = para.codePointAt(j);
            float cw = width(c, size);
            if (line.width + cw > max && !line.isEmpty()) {
              line.flush();
            }
            line.add(para, j, j + Character.charCount(c), cw);
            j += Character.charCount(c);
          }
        } else {
          if (!line.isEmpty()) {
            int last = line.text.codePointBefore(line.text.length());
            if ((CLOSING.indexOf(cp) >= 0 || OPENING.indexOf(last) >= 0) && line.text.length() > Character.charCount(last)) {
              line.text.setLength(line.text.length() - Character.charCount(last));
              line.flush();
              line.text.appendCodePoint(last);
              line.width = width(last, size);
            } else {
              line.flush();
            }
          }
          line.add(para, i, end, tw);
        }
        i = end;
      }
      out.add(line.text.toString());
    }
    return out;
  }

  /** Letters and digits of Latin script and what holds such a word together (an address, a number, a time). */
  private static boolean word(int cp) {
    return cp < 0x250 && (Character.isLetterOrDigit(cp) || cp == '@' || cp == '.' || cp == '-' || cp == '_'
        || cp == '/' || cp == ':' || cp == '+' || cp == '#' || cp == '&' || cp == '=' || cp == '%');
  }

  private static final class Line {
    final List<String> out;
    final StringBuilder text = new StringBuilder();
    float width;
    boolean wrapped;

    Line(List<String> out) {
      this.out = out;
    }

    boolean isEmpty() {
      return text.length() == 0;
    }

    void add(String s, int from, int to, float w) {
      text.append(s, from, to);
      width += w;
    }

    void flush() {
      out.add(text.toString());
      text.setLength(0);
      width = 0;
      wrapped = true;
    }
  }
}
