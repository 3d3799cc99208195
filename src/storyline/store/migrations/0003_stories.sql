-- Stories built incrementally: each article unit is assigned once, when it
-- is stored; story_keys indexes stories by the entity keys of their units,
-- so a new unit finds its candidate stories without reading all of them.
-- seq orders story_units by when they joined in PostgreSQL (SQLite uses its rowid).
CREATE TABLE stories (
    id         TEXT PRIMARY KEY,
    first_date TEXT,
    last_date  TEXT,
    profile    TEXT NOT NULL  -- JSON: weighted entity keys, event-type counts
);
CREATE TABLE story_units (
    -- postgres: seq      BIGSERIAL UNIQUE,
    document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    unit     INTEGER NOT NULL,
    story    TEXT NOT NULL REFERENCES stories(id),
    profile  TEXT NOT NULL,  -- JSON: the unit's own profile, subtracted when it leaves
    PRIMARY KEY (document, unit)
);
CREATE INDEX story_units_story ON story_units(story);
CREATE TABLE story_keys (
    key   TEXT NOT NULL,
    story TEXT NOT NULL REFERENCES stories(id),
    PRIMARY KEY (key, story)
);
CREATE INDEX stories_last_date ON stories(last_date);
