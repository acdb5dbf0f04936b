package hotline;

/**
 * Event-bus addresses of the core. Bodies are JSON and never carry a reporter's identity: a consumer that needs
 * case details asks the core with its own principal.
 */
public final class Addresses {

  /** Published after a case is filed: {@code {"caseId","number","kind","channel","ownerId"}}. */
  public static final String CASE_CREATED = hotline.cases.CaseEvents.CREATED;
  /** Published after every transition: {@code {"caseId","number","action","from","to"}}. */
  public static final String CASE_CHANGED = hotline.cases.CaseEvents.CHANGED;
  /** Published after a dispatch is created: {@code {"dispatchId","caseId","number","round","unitId","method","dueAt"}}. */
  public static final String DISPATCH_CREATED = hotline.dispatch.DispatchEvents.CREATED;
  /** Published for each dispatch the sweep finds past its deadline, for reminders. */
  public static final String DISPATCH_OVERDUE = hotline.dispatch.DispatchEvents.OVERDUE;
  /**
   * Published (every node) after an admin uploaded a year's calendar: {@code {"year"}}; each node reads the uploaded
   * years again, so that new deadlines use the new year everywhere.
   */
  public static final String CALENDAR_CHANGED = "calendar.changed";

  /**
   * Request, answered by the fax gateway: a fax that arrived by mail (fax-to-mail), {@code {"sourceRef","from",
   * "subject","text","receivedAt","attachments":[{"name","contentType","data"(base64)}]}}; answers {@code {"caseId","number"}}.
   * With no fax gateway deployed the mail gateway files the fax case itself.
   */
  public static final String FAX_FROM_MAIL = "fax.mail.received";

  /**
   * Request: the mail log, {@code {"viewer":{principal},"outcome","page","size"}}; answers {@code {"items","total"}}.
   * For leaders and the supervision office.
   */
  public static final String MAIL_LOG = "mail.log.list";

  /** Published by the node holding the AMI link for every fax result (ReceiveFAX, SendFAX, the dialplan's HotlineFax). */
  public static final String FAX_EVENT = "telephony.fax.event";
  /**
   * Request, answered by the node holding the AMI link: send a fax, {@code {"job","number","file","header"}}; answers
   * {@code {"queued":true}} once Asterisk took the Originate. The result arrives as a {@link #FAX_EVENT} with that job.
   */
  public static final String FAX_SEND = "telephony.fax.send";

  /** Request (node-local): this node's fax gateway status, for health. */
  public static final String FAX_STATUS = "fax.status";

  /** Request (node-local): this node's mail gateway status, for health. */
  public static final String MAIL_STATUS = "mail.status";

  /** Screen pops for one agent: {@code hotline.screenpop.<agentId>}; phases ringing, answered, ended. */
  public static String screenPop(long agentId) {
    return "hotline.screenpop." + agentId;
  }

  /**
   * Published when a hotline call ends: {@code {"callId","linkedid","callerNumber","agentId","disposition","endUnknown",
   * "direction","missed"}} ({@code missed}: an inbound call nobody took, {@link hotline.calls.CallDisposition#missed()}).
   */
  public static final String CALL_ENDED = "telephony.call.ended";
  /** Request (node-local): this node's telephony status, for health and metrics. */
  public static final String TELEPHONY_STATUS = "telephony.status";
  /** Request: the call log, {@code {"viewer":{principal},"number","agentId","from","to","disposition","caseId","page","size"}}. */
  public static final String CALLS_LIST = "telephony.calls.list";
  /** Request: link a call to a case by hand, {@code {"viewer","callId","caseId"}}. */
  public static final String CALLS_LINK = "telephony.calls.link";

  /**
   * Request: set an agent's phone, {@code {"userId","interface","extension"}} (both null: the user has no phone any
   * more); answers the mapping.
   */
  public static final String AGENT_PHONE_SET = "telephony.agents.set";
  /** Request: every agent's phone, {@code {"viewer"}}; answers {@code {"items":[{"userId","interface","extension"}]}}. */
  public static final String AGENT_PHONES_LIST = "telephony.agents.list";
  /** Published (every node): an agent's phone was set; each node's cache of who answers on which phone is stale. */
  public static final String AGENT_PHONES_CHANGED = "telephony.agents.changed";

  /** Request: a callback for a case, {@code {"viewer","caseId","kind":"satisfaction"|"receipt"}}; answers the job. */
  public static final String CALLBACKS_CREATE = "telephony.callbacks.create";
  /** Request: a case's callback jobs with their attempts, {@code {"viewer","caseId"}}. */
  public static final String CALLBACKS_LIST = "telephony.callbacks.list";

  /** Request, answered by the node holding the AMI link: click-to-call, {@code {"viewer","number","caseId"}}. */
  public static final String CALLS_DIAL = "telephony.calls.dial";

  /**
   * Request: mark missed calls handled, {@code {"viewer","callId"}} for one (answers {@code {"callId","handledAt",
   * "handledBy","changed"}}) or {@code {"viewer","before"}} for every missed call not yet handled that ended at or
   * before then (answers {@code {"handled":n,"before"}}).
   */
  public static final String CALLS_HANDLE = "telephony.calls.handle";
  /** Published after missed calls were marked handled: {@code {"callId"} (one) or {"count","before"} (all), "by"}. */
  public static final String CALLS_HANDLED = "telephony.calls.handled";

  /**
   * Request, answered on every node: the caller's phone bar, {@code {"viewer"}}; answers {@code {"extension",
   * "interface","link","queues":[…],"paused","pausedReason","inCall","activeCallSince","talkSecondsToday","callsToday",
   * "reasons"}}.
   */
  public static final String PHONE_BAR = "telephony.phone.bar";
  /**
   * Request, answered by the node holding the AMI link: an agent's queue memberships as Asterisk reports them,
   * {@code {"interface","extension"}}; answers {@code {"link","interface","queues":[…]}}.
   */
  public static final String PHONE_QUEUES = "telephony.phone.queues";
  /**
   * Request, answered by the node holding the AMI link: pause or unpause the caller in every queue they are a member of
   * ({@code QueuePause}), {@code {"viewer","paused","reason"}}; answers the new phone bar once Asterisk took it.
   */
  public static final String PHONE_PAUSE = "telephony.phone.pause";

  /**
   * The live state of one agent's queue memberships: {@code hotline.phone.<agentId>}, published by the node holding
   * the AMI link; {@code {"type":"queue",…one queue of the bar}}, {@code {"type":"removed","queue"}} or
   * {@code {"type":"link","link":"up"|"down"}}.
   */
  public static String phone(long agentId) {
    return "hotline.phone." + agentId;
  }

  /**
   * Request, answered on every node running telephony: the wallboard's phone figures, {@code {}}; answers
   * {@code {"link":"up"|"down"|"off","queues":{…} or null,"calls":{…today and this hour},"callbacks":{…pending by kind}}}.
   * Counts only: no number, no name. Nobody answering (no telephony deployed) means the phone figures are unavailable.
   */
  public static final String TELEPHONY_WALLBOARD = "telephony.wallboard";
  /**
   * Request, answered by the node holding the AMI link: the queues now, {@code {}}; answers {@code {"callsWaiting",
   * "oldestWaitingSince","longestWaitSeconds","agents":{"total","available","talking","paused","offline"},
   * "pausedByReason":{reason:n},"queues":n}}.
   */
  public static final String TELEPHONY_WALLBOARD_QUEUES = "telephony.wallboard.queues";
  /** Published by the node holding the AMI link when the queues changed (a caller joined or left, a member's state). */
  public static final String TELEPHONY_WALLBOARD_CHANGED = "telephony.wallboard.changed";

  private Addresses() {
  }

  /**
   * Request, answered by the telephony module: the bulletin's telephony section for a range of call starts,
   * {@code {"from","to"(ISO instants, to exclusive),"zone"}}; answers {@code {"totals":{…},"byHour":[24 × {"hour",…}]}}
   * (counts only, never a number). The bulletin waits 2 s and otherwise says telephony is not available.
   */
  public static final String STATS_CALLS = "hotline.stats.calls";
}
