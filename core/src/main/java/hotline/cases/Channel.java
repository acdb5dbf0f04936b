package hotline.cases;

/** How a case reached the centre: 电话, 传真, 网站, 信函, 来访, 邮件, or sent down by the provincial centre. */
public enum Channel {
  PHONE, FAX, WEB, LETTER, WALK_IN, EMAIL, PROVINCIAL
}
