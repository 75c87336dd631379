-- Files a folder watcher could not read or score (sentiment watch --failures).
-- One row per file and content: the same bytes are not tried again, changed bytes are;
-- a file that is later stored has its rows removed.
CREATE TABLE watch_failures (
    path TEXT NOT NULL,                -- the file's absolute path
    content_sha256 TEXT NOT NULL,      -- '' when the file could not be read at all
    error TEXT NOT NULL,               -- one line: why
    failed_at TEXT NOT NULL,           -- ISO-8601 UTC
    PRIMARY KEY (path, content_sha256)
);
