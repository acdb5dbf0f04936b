package hotline.app;

import hotline.Core;
import hotline.cases.Action;
import hotline.cases.CaseKind;
import hotline.cases.CaseService;
import hotline.cases.Channel;
import hotline.cases.Intake;
import hotline.directory.PartyType;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo mode ({@code HOTLINE_DEMO=true} or {@code --demo}, off by default): a desk to try Hotline on. Seeds, through the
 * core services and the real lifecycle transitions, one user of every role, a city bureau with county bureaus and a
 * department each with a first responsible person, customers with phones, and cases of the four kinds in every status.
 * It runs once per database: when the demo city bureau (unit code {@link #MARKER}) exists, it seeds nothing.
 * The passwords are fixed and documented (docs/getting-started.md): a demo is never a production install.
 */
final class DemoSeed {

  private static final Logger LOG = LoggerFactory.getLogger(DemoSeed.class);

  /** The unit whose existence says the demo has been seeded. */
  static final String MARKER = "DEMO-CITY";
  /** The admin's password in demo mode when HOTLINE_ADMIN_PASSWORD is not set (the admin is created with it once). */
  static final String ADMIN_PASSWORD = "Kestrel-Quartz-Lantern-90";

  /** One demo account: what the banner prints. */
  record Account(String username, String password, String displayName, String role, String roleZh, String unitCode) {
  }

  static final List<Account> ACCOUNTS = List.of(
      new Account("agent1", "Plum-Harbor-Violet-58", "王丽（受理员）", "agent", "受理员", null),
      new Account("agent2", "Cedar-Meadow-Copper-73", "陈刚（受理员）", "agent", "受理员", null),
      new Account("leader1", "Granite-Willow-Saffron-41", "赵敏（分管领导）", "leader", "分管领导", null),
      new Account("supervisor1", "Harvest-Pebble-Indigo-26", "孙杰（整顿办）", "supervisor", "整顿办", null),
      new Account("nanshan1", "Orchid-Falcon-Tundra-37", "南山区局联络员", "unit_responder", "受诉单位", "DEMO-NS"),
      new Account("futian1", "Maple-Comet-Basalt-64", "福田区局联络员", "unit_responder", "受诉单位", "DEMO-FT"));

  private final Core core;

  DemoSeed(Core core) {
    this.core = core;
  }

  /** Seeds the demo unless it is there already; answers whether it seeded now. */
  Future<Boolean> seedOnce(String adminUsername) {
    return core.directory().units().compose(units -> {
      for (Object u : units) {
        if (MARKER.equals(((JsonObject) u).getString("code"))) {
          LOG.info("demo data present, nothing seeded [marker unit: {}]", MARKER);
          return Future.succeededFuture(false);
        }
      }
      return admin(adminUsername).compose(this::seed).map(true);
    });
  }

  private Future<Principal> admin(String username) {
    // Only the admin's id is read here; the principal itself comes from the user service.
    return core.pool().preparedQuery("SELECT id FROM users WHERE username = $1").execute(Tuple.of(username))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new IllegalStateException("no admin user '" + username + "' to seed the demo with"))
            : core.users().principal(rows.iterator().next().getLong("id")))
        .compose(p -> p == null ? Future.failedFuture(new IllegalStateException("admin '" + username + "' is not active"))
            : Future.succeededFuture(p));
  }

  /** What the seeding made, by code or user name, for the steps after it. */
  private static final class Made {
    final Map<String, Long> units = new LinkedHashMap<>();
    final Map<String, Principal> people = new LinkedHashMap<>();
    final Map<String, Long> customers = new LinkedHashMap<>();
  }

  private Future<Void> seed(Principal admin) {
    Made m = new Made();
    // The marker unit first: a seeding interrupted half-way is not started again over it (a fresh data dir is).
    Future<Void> f = unit(admin, m, MARKER, "深圳市烟草专卖局（演示）", "city_bureau", null, "市局办公室", "city@demo.hotline.example");
    f = f.compose(v -> unit(admin, m, "DEMO-NS", "南山区局（演示）", "county_bureau", MARKER, "南山区局办公室", "nanshan@demo.hotline.example"));
    f = f.compose(v -> unit(admin, m, "DEMO-FT", "福田区局（演示）", "county_bureau", MARKER, "福田区局办公室", "futian@demo.hotline.example"));
    f = f.compose(v -> unit(admin, m, "DEMO-MKT", "市局营销部（演示）", "department", MARKER, "营销部", "marketing@demo.hotline.example"));
    for (Account a : ACCOUNTS) {
      f = f.compose(v -> user(admin, m, a));
    }
    f = f.compose(v -> customer(admin, m, "zhang", new JsonObject().put("name", "张三").put("partyType", "consumer")
        .put("phones", new JsonArray().add("13800138000"))));
    f = f.compose(v -> customer(admin, m, "li", new JsonObject().put("name", "李记便利店").put("partyType", "retailer")
        .put("licenceNo", "440305100123").put("address", "深圳市南山区桃园路1号").put("phones", new JsonArray().add("0755-26880001"))));
    f = f.compose(v -> customer(admin, m, "wang", new JsonObject().put("name", "王五").put("partyType", "consumer")
        .put("phones", new JsonArray().add("13900139000").add("0755-83330000"))));
    f = f.compose(v -> cases(m));
    return f.onSuccess(v -> LOG.info("demo data seeded [units: {}, users: {}, customers: {}]", m.units.size(), m.people.size(),
        m.customers.size()));
  }

  private Future<Void> unit(Principal admin, Made m, String code, String name, String kind, String parentCode,
      String contact, String email) {
    JsonObject body = new JsonObject().put("code", code).put("name", name).put("kind", kind)
        .put("parentId", parentCode == null ? null : m.units.get(parentCode))
        .put("contacts", new JsonArray().add(new JsonObject().put("name", contact).put("title", "第一责任人")
            .put("phone", "0755-2666" + String.format("%04d", m.units.size() + 1)).put("email", email)
            .put("firstResponsible", true)));
    return core.directory().createUnit(admin, body).onSuccess(u -> m.units.put(code, u.getLong("id"))).mapEmpty();
  }

  private Future<Void> user(Principal admin, Made m, Account a) {
    JsonObject body = new JsonObject().put("username", a.username()).put("password", a.password())
        .put("displayName", a.displayName()).put("roles", new JsonArray().add(a.role()));
    if (a.unitCode() != null) {
      body.put("unitId", m.units.get(a.unitCode()));
    }
    return core.users().create(admin, body).onSuccess(u -> m.people.put(a.username(), Principal.fromJson(u))).mapEmpty();
  }

  private Future<Void> customer(Principal admin, Made m, String key, JsonObject body) {
    return core.directory().createCustomer(admin, body).onSuccess(c -> m.customers.put(key, c.getLong("id"))).mapEmpty();
  }

  // ---- cases: one chain of real transitions per case

  private static Intake intake(CaseKind kind, Channel channel, PartyType party, String subject, String content,
      Intake.Contact contact, Intake.Respondent respondent, Long customerId) {
    return new Intake(kind, channel, party, subject, content, contact, false, respondent, customerId, null, List.of(), null);
  }

  /** A case filed by {@code agent}, then each step in turn. */
  private Future<Void> caseWith(Principal agent, Intake intake, List<Function<Long, Future<?>>> steps) {
    Future<Long> f = core.cases().file(agent, intake).map(CaseService.Filed::id);
    for (Function<Long, Future<?>> s : steps) {
      f = f.compose(id -> s.apply(id).map(id));
    }
    return f.mapEmpty();
  }

  private Function<Long, Future<?>> step(Principal who, Action action, JsonObject body) {
    return id -> core.cases().transition(who, id, action, body);
  }

  private Future<Void> cases(Made m) {
    Principal agent1 = m.people.get("agent1");
    Principal agent2 = m.people.get("agent2");
    Principal leader = m.people.get("leader1");
    Principal supervisor = m.people.get("supervisor1");
    Principal nanshan = m.people.get("nanshan1");
    Principal futian = m.people.get("futian1");
    long ns = m.units.get("DEMO-NS");
    long ft = m.units.get("DEMO-FT");
    Intake.Contact zhang = new Intake.Contact("张三", List.of("13800138000"), null, null);
    Intake.Contact li = new Intake.Contact("李老板", List.of("0755-26880001"), null, "深圳市南山区桃园路1号");
    Intake.Contact wang = new Intake.Contact("王五", List.of("13900139000"), null, null);

    JsonObject submit = new JsonObject().put("note", "需派单处理");
    Function<String, JsonObject> instruction = text -> new JsonObject().put("instruction", text);
    Function<Long, JsonObject> byMail = unit -> new JsonObject().put("unitId", unit).put("method", "email");

    Future<Void> f = Future.succeededFuture();
    // received: a complaint just taken on the phone.
    f = f.compose(v -> caseWith(agent1, intake(CaseKind.COMPLAINT, Channel.PHONE, PartyType.CONSUMER, "零售店疑似销售假烟",
        "在南山区某便利店购买的香烟疑似假冒，要求查处。", zhang, new Intake.Respondent(null, null, "某便利店"),
        m.customers.get("zhang")), List.of()));
    // awaiting_instruction: a report, submitted for the leader's instruction.
    f = f.compose(v -> caseWith(agent1, intake(CaseKind.REPORT, Channel.WEB, PartyType.CONSUMER, "举报无证经营卷烟",
        "福田区某小区门口有人无证销售卷烟。", wang, new Intake.Respondent(null, null, "无名摊点"), null),
        List.of(step(agent1, Action.SUBMIT, submit))));
    // instructed: a suggestion the leader has instructed, not yet dispatched.
    f = f.compose(v -> caseWith(agent2, intake(CaseKind.SUGGESTION, Channel.EMAIL, PartyType.RETAILER, "建议延长订货时间",
        "建议将每周订货截止时间延长到周五晚上。", li, null, m.customers.get("li")),
        List.of(step(agent2, Action.SUBMIT, submit), step(leader, Action.INSTRUCT, instruction.apply("请营销部研究答复")))));
    // dispatched: a complaint sent to the Nanshan bureau by e-mail (the form waits in the outbox without SMTP).
    f = f.compose(v -> caseWith(agent1, intake(CaseKind.COMPLAINT, Channel.PHONE, PartyType.CONSUMER, "专卖人员执法态度差",
        "南山区局执法人员检查时态度粗暴。", zhang, new Intake.Respondent("某执法人员", ns, null), m.customers.get("zhang")),
        List.of(step(agent1, Action.SUBMIT, submit), step(leader, Action.INSTRUCT, instruction.apply("请南山区局两日内核实处理")),
            step(agent1, Action.DISPATCH, byMail.apply(ns)))));
    // receipt_confirmed: an inquiry the supervision office signed, received by the Futian bureau.
    f = f.compose(v -> caseWith(agent2, intake(CaseKind.INQUIRY, Channel.PHONE, PartyType.RETAILER, "许可证延续办理",
        "请问零售许可证到期延续需要哪些材料？", li, null, m.customers.get("li")),
        List.of(step(agent2, Action.SUBMIT, submit), step(supervisor, Action.INSTRUCT, instruction.apply("转福田区局答复")),
            step(agent2, Action.DISPATCH, byMail.apply(ft)),
            step(futian, Action.RECEIPT, new JsonObject().put("method", "reply")))));
    // handled: a report the Nanshan bureau has fed back on.
    f = f.compose(v -> caseWith(agent1, intake(CaseKind.REPORT, Channel.LETTER, PartyType.CONSUMER, "举报销售走私烟",
        "南山区某商店销售无中文标识卷烟。", wang, new Intake.Respondent(null, null, "某商店"), null),
        List.of(step(agent1, Action.SUBMIT, submit), step(leader, Action.INSTRUCT, instruction.apply("请南山区局立即查处")),
            step(agent1, Action.DISPATCH, byMail.apply(ns)),
            step(nanshan, Action.RECEIPT, new JsonObject().put("method", "by_hand")),
            step(nanshan, Action.FEEDBACK, new JsonObject().put("result", "经查属实，已查扣涉案卷烟并立案。")))));
    // followed_up: a complaint the customer was satisfied with, waiting for the leader's review.
    f = f.compose(v -> caseWith(agent2, intake(CaseKind.COMPLAINT, Channel.PHONE, PartyType.CONSUMER, "配送延误",
        "福田区订购的卷烟连续两周延迟配送。", wang, new Intake.Respondent(null, ft, null), m.customers.get("wang")),
        List.of(step(agent2, Action.SUBMIT, submit), step(leader, Action.INSTRUCT, instruction.apply("请福田区局核查配送")),
            step(agent2, Action.DISPATCH, byMail.apply(ft)),
            step(futian, Action.FEEDBACK, new JsonObject().put("result", "已调整配送线路，恢复正常。")),
            step(agent2, Action.FOLLOW_UP, new JsonObject().put("satisfaction", "satisfied")))));
    // reopened: the customer was not satisfied; round 2 waits for dispatch under the supervision office.
    f = f.compose(v -> caseWith(agent1, intake(CaseKind.SUGGESTION, Channel.WALK_IN, PartyType.RETAILER, "建议规范终端陈列",
        "建议统一南山区零售终端的陈列标准。", li, null, m.customers.get("li")),
        List.of(step(agent1, Action.SUBMIT, submit), step(leader, Action.INSTRUCT, instruction.apply("请南山区局研究")),
            step(agent1, Action.DISPATCH, byMail.apply(ns)),
            step(nanshan, Action.FEEDBACK, new JsonObject().put("result", "已收悉，将择期研究。")),
            step(agent1, Action.FOLLOW_UP, new JsonObject().put("satisfaction", "unsatisfied").put("note", "客户认为答复敷衍")))));
    // closed: an inquiry answered on the spot, and a complaint closed by the leader after review.
    f = f.compose(v -> caseWith(agent2, intake(CaseKind.INQUIRY, Channel.WALK_IN, PartyType.CONSUMER, "卷烟价格咨询",
        "请问某品牌卷烟的零售指导价是多少？", wang, null, null),
        List.of(step(agent2, Action.ANSWER, new JsonObject().put("answer", "已告知零售指导价，并提示可在官网查询。")))));
    f = f.compose(v -> caseWith(agent1, intake(CaseKind.COMPLAINT, Channel.FAX, PartyType.RETAILER, "订货系统无法登录",
        "连续三天无法登录网上订货系统。", li, new Intake.Respondent(null, null, "市局营销部"), m.customers.get("li")),
        List.of(step(agent1, Action.SUBMIT, submit), step(leader, Action.INSTRUCT, instruction.apply("请南山区局协调处理")),
            step(agent1, Action.DISPATCH, byMail.apply(ns)),
            step(nanshan, Action.FEEDBACK, new JsonObject().put("result", "系统故障已修复，已电话告知客户。")),
            step(agent1, Action.FOLLOW_UP, new JsonObject().put("satisfaction", "very_satisfied")),
            step(leader, Action.REVIEW, new JsonObject().put("decision", "close").put("note", "同意办结")))));
    return f;
  }

  /** What the console shows in demo mode: where to go and how to sign in, in Chinese and English. */
  static String banner(int port, String adminUsername, String adminPassword, boolean seededNow) {
    StringBuilder b = new StringBuilder();
    String line = "=".repeat(76);
    b.append(line).append('\n');
    b.append(" 演示模式 DEMO MODE — 演示数据，切勿用于生产 / demo data, never for production\n");
    b.append(seededNow ? " 已生成演示数据 / demo data seeded now\n" : " 演示数据已存在，未重复生成 / demo data already present, nothing seeded\n");
    b.append(" 接口文档 API docs:  http://localhost:").append(port).append("/api/docs\n");
    b.append(" 登录 sign in:       POST http://localhost:").append(port)
        .append("/api/session {\"username\":\"…\",\"password\":\"…\"}\n");
    b.append(" 说明 walkthrough:   docs/getting-started.md\n");
    b.append(String.format(" %-22s %-14s %s%n", "角色 role", "用户 user", "密码 password"));
    b.append(String.format(" %-22s %-14s %s%n", "管理员 admin", adminUsername, adminPassword));
    for (Account a : ACCOUNTS) {
      b.append(String.format(" %-22s %-14s %s%n", a.roleZh() + " " + a.role(), a.username(), a.password()));
    }
    b.append(" （密码为初次生成时的值；改过的以新密码为准 / passwords as seeded, unless changed since）\n");
    b.append(line);
    return b.toString();
  }
}
