package hotline.telephony;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IVR of an answered callback, run by Asterisk-Java's FastAGI server on its own thread pool (one instance for
 * all calls: no state in fields). It blocks its AGI thread, never the event loop: it asks the service over the
 * event bus and waits at most a few seconds for each answer.
 * Dialplan: {@code AGI(agi://host:4573/callback,${HOTLINE_JOB})}.
 */
final class CallbackIvr implements AgiScript {

  private static final Logger LOG = LoggerFactory.getLogger(CallbackIvr.class);
  private static final long ASK_SECONDS = 3;

  private final Vertx vertx;

  CallbackIvr(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public void service(AgiRequest request, AgiChannel channel) throws AgiException {
    String[] args = request.getArguments();
    if (args == null || args.length == 0 || !args[0].matches("\\d{1,18}")) {
      LOG.warn("callback IVR without a job id [script: {}]", request.getScript());
      return;
    }
    long jobId = Long.parseLong(args[0]);
    JsonObject job = ask(Callbacks.JOB_ADDRESS, new JsonObject().put("jobId", jobId));
    if (job == null) {
      return;
    }
    // One key, ten seconds, asked twice at most.
    String digit = channel.getData(job.getString("prompt"), 10_000, 1);
    if (digit == null || digit.isEmpty()) {
      digit = channel.getData(job.getString("prompt"), 10_000, 1);
    }
    JsonObject result = ask(Callbacks.RESULT_ADDRESS, new JsonObject().put("jobId", jobId).put("digit", digit));
    if (result != null && "transfer".equals(result.getString("outcome"))) {
      channel.setVariable("HOTLINE_TRANSFER", "1");
    }
    if (result != null && !"no_input".equals(result.getString("outcome"))) {
      channel.streamFile(job.getString("thanks"));
    }
  }

  private JsonObject ask(String address, JsonObject body) {
    try {
      return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(TimeUnit.SECONDS.toMillis(ASK_SECONDS)))
          .toCompletionStage().toCompletableFuture().get(ASK_SECONDS + 1, TimeUnit.SECONDS).body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception e) {
      LOG.warn("callback IVR could not reach the service [{}]: {}", address, e.toString());
      return null;
    }
  }
}
