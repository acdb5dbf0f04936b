package hotline.app;

import hotline.Core;
import hotline.calendar.CalendarSource;
import hotline.config.Config;
import hotline.db.Database;
import hotline.db.DatabaseSettings;
import hotline.dispatch.OverdueSweepVerticle;
import hotline.forms.FormPdf;
import hotline.telephony.CallbackSettings;
import hotline.telephony.TelephonySettings;
import hotline.telephony.TelephonyVerticle;
import hotline.mail.MailGatewayVerticle;
import hotline.fax.FaxGatewayVerticle;
import hotline.web.WebSettings;
import hotline.web.WebVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The whole service in one process: database, migrations, core, and every verticle, started in order. */
public final class Hotline {

  private static final Logger LOG = LoggerFactory.getLogger(Hotline.class);

  private final Vertx vertx;
  private final Config config;
  private EmbeddedDatabase embedded;
  private Pool pool;
  private volatile WebVerticle web;
  private volatile hotline.web.MetricsVerticle metricsServer;

  public Hotline(Vertx vertx, Config config) {
    this.vertx = vertx;
    this.config = config;
  }

  public Future<Hotline> start() {
    Future<PgConnectOptions> fut = database();
    fut = fut.compose(target -> Database.migrate(vertx, target).map(target));
    return fut.compose(this::startCore).map(this);
  }

  private Future<PgConnectOptions> database() {
    DatabaseSettings db = DatabaseSettings.from(config);
    if (!db.embedded()) {
      return Future.succeededFuture(DatabaseSettings.connectOptions(db.url()));
    }
    Path dataDir = Path.of(config.string("data.dir", "./data"));
    int port = config.integer("embedded-postgres.port", 0);
    return vertx.executeBlocking(() -> EmbeddedDatabase.start(dataDir, port), false).map(e -> {
      embedded = e;
      return e.connectOptions();
    });
  }

  private Future<Void> startCore(PgConnectOptions target) {
    pool = Database.pool(vertx, target, DatabaseSettings.from(config).poolSize());
    Future<CalendarSource> calendar = vertx.executeBlocking(() -> CalendarSource.from(config), false);
    return calendar.compose(cal -> {
      Core core = Core.create(vertx, pool, config, Clock.systemUTC(), cal);
      WebSettings webSettings = WebSettings.from(config);
      hotline.webform.WebFormSettings publicForm = hotline.webform.WebFormSettings.from(config);
      // One HTTP verticle per core: they share the listening port, each on its own event loop.
      int instances = config.integer("http.instances", Runtime.getRuntime().availableProcessors());
      String adminName = config.string("admin.username", "admin");
      String adminPassword = config.string("admin.password", null);
      // Demo mode: a documented password instead of a random one to change, so the demo desk opens at once.
      boolean demo = config.bool("demo", false);
      String shownAdminPassword = adminPassword != null ? "(HOTLINE_ADMIN_PASSWORD)" : DemoSeed.ADMIN_PASSWORD;
      // The calendars admins uploaded (in the database) over the shipped files, before anything counts a deadline.
      Future<?> f = core.calendars().start();
      f = f.compose(x -> core.users().ensureAdmin(adminName, demo && adminPassword == null ? DemoSeed.ADMIN_PASSWORD : adminPassword));
      // The record forms the API serves: one renderer for all instances, built on a worker (it reads layout files).
      Future<FormPdf> forms = f.compose(x -> vertx.executeBlocking(() -> FormPdf.from(config)));
      f = forms.compose(pdf -> vertx.deployVerticle(() -> {
        WebVerticle w = new WebVerticle(core, webSettings, pdf, publicForm);
        web = w;
        return w;
      }, new DeploymentOptions().setInstances(Math.max(1, instances))));
      f = f.compose(x -> vertx.deployVerticle(new TelephonyVerticle(core, TelephonySettings.from(config),
          CallbackSettings.from(config), Clock.systemUTC())));
      // The fax gateway first: the mail gateway hands fax-to-mail over to it. Both read their form layouts from
      // files when they are built, so they are built on a worker.
      f = f.compose(x -> vertx.executeBlocking(() -> new FaxGatewayVerticle(core, config))).compose(vertx::deployVerticle);
      f = f.compose(x -> vertx.executeBlocking(() -> new MailGatewayVerticle(core, config))).compose(vertx::deployVerticle);
      f = f.compose(x -> vertx.deployVerticle(new OverdueSweepVerticle(core.dispatches(),
          Duration.ofSeconds(config.integer("overdue.sweep-seconds", 60)))));
      // The knowledge base's expiry reminders (knowledge.* in config/hotline.yaml).
      f = f.compose(x -> vertx.deployVerticle(new hotline.knowledge.KnowledgeReminderVerticle(
          hotline.knowledge.KnowledgeService.of(vertx, core), Duration.ofSeconds(config.integer("knowledge.reminder-sweep-seconds", 3600)),
          config.integer("knowledge.reminder-days", 7))));
      // The search documents of cases that have none (those of before V19; a case changed by SQL).
      f = f.compose(x -> vertx.deployVerticle(new hotline.cases.CaseSearchIndexer(core.pool(),
          Duration.ofSeconds(config.integer("search.index-seconds", 5)))));
      f = f.compose(x -> startMetrics());
      if (demo) {
        LOG.warn("demo mode is on (HOTLINE_DEMO): demo users with documented passwords are seeded; never in production");
        f = f.compose(x -> new DemoSeed(core).seedOnce(adminName))
            // On the console, like a generated admin password: the operator needs it to sign in.
            .onSuccess(seeded -> System.out.println(DemoSeed.banner(web.actualPort(), adminName, shownAdminPassword, seeded)));
      }
      return f.mapEmpty();
    });
  }

  /**
   * What only metrics need, when this Vert.x instance measures (see {@link HotlineVertx}): the event-loop probe on every
   * loop, the outbox backlog read on a timer, and the metrics port when one is configured.
   */
  private Future<?> startMetrics() {
    if (!hotline.metrics.Meters.enabled(vertx)) {
      return Future.succeededFuture();
    }
    hotline.metrics.MetricsSettings settings = hotline.metrics.Meters.settings(vertx);
    // As many probes as event loops: deployments take the loops in turn, so each loop gets one.
    Future<?> f = vertx.deployVerticle(() -> new hotline.metrics.EventLoopProbe(settings.probeInterval()),
        new DeploymentOptions().setInstances(io.vertx.core.VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE));
    f = f.compose(x -> vertx.deployVerticle(new hotline.outbox.OutboxBacklog(pool, settings.outboxRefresh())));
    if (settings.port() > 0) {
      f = f.compose(x -> vertx.deployVerticle(metricsServer = new hotline.web.MetricsVerticle(settings)));
    }
    return f;
  }

  /** The metrics port's actual port, or -1 without one. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.actualPort();
  }

  public int httpPort() {
    return web.actualPort();
  }

  /** Stops the verticles, the pool and, last, the embedded database. */
  public Future<Void> stop() {
    Future<Void> f = Future.succeededFuture();
    for (String id : vertx.deploymentIDs()) {
      f = f.compose(x -> vertx.undeploy(id));
    }
    f = f.compose(x -> pool == null ? Future.succeededFuture() : pool.close());
    return f.compose(x -> embedded == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      embedded.close();
      return null;
    }, false)).mapEmpty();
  }
}
