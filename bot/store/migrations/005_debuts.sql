-- Debut anniversaries: each K-pop act's first official release (data/catalogue/debuts.yaml), part of the catalogue and
-- replaced with it. One row per act. Portable SQL (SQLite and PostgreSQL).
CREATE TABLE debuts (
    artist_id INTEGER NOT NULL PRIMARY KEY REFERENCES artists (id) ON DELETE CASCADE,
    year      INTEGER NOT NULL,
    month     INTEGER,
    day       INTEGER,
    precision TEXT NOT NULL CHECK (precision IN ('day', 'month', 'year')),
    release   TEXT NOT NULL,
    album     TEXT,
    date_zone TEXT,
    notes     TEXT
);
CREATE INDEX debuts_month_day ON debuts (month, day) WHERE precision = 'day';

CREATE TABLE debut_sources (
    artist_id INTEGER NOT NULL REFERENCES debuts (artist_id) ON DELETE CASCADE,
    url       TEXT NOT NULL,
    fact      TEXT NOT NULL
);
CREATE INDEX debut_sources_artist ON debut_sources (artist_id);
