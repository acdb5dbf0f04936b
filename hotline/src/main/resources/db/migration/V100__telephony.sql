-- Telephony: which agent answers on which phone, and the call log of the hotline.

-- An agent's phone: the queue member interface (PJSIP/1001, Local/agent1@agents) and/or the extension.
CREATE TABLE telephony_agents (
  user_id    bigint PRIMARY KEY REFERENCES users (id),
  interface  text UNIQUE,
  extension  text UNIQUE
);

-- One row a call, keyed by Asterisk's Linkedid (the same for every channel of the call).
CREATE TABLE calls (
  id                 bigserial PRIMARY KEY,
  linkedid           text NOT NULL UNIQUE,
  uniqueid           text NOT NULL,
  direction          text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  channel            text,
  caller_raw         text,
  caller_normalized  text,
  did                text,
  queue              text,
  agent_interface    text,
  agent_id           bigint REFERENCES users (id),
  started_at         timestamptz NOT NULL,
  answered_at        timestamptz,
  ended_at           timestamptz,
  wait_seconds       int,
  talk_seconds       int,
  disposition        text CHECK (disposition IN ('answered', 'abandoned', 'no_answer', 'busy', 'failed')),
  end_unknown        boolean NOT NULL DEFAULT false,
  recording          text,
  case_id            bigint REFERENCES cases (id)
);
CREATE INDEX calls_caller ON calls (caller_normalized, started_at DESC);
CREATE INDEX calls_started ON calls (started_at DESC);
CREATE INDEX calls_agent ON calls (agent_id, started_at DESC);
CREATE INDEX calls_open ON calls (started_at) WHERE ended_at IS NULL;
CREATE INDEX calls_case ON calls (case_id);
