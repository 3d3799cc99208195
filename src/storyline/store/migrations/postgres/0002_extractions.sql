-- Per-document extraction (mentions, times, quotes, figures, events) as one
-- JSON object per document; offsets are code points into documents.text.
CREATE TABLE extractions (
    document TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    payload  TEXT NOT NULL
);
