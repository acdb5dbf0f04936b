package hotline.web;

import static hotline.web.Requests.body;
import static hotline.web.Requests.ok;
import static hotline.web.Requests.principal;

import hotline.Core;
import hotline.knowledge.KnowledgeService;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.validation.QueryParams;
import io.vertx.ext.web.Router;

/**
 * The knowledge base (知识库): search and read articles, write drafts, review and publish, a unit's policy updates, the
 * expiry list, and the articles a case used. The rules (who sees which, which step fits which status) are the core's.
 */
final class KnowledgeRoutes {

  private KnowledgeRoutes() {
  }

  static void mount(Router router, io.vertx.core.Vertx vertx, Core core) {
    KnowledgeService knowledge = KnowledgeService.of(vertx, core);
    String articles = "/api/knowledge/articles";
    router.get(articles).handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.KNOWLEDGE_READ);
      QueryParams q = new QueryParams(ctx.request()::getParam);
      return knowledge.list(p, q.text("q", 500), q.text("category", 40), q.text("status", 20), q.id("unitId"), q.page(),
          q.size(100), q.bool("count") != Boolean.FALSE);
    }));
    router.post(articles).handler(ctx -> Requests.respond(ctx, 201, () ->
        knowledge.create(principal(ctx, Permission.KNOWLEDGE_WRITE), body(ctx))));
    router.get(articles + "/:articleId").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.KNOWLEDGE_READ);
      return knowledge.get(p, Requests.pathId(ctx, "articleId"));
    }));
    router.put(articles + "/:articleId").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.KNOWLEDGE_EDIT);
      return knowledge.update(p, Requests.pathId(ctx, "articleId"), body(ctx));
    }));
    router.post(articles + "/:articleId/submit").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.KNOWLEDGE_EDIT);
      return knowledge.step(p, Requests.pathId(ctx, "articleId"), "submit", body(ctx));
    }));
    for (String step : new String[] {"publish", "return", "retire"}) {
      router.post(articles + "/:articleId/" + step).handler(ctx -> ok(ctx, () -> {
        Principal p = principal(ctx, Permission.KNOWLEDGE_REVIEW);
        return knowledge.step(p, Requests.pathId(ctx, "articleId"), step, body(ctx));
      }));
    }
    router.get(articles + "/:articleId/versions/:version").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.KNOWLEDGE_READ);
      return knowledge.version(p, Requests.pathId(ctx, "articleId"), versionParam(ctx.pathParam("version")));
    }));
    router.get(articles + "/:articleId/diff").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.KNOWLEDGE_READ);
      QueryParams q = new QueryParams(ctx.request()::getParam);
      return knowledge.diff(p, Requests.pathId(ctx, "articleId"), q.integer("from", 1, 1, 1_000_000),
          q.integer("to", 1, 1, 1_000_000));
    }));
    router.post("/api/knowledge/submissions").handler(ctx -> Requests.respond(ctx, 201, () ->
        knowledge.submit(principal(ctx, Permission.KNOWLEDGE_SUBMIT), body(ctx))));
    router.get("/api/knowledge/expiring").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.KNOWLEDGE_REVIEW);
      return knowledge.expiring(p, new QueryParams(ctx.request()::getParam).integer("days", 7, 1, 366));
    }));
    router.get("/api/cases/:caseId/articles").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.KNOWLEDGE_READ);
      return CaseRoutes.caseId(ctx, core, p).compose(id -> knowledge.caseArticles(p, id));
    }));
    router.post("/api/cases/:caseId/articles").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.KNOWLEDGE_LINK);
      return CaseRoutes.caseId(ctx, core, p).compose(id -> knowledge.link(p, id, body(ctx)));
    }));
    router.post("/api/cases/:caseId/articles/propose").handler(ctx -> Requests.respond(ctx, 201, () -> {
      Principal p = principal(ctx, Permission.KNOWLEDGE_WRITE);
      return CaseRoutes.caseId(ctx, core, p).compose(id -> knowledge.propose(p, id, body(ctx)));
    }));
  }

  private static int versionParam(String v) {
    if (v == null || !v.matches("\\d{1,7}")) {
      throw hotline.errors.HotlineException.notFound("knowledge_version", v);
    }
    return Integer.parseInt(v);
  }
}
