package hotline;

import hotline.access.AccessService;
import hotline.audit.AuditLog;
import hotline.calendar.CalendarService;
import hotline.calendar.CalendarSource;
import hotline.cases.CaseService;
import hotline.cases.CaseSettings;
import hotline.config.Config;
import hotline.directory.DirectoryService;
import hotline.directory.PhoneNumbers;
import hotline.dispatch.DispatchService;
import hotline.outbox.Outbox;
import hotline.stats.Bulletin;
import hotline.users.UserService;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;

/** The case core's services, wired once over one pool; gateways and the web layer take what they need from here. */
public record Core(Pool pool, Clock clock, CalendarSource calendar, AuditLog audit, UserService users,
    DirectoryService directory, CaseService cases, DispatchService dispatches, AccessService access, Outbox outbox,
    CalendarService calendars, Bulletin bulletin) {

  public static Core create(Vertx vertx, Pool pool, Config config, Clock clock, CalendarSource calendar) {
    AuditLog audit = new AuditLog(pool, clock, calendar::zone);
    UserService users = new UserService(vertx, pool, clock, audit, Duration.ofHours(config.integer("sessions.ttl-hours", 12)),
        calendar::zone);
    PhoneNumbers phones = new PhoneNumbers(config.string("phone.default-region", "CN"), config.string("phone.default-area-code", ""));
    DirectoryService directory = new DirectoryService(pool, phones);
    AccessService access = new AccessService(pool, clock, audit, Duration.ofHours(config.integer("access.default-hours", 24)),
        calendar::zone);
    CaseSettings caseSettings = CaseSettings.from(config);
    CaseService cases = new CaseService(vertx, pool, clock, calendar, phones, caseSettings, audit, access,
        DispatchService.transitions(calendar, caseSettings));
    Outbox outbox = new Outbox(pool, clock, calendar::zone);
    DispatchService dispatches = new DispatchService(vertx, pool, clock, calendar::zone, cases, outbox);
    // The uploaded calendars come into force when the node starts them (calendars().start()).
    CalendarService calendars = new CalendarService(vertx, pool, clock, calendar, audit);
    Bulletin bulletin = new Bulletin(vertx, pool, clock, calendar, caseSettings.categories());
    return new Core(pool, clock, calendar, audit, users, directory, cases, dispatches, access, outbox, calendars, bulletin);
  }
}
