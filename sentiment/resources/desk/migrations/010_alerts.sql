-- Alerts (sentiment.desk.alerts): each alert fired, the notes behind it, its deliveries (the
-- outbox) and which notes each rule has looked at. Alerts keep no foreign key to notes: an
-- alert outlives a note that a changed file replaced.
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    rule TEXT NOT NULL,                -- the rule's name in its file
    fire_key TEXT NOT NULL UNIQUE,     -- rule + trigger (note, symbol, claim): fires once
    condition TEXT NOT NULL,
    symbol TEXT NOT NULL DEFAULT '',   -- '' for an alert on a whole note
    note_id TEXT NOT NULL,             -- the note that triggered it
    note_date TEXT NOT NULL,           -- its date (cooldowns count in note dates)
    note_title TEXT,
    value REAL,                        -- the score, mean or change that crossed the line
    message TEXT NOT NULL,
    evidence_json TEXT NOT NULL,       -- the sentences that triggered it (a JSON list)
    rule_json TEXT NOT NULL,           -- the rule as it was when it fired
    fired_at TEXT NOT NULL,
    acked_at TEXT
);
CREATE INDEX alerts_rule_symbol_date ON alerts (rule, symbol, note_date);
CREATE INDEX alerts_fired ON alerts (fired_at);

CREATE TABLE alert_notes (
    alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    note_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('trigger', 'window', 'previous')),
    PRIMARY KEY (alert_id, note_id)
);

CREATE TABLE alert_deliveries (
    alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    channel TEXT NOT NULL,             -- stdout, jsonl:PATH or webhook:URL
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    updated_at TEXT NOT NULL,
    delivered_at TEXT,
    PRIMARY KEY (alert_id, channel)
);
CREATE INDEX alert_deliveries_status ON alert_deliveries (status);

CREATE TABLE alert_checked (
    rule TEXT NOT NULL,
    note_id TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    PRIMARY KEY (rule, note_id)
);
CREATE INDEX alert_checked_note ON alert_checked (note_id);
