-- Story placement filters candidate stories by date inside the key index:
-- each story_keys row carries its story's first and last date (kept equal
-- to stories.first_date / last_date by join_story), so a new unit reads only
-- the stories in its date window, however large the archive grows.
ALTER TABLE story_keys ADD COLUMN first_date TEXT;
ALTER TABLE story_keys ADD COLUMN last_date TEXT;
UPDATE story_keys SET
    first_date = (SELECT s.first_date FROM stories s WHERE s.id = story_keys.story),
    last_date = (SELECT s.last_date FROM stories s WHERE s.id = story_keys.story);
CREATE INDEX story_keys_key_date ON story_keys(key, last_date, first_date, story);
CREATE INDEX story_keys_story ON story_keys(story);
