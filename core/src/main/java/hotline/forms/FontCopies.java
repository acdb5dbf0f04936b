package hotline.forms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * Parsed copies of the form font, lent one to a render at a time. A parsed TrueType font reads its tables lazily
 * from one stream, so two threads must not share one; a copy of a collection (.ttc) holds the whole file in memory
 * (PDFBox reads it in), about 17 MB for WenQuanYi Zen Hei, so there are at most as many copies as processors, shared
 * by every renderer of the process, and a further render waits for one. Copies are parsed on first need and kept.
 * Advance widths and glyph presence are the same in every copy and are cached once for the Basic Multilingual Plane.
 * <p>
 * A document embeds a {@link #subset} made here rather than letting PDFBox subset the whole font: PDFBox's subset
 * embedding writes and reads back widths for all of the font's glyphs and a CID-to-GID map as long as its glyph
 * count (some 40 000 here) for every document, more than half the time of a form.
 */
final class FontCopies {

  /** A parsed font with its Unicode cmap and scale. */
  record Copy(TrueTypeFont ttf, CmapLookup cmap, float scale) {
  }

  private static final float MISSING = -1;
  /** The tables of a subset: outlines, metrics, hinting, and what PDFBox needs to embed it (cmap, OS/2, post, name). */
  private static final List<String> TABLES = List.of("head", "hhea", "loca", "maxp", "cvt ", "prep", "glyf", "hmtx",
      "fpgm", "gasp", "cmap", "OS/2", "post", "name");

  /** One pool per font file for the whole process: the mail and fax gateways' renderers share their copies. */
  private static final ConcurrentHashMap<Path, FontCopies> POOLS = new ConcurrentHashMap<>();

  private final Path file;
  private final ConcurrentLinkedQueue<Copy> idle = new ConcurrentLinkedQueue<>();
  private final Semaphore permits;
  /** Advance width per BMP code point in 1/1000 em; NaN not looked up yet, {@link #MISSING} no glyph. */
  private final float[] advance = new float[0x10000];

  FontCopies(Path file, int maxCopies) {
    this.file = file;
    this.permits = new Semaphore(Math.max(1, maxCopies));
    Arrays.fill(advance, Float.NaN);
  }

  /** The pool of a font file, with at most one copy per processor. */
  static FontCopies of(Path file) {
    return POOLS.computeIfAbsent(file.toAbsolutePath().normalize(),
        f -> new FontCopies(f, Runtime.getRuntime().availableProcessors()));
  }

  /** A copy for this thread alone until {@link #release}. */
  Copy acquire() throws IOException {
    permits.acquireUninterruptibly();
    Copy c = idle.poll();
    if (c == null) {
      try {
        c = parse();
      } catch (IOException | RuntimeException e) {
        permits.release();
        throw e;
      }
    }
    return c;
  }

  void release(Copy c) {
    idle.add(c);
    permits.release();
  }

  private Copy parse() throws IOException {
    TrueTypeFont ttf;
    if (file.toString().toLowerCase(Locale.ROOT).endsWith(".ttc")) {
      TrueTypeFont[] first = new TrueTypeFont[1];
      // The collection's first font (WenQuanYi Zen Hei; the others are its Mono and Sharp cuts).
      new TrueTypeCollection(file.toFile()).processAllFonts(f -> {
        if (first[0] == null) {
          first[0] = f;
        }
      });
      ttf = first[0];
      if (ttf == null) {
        throw new IOException("no font in the collection " + file);
      }
    } else {
      ttf = new TTFParser().parse(new RandomAccessReadBuffer(Files.readAllBytes(file)));
    }
    if (ttf.getOS2Windows() != null && (ttf.getOS2Windows().getFsType() & 0x0100) != 0) {
      throw new IOException("the font " + file + " does not allow subsetting; choose another (forms.font)");
    }
    return new Copy(ttf, ttf.getUnicodeCmapLookup(), 1000f / ttf.getUnitsPerEm());
  }

  /**
   * A font of only the glyphs of these code points (and of the composite glyphs' parts), its name tagged as a subset
   * ({@code ABCDEF+WenQuanYiZenHei}, the tag from the glyph set), parsed: small enough to embed whole.
   */
  TrueTypeFont subset(Copy c, BitSet codePoints) throws IOException {
    TTFSubsetter s = new TTFSubsetter(c.ttf(), TABLES);
    codePoints.stream().forEach(s::add);
    s.setPrefix(tag(s.getGIDMap()));
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    s.writeToStream(out);
    return new TTFParser(true).parse(new RandomAccessReadBuffer(out.toByteArray()));
  }

  /** Six capital letters from the glyph set, as subset fonts are named (ISO 32000-1, 9.6.4). */
  private static String tag(Map<Integer, Integer> gids) {
    long h = 1125899906842597L;
    for (Map.Entry<Integer, Integer> e : gids.entrySet()) {
      h = 31 * h + e.getValue();
    }
    StringBuilder b = new StringBuilder(7);
    for (int i = 0; i < 6; i++) {
      b.append((char) ('A' + (int) Math.floorMod(h, 26L)));
      h /= 26;
    }
    return b.append('+').toString();
  }

  /** The advance width of a code point in 1/1000 em, or a negative number when the font has no glyph for it. */
  float advance(Copy c, int cp) throws IOException {
    if (cp < advance.length) {
      float a = advance[cp];
      if (Float.isNaN(a)) {
        a = lookUp(c, cp);
        advance[cp] = a; // a benign race: every copy gives the same number
      }
      return a;
    }
    return lookUp(c, cp);
  }

  private static float lookUp(Copy c, int cp) throws IOException {
    int gid = c.cmap().getGlyphId(cp);
    return gid > 0 ? c.ttf().getAdvanceWidth(gid) * c.scale() : MISSING;
  }
}
