-- Published questions (src/published): an aggregate indicator question (an allow-listed path and
-- its fixed query string) that the programme office has made readable without a token at
-- /v1/public/{slug}. Unpublishing keeps the row (who published what, and when it stopped) and
-- frees the slug.
CREATE TABLE published_questions (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL,
    title_es TEXT NOT NULL,
    title_en TEXT NOT NULL,
    path TEXT NOT NULL,
    query TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    deleted_by TEXT,
    deleted_at TIMESTAMP
);
-- One live question per slug: concurrent publications of one slug cannot both win.
CREATE UNIQUE INDEX published_questions_live_slug ON published_questions (slug)
    WHERE deleted_at IS NULL;
