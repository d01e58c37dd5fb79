-- The collaboration catalogue, replaced as a whole from data/catalogue/ when its files change.
CREATE TABLE artists (
    id      INTEGER PRIMARY KEY,
    slug    TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    side    TEXT NOT NULL CHECK (side IN ('kpop', 'international')),
    kind    TEXT NOT NULL,
    hangul  TEXT,
    country TEXT,
    notes   TEXT,
    collab_count INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE artist_aliases (
    artist_id INTEGER NOT NULL REFERENCES artists (id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    PRIMARY KEY (artist_id, alias)
) STRICT;

CREATE TABLE memberships (
    member_id INTEGER NOT NULL REFERENCES artists (id) ON DELETE CASCADE,
    group_id  INTEGER NOT NULL REFERENCES artists (id) ON DELETE CASCADE,
    since     INTEGER,
    until     INTEGER,
    PRIMARY KEY (member_id, group_id)
) STRICT;
CREATE INDEX memberships_group ON memberships (group_id);

CREATE TABLE artist_sources (
    artist_id INTEGER NOT NULL REFERENCES artists (id) ON DELETE CASCADE,
    url       TEXT NOT NULL,
    fact      TEXT NOT NULL
) STRICT;

CREATE TABLE collabs (
    id           INTEGER PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    year         INTEGER NOT NULL,
    month        INTEGER,
    day          INTEGER,
    precision    TEXT NOT NULL CHECK (precision IN ('day', 'month', 'year')),
    date_basis   TEXT,
    date_zone    TEXT,
    release      TEXT,
    kind         TEXT,
    genres       TEXT NOT NULL DEFAULT '',
    languages    TEXT NOT NULL DEFAULT '',
    youtube      TEXT,
    notes        TEXT
) STRICT;
CREATE INDEX collabs_year ON collabs (year);
CREATE INDEX collabs_month_day ON collabs (month, day) WHERE precision = 'day';

CREATE TABLE credits (
    collab_id INTEGER NOT NULL REFERENCES collabs (id) ON DELETE CASCADE,
    artist_id INTEGER NOT NULL REFERENCES artists (id) ON DELETE CASCADE,
    side      TEXT NOT NULL CHECK (side IN ('kpop', 'international')),
    role      TEXT NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (collab_id, artist_id, role)
) STRICT;
CREATE INDEX credits_artist ON credits (artist_id);

CREATE TABLE chart_peaks (
    collab_id INTEGER NOT NULL REFERENCES collabs (id) ON DELETE CASCADE,
    chart     TEXT NOT NULL,
    peak      INTEGER NOT NULL CHECK (peak >= 1),
    date      TEXT,
    source    TEXT
) STRICT;
CREATE INDEX chart_peaks_collab ON chart_peaks (collab_id);

CREATE TABLE links (
    collab_id INTEGER NOT NULL REFERENCES collabs (id) ON DELETE CASCADE,
    url       TEXT NOT NULL
) STRICT;
CREATE INDEX links_collab ON links (collab_id);

CREATE TABLE sources (
    collab_id INTEGER NOT NULL REFERENCES collabs (id) ON DELETE CASCADE,
    url       TEXT NOT NULL,
    fact      TEXT NOT NULL
) STRICT;
CREATE INDEX sources_collab ON sources (collab_id);

-- Every searchable name of a song or an artist, normalised by bot.normalise.normalise.
-- kind: 'song' or 'artist'; weight orders equal matches (popular first).
CREATE TABLE search_terms (
    id        INTEGER PRIMARY KEY,
    term      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('song', 'artist')),
    entity_id INTEGER NOT NULL,
    weight    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX search_terms_term ON search_terms (kind, term);

-- Word and prefix matches over the same terms (titles, names, aliases, Hangul).
CREATE VIRTUAL TABLE search_fts USING fts5 (
    term,
    content = 'search_terms',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
