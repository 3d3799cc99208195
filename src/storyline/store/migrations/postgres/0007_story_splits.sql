-- As the SQLite store's 0007 (the same tables in both dialects).
-- A story whose units drifted apart is split (link/stories.py, split_drifted):
-- the larger part keeps the story's id, the part split off gets an id of its
-- own. story_splits keeps the record: the new story, the story it came from,
-- the units moved (JSON [[document, unit], ...]) and when.
CREATE TABLE story_splits (
    story  TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    units  TEXT NOT NULL,
    at     TEXT NOT NULL
);
CREATE INDEX story_splits_source ON story_splits(source);
