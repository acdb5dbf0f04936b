package hotline.telephony;

import org.asteriskjava.manager.event.UserEvent;

/**
 * {@code UserEvent(HotlineFax,…)} from the sample dialplan (config/asterisk/extensions.conf) after ReceiveFAX or
 * SendFAX: the fax's outcome as Asterisk's FAX variables give it. Asterisk-Java fills it by its setters, matching
 * header names case-insensitively, so it must be a public bean.
 */
public class HotlineFaxEvent extends UserEvent {

  private static final long serialVersionUID = 1L;

  private String direction;
  private String job;
  private String status;
  private String error;
  private String pages;
  private String remoteStationId;
  private String file;
  private String callerId;

  public HotlineFaxEvent(Object source) {
    super(source);
  }

  public String getDirection() {
    return direction;
  }

  public void setDirection(String direction) {
    this.direction = direction;
  }

  public String getJob() {
    return job;
  }

  public void setJob(String job) {
    this.job = job;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error;
  }

  public String getPages() {
    return pages;
  }

  public void setPages(String pages) {
    this.pages = pages;
  }

  public String getRemoteStationId() {
    return remoteStationId;
  }

  public void setRemoteStationId(String remoteStationId) {
    this.remoteStationId = remoteStationId;
  }

  public String getFile() {
    return file;
  }

  public void setFile(String file) {
    this.file = file;
  }

  public String getCallerId() {
    return callerId;
  }

  public void setCallerId(String callerId) {
    this.callerId = callerId;
  }
}
