-- Story placement compares content words too (link/stories.py): story_terms
-- keeps, for every term, how many article units have had it (the document
-- frequencies of TF-IDF, counted as units arrive; the row with the empty
-- term counts the units). A unit's heaviest terms go into story_keys as
-- "T:" keys beside its entity keys, so candidates still come from the index.
-- Stories that a later unit makes alike are merged: story_merges redirects
-- the merged story's old id to the story it went into.
CREATE TABLE story_terms (
    term  TEXT PRIMARY KEY,
    units INTEGER NOT NULL
);
CREATE TABLE story_merges (
    old TEXT PRIMARY KEY,
    new TEXT NOT NULL,
    at  TEXT NOT NULL
);
CREATE INDEX story_merges_new ON story_merges(new);
