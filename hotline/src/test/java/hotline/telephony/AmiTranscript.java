package hotline.telephony;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assertions;

/**
 * A recorded AMI session: every byte a real Asterisk sent ({@code NN-name.ami.raw}), parsed into the banner
 * line and the ordered list of blocks. A block is the ordered list of its {@code Key: Value} lines, duplicate
 * keys kept; it is immutable. Test-only.
 */
public final class AmiTranscript {

  /** The recordings, relative to the module directory (Maven runs tests in {@code hotline/}). */
  public static final Path DIR = Path.of("../../shared/asterisk/transcripts");

  /** Keys that carry channel ids; {@link #withFreshIds()} rewrites them (matched case-insensitively). */
  public static final List<String> ID_KEYS = List.of(
      "Uniqueid", "Linkedid", "DestUniqueid", "DestLinkedid",
      "LocalOneUniqueid", "LocalOneLinkedid", "LocalTwoUniqueid", "LocalTwoLinkedid");

  private static final String CRLF = "\r\n";
  private static final String END = "\r\n\r\n";
  private static final AtomicLong FRESH_EPOCH = new AtomicLong(1_900_000_000L);

  private final String banner;
  private final List<List<Map.Entry<String, String>>> blocks;

  private AmiTranscript(String banner, List<List<Map.Entry<String, String>>> blocks) {
    this.banner = banner;
    this.blocks = List.copyOf(blocks);
  }

  // ---------------------------------------------------------------- loading

  /** Whether the recordings are there ({@link #DIR} is beside the repository, not inside it). */
  public static boolean available() {
    return Files.isDirectory(DIR);
  }

  /**
   * Fails the calling test (or class, from {@code @BeforeAll}) when the recordings are missing, naming the folder it
   * looked in. They are not optional: CI always has them, so a missing folder is a broken checkout, not a reason to
   * skip silently.
   */
  public static void requireAvailable() {
    if (!available()) {
      Assertions.fail("AMI transcripts not found at " + DIR.toAbsolutePath().normalize()
          + ": these tests replay them; check out the shared asterisk folder beside the repository");
    }
  }

  /**
   * Loads {@code DIR/<name>.ami.raw}; {@code name} may be given with or without the {@code .ami.raw} suffix,
   * e.g. {@code "02-inbound-hotline-queue-agent"}. Call {@link #requireAvailable()} first.
   */
  public static AmiTranscript load(String name) {
    String file = name.endsWith(".ami.raw") ? name : name + ".ami.raw";
    try {
      return parse(Files.readString(DIR.resolve(file), UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses raw AMI output. If the text starts with {@code Asterisk Call Manager/}, its first line is the
   * banner; the rest splits on {@code \r\n\r\n}. A line splits on the first {@code ": "} (a line ending in
   * {@code ":"} has an empty value); a line without a colon is kept with the key {@code ""}.
   */
  public static AmiTranscript parse(String raw) {
    String rest = raw;
    String banner = null;
    if (raw.startsWith("Asterisk Call Manager/")) {
      int eol = raw.indexOf(CRLF);
      banner = eol < 0 ? raw : raw.substring(0, eol);
      rest = eol < 0 ? "" : raw.substring(eol + CRLF.length());
    }
    List<List<Map.Entry<String, String>>> blocks = new ArrayList<>();
    for (String chunk : rest.split(END, -1)) {
      if (chunk.isEmpty()) {
        continue;
      }
      blocks.add(parseBlock(chunk));
    }
    return new AmiTranscript(banner, blocks);
  }

  /** Parses one block's lines ({@code \r\n} or {@code \n} separated, no blank line inside). */
  public static List<Map.Entry<String, String>> parseBlock(String text) {
    List<Map.Entry<String, String>> block = new ArrayList<>();
    for (String line : text.split("\r?\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(": ");
      if (colon >= 0) {
        block.add(Map.entry(line.substring(0, colon), line.substring(colon + 2)));
      } else if (line.endsWith(":")) {
        block.add(Map.entry(line.substring(0, line.length() - 1), ""));
      } else {
        block.add(Map.entry("", line));
      }
    }
    return List.copyOf(block);
  }

  // ---------------------------------------------------------------- reading

  /** The banner line without its line end, e.g. {@code Asterisk Call Manager/11.0.0}; null if none. */
  public String banner() {
    return banner;
  }

  /** Every block in wire order. */
  public List<List<Map.Entry<String, String>>> blocks() {
    return blocks;
  }

  /** The unsolicited events: blocks with an {@code Event} key and no {@code ActionID} key, in order. */
  public List<List<Map.Entry<String, String>>> events() {
    List<List<Map.Entry<String, String>>> out = new ArrayList<>();
    for (List<Map.Entry<String, String>> b : blocks) {
      if (has(b, "Event") && !has(b, "ActionID")) {
        out.add(b);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The events whose {@code Event} is one of {@code names} (case-insensitive), in order. */
  public List<List<Map.Entry<String, String>>> events(String... names) {
    TreeSet<String> wanted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    wanted.addAll(List.of(names));
    List<List<Map.Entry<String, String>>> out = new ArrayList<>();
    for (List<Map.Entry<String, String>> b : events()) {
      if (wanted.contains(value(b, "Event"))) {
        out.add(b);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The answer to the action with this {@code ActionID}: its {@code Response} block and, for a list action
   * ({@code EventList: start}), the following events carrying that ActionID up to and including the one with
   * {@code EventList: Complete}. Empty if the transcript has no such response.
   */
  public List<List<Map.Entry<String, String>>> responseFor(String actionId) {
    List<List<Map.Entry<String, String>>> out = new ArrayList<>();
    for (List<Map.Entry<String, String>> b : blocks) {
      if (!actionId.equals(value(b, "ActionID"))) {
        continue;
      }
      if (out.isEmpty()) {
        if (has(b, "Response") && !has(b, "Event")) {
          out.add(b);
          if (!"start".equalsIgnoreCase(value(b, "EventList"))) {
            break;
          }
        }
      } else if (has(b, "Event")) {
        out.add(b);
        if ("Complete".equalsIgnoreCase(value(b, "EventList"))) {
          break;
        }
      }
    }
    return Collections.unmodifiableList(out);
  }

  // ---------------------------------------------------------------- block helpers

  /** The first value of {@code key} (case-insensitive) in the block, or null. */
  public static String value(List<Map.Entry<String, String>> block, String key) {
    for (Map.Entry<String, String> e : block) {
      if (e.getKey().equalsIgnoreCase(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Whether the block has the key (case-insensitive). */
  public static boolean has(List<Map.Entry<String, String>> block, String key) {
    return value(block, key) != null;
  }

  /** The block as a case-insensitive map; a duplicate key keeps its first value. */
  public static Map<String, String> toMap(List<Map.Entry<String, String>> block) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> e : block) {
      map.putIfAbsent(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(map);
  }

  /** A block from alternating keys and values: {@code block("Event", "Hangup", "Cause", "16")}. */
  public static List<Map.Entry<String, String>> block(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must come in pairs");
    }
    List<Map.Entry<String, String>> block = new ArrayList<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      block.add(Map.entry(keysAndValues[i], keysAndValues[i + 1]));
    }
    return List.copyOf(block);
  }

  /**
   * The block as wire text: {@code Key: Value\r\n} per line (an empty value keeps its {@code ": "}, as
   * Asterisk writes {@code SystemName: }), then the terminating blank line.
   */
  public static String render(List<Map.Entry<String, String>> block) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : block) {
      if (!e.getKey().isEmpty()) {
        sb.append(e.getKey()).append(": ");
      }
      sb.append(e.getValue()).append(CRLF);
    }
    return sb.append(CRLF).toString();
  }

  /** The whole transcript as wire text (banner line, then every block); equals the raw file it came from. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    if (banner != null) {
      sb.append(banner).append(CRLF);
    }
    blocks.forEach(b -> sb.append(render(b)));
    return sb.toString();
  }

  // ---------------------------------------------------------------- rewriting

  /**
   * A copy in which every value of the given keys (matched case-insensitively, in every block) is replaced
   * by {@code mapping.apply(oldValue)}. The mapping is applied once per distinct old value, and that result
   * is reused wherever the value appears under any of the keys, so {@code Linkedid} stays equal to the
   * {@code Uniqueid} it names even with a stateful (counter) mapping. Empty values are left alone.
   */
  public AmiTranscript rewrite(Collection<String> keys, UnaryOperator<String> mapping) {
    TreeSet<String> chosen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    chosen.addAll(keys);
    Map<String, String> memo = new HashMap<>();
    List<List<Map.Entry<String, String>>> out = new ArrayList<>(blocks.size());
    for (List<Map.Entry<String, String>> b : blocks) {
      List<Map.Entry<String, String>> nb = new ArrayList<>(b.size());
      for (Map.Entry<String, String> e : b) {
        if (chosen.contains(e.getKey()) && !e.getValue().isEmpty()) {
          String nv = memo.computeIfAbsent(e.getValue(), v -> Objects.requireNonNull(mapping.apply(v), v));
          nb.add(Map.entry(e.getKey(), nv));
        } else {
          nb.add(e);
        }
      }
      out.add(List.copyOf(nb));
    }
    return new AmiTranscript(banner, out);
  }

  /**
   * A copy with fresh channel ids: each distinct value under {@link #ID_KEYS} (and the CEL/CDR spellings
   * {@code UniqueID}/{@code LinkedID}) becomes {@code <epoch>.<n>}, with an epoch no other call of this
   * method in this JVM used, so the same recorded call can be replayed twice as two different calls.
   */
  public AmiTranscript withFreshIds() {
    long epoch = FRESH_EPOCH.getAndIncrement();
    AtomicLong n = new AtomicLong();
    return rewrite(ID_KEYS, old -> epoch + "." + n.getAndIncrement());
  }

  @Override
  public String toString() {
    return "AmiTranscript[" + banner + ", " + blocks.size() + " blocks]";
  }
}
