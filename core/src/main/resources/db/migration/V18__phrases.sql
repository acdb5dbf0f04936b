-- Standard service phrases (标准服务用语) and the words agents must not use (服务忌语).
--
-- A phrase belongs to a category (the order of a conversation: greeting, verification, apology, explanation, closing),
-- applies to one case kind and one channel or to any (null), and carries placeholders that the desk fills from the case:
-- {工号} {坐席姓名} {工单号} {办结时限} {责任单位} {客户称呼}. Retired phrases stay (nothing is deleted) but leave the
-- desk. Search runs on the character pairs of title and text (search_grams, V15).
CREATE TABLE phrases (
  id            bigserial PRIMARY KEY,
  category      text NOT NULL CHECK (category IN ('greeting', 'verification', 'apology', 'explanation', 'closing')),
  kind          text CHECK (kind IN ('complaint', 'inquiry', 'suggestion', 'report')),
  channel       text CHECK (channel IN ('phone', 'fax', 'web', 'letter', 'walk_in', 'email', 'provincial')),
  title         text NOT NULL,
  text          text NOT NULL,
  position      int NOT NULL DEFAULT 0,
  retired_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  search_grams  text[] GENERATED ALWAYS AS (search_grams(title || ' ' || text)) STORED
);
CREATE INDEX phrases_grams ON phrases USING gin (search_grams);
CREATE INDEX phrases_order ON phrases (category, position, id) WHERE retired_at IS NULL;

-- A word or expression agents must not use, with a better phrasing to suggest; matched as search_norm matches
-- (full-width as ASCII, case ignored), so one spelling is enough.
CREATE TABLE forbidden_words (
  id          bigserial PRIMARY KEY,
  word        text NOT NULL,
  word_norm   text GENERATED ALWAYS AS (search_norm(word)) STORED,
  hint        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT forbidden_words_norm_key UNIQUE (word_norm)
);

-- What a monitoring centre starts from: the phrases of the provincial service standard in their usual order.
INSERT INTO phrases (category, kind, channel, title, text, position) VALUES
  ('greeting', NULL, 'phone', '接听问候', '您好，烟草专卖监督热线，{工号}号坐席为您服务，请问有什么可以帮您？', 1),
  ('greeting', NULL, 'phone', '回访开场', '您好，我是烟草专卖监督热线{工号}号坐席{坐席姓名}，就您反映的工单{工单号}向您回访，请问现在方便接听吗？', 2),
  ('greeting', NULL, 'walk_in', '来访接待', '您好，欢迎来到烟草专卖监督热线监控中心，我是工作人员{坐席姓名}，请问有什么可以帮您？', 3),
  ('greeting', NULL, 'email', '邮件开头', '{客户称呼}：您好！您的来信已收悉，感谢您对烟草专卖工作的关注与支持。', 4),
  ('greeting', NULL, 'letter', '信函开头', '{客户称呼}：您好！您的来信我们已收到，现就有关情况答复如下。', 5),
  ('greeting', 'report', 'phone', '举报受理问候', '您好，烟草专卖监督热线，{工号}号坐席为您服务。我们对举报人信息严格保密，请您放心反映。', 6),
  ('verification', NULL, 'phone', '核实联系电话', '为便于及时向您反馈处理结果，请问您现在使用的号码是否方便联系？', 1),
  ('verification', NULL, NULL, '核实称呼', '请问您怎么称呼？', 2),
  ('verification', 'complaint', NULL, '核实购买信息', '请问您是在什么时间、哪家店铺购买的卷烟？能否告诉我店铺的具体地址和卷烟的品牌规格？', 3),
  ('verification', 'report', NULL, '核实举报线索', '请问您反映的情况发生在什么时间、什么地点？涉及的人员或车辆有什么特征？我们会对您的信息严格保密。', 4),
  ('verification', NULL, NULL, '复述确认', '我跟您确认一下，您反映的主要问题是……，请问我记录得对吗？', 5),
  ('apology', NULL, NULL, '让客户久等', '非常抱歉，让您久等了。', 1),
  ('apology', 'complaint', NULL, '给客户带来不便', '对于给您带来的不便，我们深表歉意，我们会尽快核实处理。', 2),
  ('apology', NULL, 'phone', '未听清', '不好意思，刚才没有听清楚，麻烦您再说一遍好吗？', 3),
  ('apology', NULL, NULL, '暂时无法答复', '很抱歉，这个问题我需要进一步核实，核实清楚后会在{办结时限}给您答复。', 4),
  ('explanation', NULL, NULL, '转办说明', '您反映的问题我们已转交{责任单位}办理，办理单位将在{办结时限}向您反馈处理结果。', 1),
  ('explanation', 'complaint', NULL, '投诉处理时限', '根据规定，投诉件由责任单位在两个工作日内核实处理，我们会全程跟踪督办。', 2),
  ('explanation', 'report', NULL, '举报保密承诺', '我们将严格为您保密，您的个人信息不会透露给被举报人或无关人员。', 3),
  ('explanation', 'inquiry', NULL, '咨询当场答复', '关于您咨询的问题，相关规定是这样的：……。请问还有其他需要了解的吗？', 4),
  ('explanation', NULL, NULL, '告知工单号', '您的工单号是{工单号}，您可以凭工单号查询办理进度。', 5),
  ('explanation', 'suggestion', NULL, '建议采纳说明', '感谢您提出的宝贵建议，我们将转交{责任单位}认真研究，并在{办结时限}向您反馈。', 6),
  ('closing', NULL, 'phone', '结束通话', '感谢您的来电，请问还有其他可以帮您的吗？如没有，祝您生活愉快，再见！', 1),
  ('closing', NULL, NULL, '受理完毕', '您反映的问题已受理，工单号{工单号}，处理结果将在{办结时限}反馈给您，感谢您对烟草专卖工作的支持。', 2),
  ('closing', NULL, 'phone', '回访结束', '感谢您对我们工作的配合，如还有问题欢迎随时拨打监督热线，再见！', 3),
  ('closing', NULL, 'email', '邮件结尾', '如有疑问，欢迎拨打烟草专卖监督热线或回复本邮件。感谢您的支持！烟草专卖监督热线 {坐席姓名}', 4),
  ('closing', 'report', NULL, '举报受理完毕', '您的举报已受理，工单号{工单号}，我们会依法依规调查处理，并对您的信息严格保密，感谢您的举报。', 5);

-- Words that hurt the company's image, each with what to say instead.
INSERT INTO forbidden_words (word, hint) VALUES
  ('不知道', '请您稍等，我帮您查询一下。'),
  ('不归我们管', '这个问题我帮您转交相关部门处理。'),
  ('不关我的事', '这个问题我帮您联系负责的同事。'),
  ('我不清楚', '这个问题我需要核实一下，稍后给您答复。'),
  ('你自己去问', '我帮您联系相关部门，请您留下联系方式。'),
  ('没办法', '我们会尽力帮您协调解决。'),
  ('有意见找领导', '您的意见我们会如实记录并向上反映。'),
  ('急什么', '请您别着急，我们会尽快为您处理。'),
  ('听不懂吗', '可能是我没有说清楚，我再为您解释一下。'),
  ('你去投诉吧', '您的意见我已记录，会如实转交处理。'),
  ('我就这态度', '请您谅解，我们会改进服务。'),
  ('下班了', '请您留下联系方式，我们会在工作时间尽快联系您。'),
  ('这是规定', '根据相关规定，具体是这样的……'),
  ('烦死了', NULL),
  ('你说完没有', '请您继续说，我在认真记录。');
