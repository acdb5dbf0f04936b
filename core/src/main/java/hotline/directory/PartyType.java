package hotline.directory;

/** Who the caller is: 工业企业, 零售客户, 消费者, 内部员工. */
public enum PartyType {
  ENTERPRISE, RETAILER, CONSUMER, EMPLOYEE
}
