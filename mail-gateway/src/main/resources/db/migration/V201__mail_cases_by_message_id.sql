-- The cases filed from mail, found by Message-ID. A message's source reference is "mail:<Message-ID>#<digest of its
-- content>" (a Message-ID is reused for different messages: broken mailers, scanners and fax-to-mail boxes that write a
-- fixed one), so the cases of one Message-ID share a prefix, found in byte order (text_pattern_ops) whatever the
-- database's collation: a new message under a known Message-ID names the case filed first. The same index finds a
-- reference exactly (the Message-ID alone, as cases were filed from before the content counted).
CREATE INDEX cases_source_ref_prefix ON cases (source_ref text_pattern_ops) WHERE source_ref IS NOT NULL;
