-- Key/value facts about this database (e.g. the hash of the catalogue files last loaded).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
