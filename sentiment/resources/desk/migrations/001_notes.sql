-- The note library: one row per scored note, one row per ticker of a note.
-- Dates are ISO-8601 UTC text ("2026-03-03T00:00:00+00:00"), so text order is time order.
CREATE TABLE notes (
    id TEXT PRIMARY KEY,               -- the batch doc_id: relative path '#' 12 hex of SHA-256
    source TEXT NOT NULL,              -- the file's path (or URL) as given
    title TEXT,
    date TEXT NOT NULL,                -- the note's date
    date_source TEXT NOT NULL
        CHECK (date_source IN ('metadata', 'front-matter', 'html-meta', 'text', 'added')),
    content_sha256 TEXT NOT NULL,
    label TEXT NOT NULL,
    score REAL NOT NULL,
    result_json TEXT NOT NULL,         -- DocumentSentiment.to_dict()
    model TEXT,
    model_version TEXT,
    scored_at TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX notes_date ON notes (date);
CREATE INDEX notes_source ON notes (source);
CREATE INDEX notes_sha ON notes (content_sha256);

CREATE TABLE note_tickers (
    note_id TEXT NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    symbol TEXT NOT NULL,
    date TEXT NOT NULL,                -- the note's date, repeated for the (symbol, date) index
    label TEXT NOT NULL,
    score REAL NOT NULL,
    relevance REAL NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (note_id, symbol)
);
CREATE INDEX note_tickers_symbol_date ON note_tickers (symbol, date);
