-- Per-server settings and per-member state, declared with their defaults in bot/store/guilds.py.
-- Portable SQL (SQLite and PostgreSQL): Discord ids need 64 bits (BIGINT); timestamps are ISO 8601 text in UTC,
-- written by the repository. A server without a row has every default.
CREATE TABLE guilds (
    guild_id   BIGINT NOT NULL PRIMARY KEY,
    timezone   TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A feature's per-server or per-member table references these rows ON DELETE CASCADE, so forgetting a server
-- forgets everything of it.
CREATE TABLE guild_members (
    guild_id   BIGINT NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
