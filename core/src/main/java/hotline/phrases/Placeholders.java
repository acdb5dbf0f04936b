package hotline.phrases;

import hotline.users.Principal;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of a phrase and what fills them from the case on the desk. The values come from the case as the
 * caller may see it (CaseService.get masks a report's reporter for whoever may not see them), so a masked reporter is
 * addressed with the polite form that names nobody.
 */
public final class Placeholders {

  public static final String AGENT_NUMBER = "工号";
  public static final String AGENT_NAME = "坐席姓名";
  public static final String CASE_NUMBER = "工单号";
  public static final String DEADLINE = "办结时限";
  public static final String UNIT = "责任单位";
  public static final String CUSTOMER = "客户称呼";

  /** Every placeholder, as the admin page lists them. */
  public static final List<String> ALL = List.of(AGENT_NUMBER, AGENT_NAME, CASE_NUMBER, DEADLINE, UNIT, CUSTOMER);

  /** How a customer is addressed when their name is not known or not to be shown. */
  static final String POLITE = "尊敬的客户";

  private static final Pattern TOKEN = Pattern.compile("\\{(" + String.join("|", ALL) + ")}");
  private static final DateTimeFormatter SAME_YEAR = DateTimeFormatter.ofPattern("M月d日HH:mm前");
  private static final DateTimeFormatter OTHER_YEAR = DateTimeFormatter.ofPattern("yyyy年M月d日HH:mm前");

  private Placeholders() {
  }

  /** The values the agent themselves gives: their 工号 (the sign-in name, which a centre sets to it) and name. */
  public static Map<String, String> ofAgent(Principal agent) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put(AGENT_NUMBER, agent.username());
    v.put(AGENT_NAME, agent.displayName());
    return v;
  }

  /**
   * The values of a case view ({@code CaseService.get} as this agent sees it): its number, the current dispatch's due
   * time as a caller hears it ("12月4日17:30前"; before dispatch, the time a dispatch now would get), the responsible unit
   * (the unit of the current dispatch: the respondent is whom the customer complains of, never it) and the customer's name where the view shows it.
   */
  public static Map<String, String> ofCase(Principal agent, JsonObject view, ZoneId zone, LocalDate today) {
    Map<String, String> v = ofAgent(agent);
    v.put(CASE_NUMBER, view.getString("number"));
    JsonObject current = view.getJsonObject("currentDispatch");
    String due = current != null ? current.getString("dueAt")
        : view.getJsonObject("nextDispatch") != null ? view.getJsonObject("nextDispatch").getString("dueAt") : null;
    if (due != null) {
      v.put(DEADLINE, deadline(OffsetDateTime.parse(due), zone, today));
    }
    String unit = current != null ? current.getString("unitName") : null;
    if (unit != null && !unit.isBlank()) {
      v.put(UNIT, unit);
    }
    JsonObject contact = view.getJsonObject("contact");
    String name = contact == null ? null : contact.getString("name");
    v.put(CUSTOMER, name == null || name.isBlank() ? POLITE : name.strip());
    return v;
  }

  /** A deadline as it is said to a caller: "12月4日17:30前", with the year when it is not this year's. */
  public static String deadline(OffsetDateTime due, ZoneId zone, LocalDate today) {
    ZonedDateTime at = due.atZoneSameInstant(zone);
    return (at.getYear() == today.getYear() ? SAME_YEAR : OTHER_YEAR).format(at);
  }

  /** The result of filling: the text, and the placeholders it holds that had no value (left as written). */
  public record Filled(String text, List<String> missing) {
  }

  /** The text with every placeholder that has a value replaced; the others are left and named in {@code missing}. */
  public static Filled fill(String template, Map<String, String> values) {
    Matcher m = TOKEN.matcher(template);
    StringBuilder out = new StringBuilder();
    java.util.Set<String> missing = new java.util.LinkedHashSet<>();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        missing.add(m.group(1));
        m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
      } else {
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
    }
    m.appendTail(out);
    return new Filled(out.toString(), List.copyOf(missing));
  }
}
