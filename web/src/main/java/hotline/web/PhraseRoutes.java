package hotline.web;

import static hotline.web.Requests.body;
import static hotline.web.Requests.ok;
import static hotline.web.Requests.pathId;
import static hotline.web.Requests.principal;
import static hotline.web.Requests.respond;

import hotline.Core;
import hotline.cases.CaseKind;
import hotline.cases.Channel;
import hotline.errors.HotlineException;
import hotline.phrases.ForbiddenWords;
import hotline.phrases.PhraseCategory;
import hotline.phrases.PhraseService;
import hotline.users.Permission;
import hotline.validation.QueryParams;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Standard service phrases (标准服务用语), the words not to use (服务忌语) and the check of a text against them. */
final class PhraseRoutes {

  private PhraseRoutes() {
  }

  static void mount(Router router, Core core) {
    PhraseService phrases = new PhraseService(core.pool(), core.clock(), core.calendar()::zone, core.cases(),
        core.audit());
    ForbiddenWords words = ForbiddenWords.of(core.pool(), core.audit());

    router.get("/api/phrases").handler(ctx -> ok(ctx, () -> phrases.list(principal(ctx, Permission.PHRASES_READ), query(ctx))));
    router.post("/api/phrases").handler(ctx -> respond(ctx, 201,
        () -> phrases.create(principal(ctx, Permission.PHRASES_MANAGE), body(ctx))));
    router.put("/api/phrases/order").handler(ctx -> ok(ctx,
        () -> phrases.order(principal(ctx, Permission.PHRASES_MANAGE), body(ctx))));
    router.put("/api/phrases/:phraseId").handler(ctx -> ok(ctx, () -> {
      var p = principal(ctx, Permission.PHRASES_MANAGE);
      return phrases.update(p, pathId(ctx, "phraseId"), body(ctx));
    }));
    router.get("/api/cases/:caseId/phrases").handler(ctx -> ok(ctx, () -> {
      var p = principal(ctx, Permission.PHRASES_READ);
      return phrases.forCase(p, pathId(ctx, "caseId"), query(ctx));
    }));

    router.get("/api/forbidden-words").handler(ctx -> ok(ctx, () -> words.list(principal(ctx, Permission.PHRASES_READ))));
    router.post("/api/forbidden-words").handler(ctx -> respond(ctx, 201,
        () -> words.create(principal(ctx, Permission.PHRASES_MANAGE), body(ctx))));
    router.put("/api/forbidden-words/:wordId").handler(ctx -> ok(ctx, () -> {
      var p = principal(ctx, Permission.PHRASES_MANAGE);
      return words.update(p, pathId(ctx, "wordId"), body(ctx));
    }));
    router.delete("/api/forbidden-words/:wordId").handler(ctx -> ok(ctx, () -> {
      var p = principal(ctx, Permission.PHRASES_MANAGE);
      return words.delete(p, pathId(ctx, "wordId"));
    }));
    router.post("/api/texts/check").handler(ctx -> ok(ctx, () -> {
      var p = principal(ctx, Permission.PHRASES_READ);
      Object text = body(ctx).getValue("text");
      if (text != null && !(text instanceof String)) {
        throw HotlineException.wrongType("text", "string");
      }
      return words.check(p, (String) text);
    }));
  }

  private static PhraseService.Query query(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx.request()::getParam);
    Boolean retired = q.bool("retired");
    return new PhraseService.Query(q.text("q", 200), q.enumValue("kind", CaseKind.class),
        q.enumValue("channel", Channel.class), q.enumValue("category", PhraseCategory.class), Boolean.TRUE.equals(retired));
  }

  /**
   * The words not to use found in a filed case's texts, as the intake answer's {@code warnings.forbiddenWords}:
   * {@code [{field, word, hint, start, end}]}, positions within that field. A failure of the check never fails the
   * filing, which has happened.
   */
  static Future<JsonObject> withWarnings(Core core, JsonObject filed, Map<String, String> texts) {
    ForbiddenWords words = ForbiddenWords.of(core.pool(), core.audit());
    JsonArray found = new JsonArray();
    Future<Void> all = Future.succeededFuture();
    for (Map.Entry<String, String> e : texts.entrySet()) {
      if (e.getValue() == null || e.getValue().length() > ForbiddenWords.MAX_TEXT) {
        continue;
      }
      all = all.compose(v -> words.hits(e.getValue()).map(hits -> {
        hits.forEach(h -> found.add(((JsonObject) h).put("field", e.getKey())));
        return null;
      }));
    }
    return all.map(v -> found.isEmpty() ? filed : filed.put("warnings", new JsonObject().put("forbiddenWords", found)))
        .otherwise(filed);
  }

  /** Field names and texts, in order: {@code texts("subject", s, "content", c)}. */
  static Map<String, String> texts(String... namesAndTexts) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < namesAndTexts.length; i += 2) {
      m.put(namesAndTexts[i], namesAndTexts[i + 1]);
    }
    return m;
  }
}
