-- Documents, their anatomy, near-duplicate index and input problems: the
-- same tables as the SQLite store's 0001 (dates stay ISO text, flags
-- integers, so both stores read and write them alike). Offsets (char_start,
-- char_end) are Unicode code points into documents.text.
CREATE TABLE documents (
    id                    TEXT PRIMARY KEY,
    content_hash          TEXT NOT NULL UNIQUE,
    text                  TEXT NOT NULL,
    source                TEXT,
    url                   TEXT,
    title                 TEXT,
    published             TEXT,
    published_is_estimate INTEGER NOT NULL DEFAULT 0,
    language              TEXT,
    language_given        INTEGER NOT NULL DEFAULT 0,
    origin                TEXT NOT NULL,
    format                TEXT NOT NULL,
    near_duplicate_of     TEXT REFERENCES documents(id),
    notes                 TEXT NOT NULL DEFAULT '[]',
    meta                  TEXT NOT NULL DEFAULT '{}',
    anatomy_version       TEXT,
    ingested_at           TEXT NOT NULL
);

CREATE TABLE segments (
    document   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('headline', 'body', 'teaser', 'byline', 'comments', 'other')),
    char_start INTEGER NOT NULL,
    char_end   INTEGER NOT NULL,
    language   TEXT,
    unit       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (document, idx),
    CHECK (char_start <= char_end)
);

CREATE TABLE sentences (
    document   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end   INTEGER NOT NULL,
    segment    INTEGER NOT NULL,
    PRIMARY KEY (document, idx)
);

CREATE TABLE signatures (
    document TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    minhash  BYTEA NOT NULL
);

CREATE TABLE minhash_bands (
    band     TEXT NOT NULL,
    document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (band, document)
);

CREATE TABLE problems (
    id     BIGSERIAL PRIMARY KEY,
    origin TEXT NOT NULL,
    reason TEXT NOT NULL,
    code   TEXT NOT NULL,
    at     TEXT NOT NULL
);
