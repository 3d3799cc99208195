-- Full-text search over every document, any language. unicode61 with
-- remove_diacritics 2 makes "Curkin" find "Čurkin"; it does not fold đ, so
-- the indexed copy has đ -> d (one letter for one: offsets stay aligned).
CREATE VIRTUAL TABLE documents_fts USING fts5(document UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO documents_fts (document, body) SELECT id, replace(replace(text, 'đ', 'd'), 'Đ', 'D') FROM documents;
