package hotline.phrases;

/** Where a phrase falls in a conversation, in that order: 问候, 核实, 致歉, 解释, 结束. */
public enum PhraseCategory {
  GREETING, VERIFICATION, APOLOGY, EXPLANATION, CLOSING
}
