-- Daily "on this day" posts. A server's settings (its zone is guilds.timezone), and one row per server and local date
-- that was claimed for posting: the row, not the scheduler's memory, says whether that day's post went out.
-- Portable SQL (SQLite and PostgreSQL); timestamps are ISO 8601 text in UTC, booleans 0/1.
CREATE TABLE anniversary_settings (
    guild_id   BIGINT NOT NULL PRIMARY KEY REFERENCES guilds (guild_id) ON DELETE CASCADE,
    channel_id BIGINT NOT NULL,
    post_time  TEXT NOT NULL,
    enabled    INTEGER NOT NULL,
    role_id    BIGINT,
    quiet_days TEXT NOT NULL,
    problem    TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX anniversary_settings_enabled ON anniversary_settings (enabled);

CREATE TABLE anniversary_posts (
    guild_id   BIGINT NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    local_date TEXT NOT NULL,
    state      TEXT NOT NULL,
    channel_id BIGINT NOT NULL,
    message_id BIGINT,
    attempts   INTEGER NOT NULL,
    retry_at   TEXT,
    error      TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, local_date)
);
CREATE INDEX anniversary_posts_state ON anniversary_posts (state);
