-- Trivia: games, every answer as it is given, and the questions each channel was asked lately.
-- Portable SQL (SQLite and PostgreSQL); ids are Discord snowflakes (a game's id is the id of the /trivia start
-- interaction); booleans are 0/1 integers; timestamps are fixed-width ISO 8601 UTC text written by the repository.
CREATE TABLE trivia_games (
    game_id    BIGINT NOT NULL PRIMARY KEY,
    guild_id   BIGINT NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    channel_id BIGINT NOT NULL,
    starter_id BIGINT NOT NULL,
    mode       TEXT NOT NULL,
    difficulty TEXT NOT NULL,
    category   TEXT,
    rounds     INTEGER NOT NULL,
    seconds    INTEGER NOT NULL,
    state      TEXT NOT NULL,
    asked      INTEGER NOT NULL DEFAULT 0,
    message_id BIGINT,
    started_at TEXT NOT NULL,
    ended_at   TEXT
);
-- One running game per channel, whichever process tries to start a second one.
CREATE UNIQUE INDEX trivia_games_running ON trivia_games (channel_id) WHERE state = 'running';
CREATE INDEX trivia_games_state ON trivia_games (state);

-- game_id is NULL for a "Quiz me" answer (one question, alone): counted in stats, never in the ranked leaderboard.
CREATE TABLE trivia_answers (
    guild_id     BIGINT NOT NULL,
    user_id      BIGINT NOT NULL,
    game_id      BIGINT REFERENCES trivia_games (game_id) ON DELETE CASCADE,
    question_no  INTEGER NOT NULL,
    question_key TEXT NOT NULL,
    correct      INTEGER NOT NULL,
    points       INTEGER NOT NULL,
    streak       INTEGER NOT NULL,
    answered_at  TEXT NOT NULL,
    FOREIGN KEY (guild_id, user_id) REFERENCES guild_members (guild_id, user_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX trivia_answers_once ON trivia_answers (game_id, question_no, user_id) WHERE game_id IS NOT NULL;
CREATE UNIQUE INDEX trivia_quiz_once ON trivia_answers (guild_id, user_id, question_key) WHERE game_id IS NULL;
CREATE INDEX trivia_answers_member ON trivia_answers (guild_id, user_id);
CREATE INDEX trivia_answers_time ON trivia_answers (guild_id, answered_at);

CREATE TABLE trivia_asked (
    guild_id     BIGINT NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    channel_id   BIGINT NOT NULL,
    question_key TEXT NOT NULL,
    asked_at     TEXT NOT NULL,
    PRIMARY KEY (channel_id, question_key)
);
