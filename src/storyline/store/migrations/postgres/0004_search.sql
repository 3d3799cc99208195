-- Full-text search over every document, any language: a text search
-- configuration "storyline" that lower-cases and strips diacritics with
-- unaccent (which folds đ too: "Curkin" finds "Čurkin", "Durdevac"
-- "Đurđevac"); PostgreSQL has no Croatian configuration, and stemming is
-- done on the query side (prefix matches), as with SQLite's FTS5.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION storyline (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION storyline ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;
CREATE TABLE documents_fts (
    document TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    body     TSVECTOR NOT NULL
);
CREATE INDEX documents_fts_body ON documents_fts USING GIN (body);
INSERT INTO documents_fts (document, body) SELECT id, to_tsvector('storyline', text) FROM documents;
