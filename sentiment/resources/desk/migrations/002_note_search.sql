-- Full-text search over each note's title and text (sentiment.desk.library.Library.notes(text=)).
-- rowid-keyed contentless-delete is SQLite 3.43+, so this keeps its own copy of the text.
CREATE VIRTUAL TABLE note_search USING fts5 (note_id UNINDEXED, title, body);

-- Notes stored before this migration: their text is the sentences of their result.
INSERT INTO note_search (note_id, title, body)
SELECT notes.id, coalesce(notes.title, ''),
       coalesce((SELECT group_concat(json_extract(s.value, '$.text'), ' ')
                 FROM json_each(notes.result_json, '$.sentences') AS s), '')
FROM notes;

CREATE TRIGGER notes_search_delete AFTER DELETE ON notes BEGIN
    DELETE FROM note_search WHERE note_id = old.id;
END;
