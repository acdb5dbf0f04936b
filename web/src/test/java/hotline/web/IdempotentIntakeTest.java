package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A source reference (a mail's Message-ID, a form's idempotency key) never files a second case, even when raced. */
class IdempotentIntakeTest extends ApiTestBase {

  static User agent;

  @BeforeAll
  static void users() throws Exception {
    agent = user("intake", null, "agent");
  }

  static long total() throws Exception {
    return get(agent.token(), "/api/cases").expect(200).json().getLong("total");
  }

  @Test
  void theSameReferenceAnswersTheCaseFiledBefore() throws Exception {
    long before = total();
    JsonObject body = complaint("邮件投诉").put("sourceRef", "mail:<20261128.0001@example.cn>");
    JsonObject first = post(agent.token(), "/api/cases", body).expect(201).json();
    JsonObject again = post(agent.token(), "/api/cases", body).expect(200).json();
    assertEquals(first.getLong("id"), again.getLong("id"));
    assertEquals(first.getString("number"), again.getString("number"));
    assertTrue(again.getBoolean("alreadyFiled"));
    assertEquals(before + 1, total());
    assertEquals(1, again.getJsonArray("timeline").size(), "one intake on the timeline");
    JsonObject other = post(agent.token(), "/api/cases", complaint("另一封").put("sourceRef", "mail:<20261128.0002@example.cn>"))
        .expect(201).json();
    assertTrue(other.getLong("id") > first.getLong("id"));
    assertEquals(400, post(agent.token(), "/api/cases", complaint("太长").put("sourceRef", "x".repeat(301))).status());
  }

  @Test
  void racingSubmissionsFileOneCase() throws Exception {
    long before = total();
    JsonObject body = complaint("重复提交").put("sourceRef", "web:form-7f3a9c");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Res>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(pool.submit(() -> post(agent.token(), "/api/cases", body)));
      }
      int created = 0;
      Long id = null;
      for (Future<Res> f : answers) {
        Res r = f.get();
        assertTrue(r.status() == 201 || r.status() == 200, r.body());
        created += r.status() == 201 ? 1 : 0;
        long thisId = r.json().getLong("id");
        if (id == null) {
          id = thisId;
        }
        assertEquals(id, thisId, "every answer names the same case");
      }
      assertEquals(1, created, "exactly one submission files the case");
    } finally {
      pool.shutdown();
    }
    assertEquals(before + 1, total());
  }
}
