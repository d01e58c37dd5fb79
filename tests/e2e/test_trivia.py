"""/trivia end to end: the real bot, its catalogue and SQLite file, the loopback Discord, time moved by the test."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bot.client import KCollabBot
from bot.trivia.session import Game
from tests.e2e.conftest import BotFactory
from tests.e2e.fake_discord import MESSAGE_CONTENT, FakeDiscord, Member, NotOffered, Output
from tests.e2e.timers import ManualTimers

SECONDS = 20
MANAGE_MESSAGES = 1 << 13


@pytest.fixture
def timers() -> ManualTimers:
    return ManualTimers()


@pytest.fixture
async def bot(start_bot: BotFactory, timers: ManualTimers) -> KCollabBot:
    started: KCollabBot = await start_bot(timers=timers)
    return started


def game_in(bot: KCollabBot, channel_id: int) -> Game | None:
    cog: Any = bot.get_cog("Trivia")
    games: dict[int, Game] = cog.games
    return games.get(channel_id)


async def ended(bot: KCollabBot, channel_id: int) -> bool:
    """Whether the channel's game is over (its task finishes just after its last message)."""
    for _ in range(100):
        if game_in(bot, channel_id) is None:
            return True
        await asyncio.sleep(0.01)
    return False


async def written(bot: KCollabBot) -> None:
    """Wait for the answers being written (each press is acknowledged first and written right after)."""
    cog: Any = bot.get_cog("Trivia")
    for _ in range(200):
        if not cog.writes:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("answers were never written")


async def start_game(fake: FakeDiscord, member: Member | None = None, **options: Any) -> tuple[Output, Output]:
    """/trivia start: its public reply, and the first question's message in the channel."""
    options.setdefault("seconds", SECONDS)
    handle = await fake.slash("trivia start", member=member, **options)
    reply = await handle.reply()
    assert not reply.ephemeral, reply.text()
    question = await posted(fake, options.get("channel_id"))
    return reply, question


async def posted(fake: FakeDiscord, channel_id: int | None = None) -> Output:
    """The next message the bot posts in the channel (not one a test already read)."""
    channel = channel_id or fake.channel_id
    return await fake.wait_for(lambda o: o.kind == "channel_message" and o.channel_id == channel and not o.read)


def option_id(question: Output, option: int) -> str:
    return str(question.buttons()[option]["custom_id"])


async def press(fake: FakeDiscord, question: Output, option: int, member: Member) -> Output:
    handle = await fake.click(question.message, option_id(question, option), member=member)
    answer = await handle.reply()
    assert answer.ephemeral
    assert handle.outputs() == [answer]  # one acknowledgement, nothing else
    return answer


async def reveal_of(fake: FakeDiscord, question: Output) -> Output:
    return await fake.wait_for(lambda o: o.kind == "edit" and o.message_id == question.message_id and not o.read)


async def time_up(timers: ManualTimers, seconds: float = SECONDS + 1) -> None:
    await timers.advance(seconds)


# ---------------------------------------------------------------------------------------------- a whole game
async def test_a_button_game_with_two_members_scores_the_right_answers_and_ends_with_a_scoreboard(
    bot: KCollabBot, fake: FakeDiscord, timers: ManualTimers
) -> None:
    reply, question = await start_game(fake, rounds=2)
    assert "2 questions" in reply.content and "buttons" in reply.content
    assert len(question.buttons()) == 4 and "Question 1 of 2" in question.text()
    assert "<t:" in question.text()  # the countdown is a Discord relative timestamp
    game = game_in(bot, fake.channel_id)
    assert game is not None
    for number in (1, 2):
        right = game.question.correct
        wrong = (right + 1) % 4
        assert "Locked in" in (await press(fake, question, right, fake.alice)).content
        assert "Locked in" in (await press(fake, question, wrong, fake.bob)).content
        answer = game.question.answer
        await time_up(timers)
        revealed = await reveal_of(fake, question)
        assert "time's up" in revealed.text() and answer in revealed.text()
        assert "alice" in revealed.text() and "bob" not in revealed.text()
        assert all(button.get("disabled") for button in revealed.buttons())
        assert revealed.buttons()[right]["style"] == 3  # the right one is shown green
        if number == 1:
            question = await posted(fake)
            assert "Question 2 of 2" in question.text()
    board = await posted(fake)
    assert "Trivia over" in board.text()
    lines = board.text().splitlines()
    assert lines.index(next(x for x in lines if "alice" in x)) < lines.index(next(x for x in lines if "bob" in x))
    assert "best streak 2" in board.text()  # alice answered both right
    assert await ended(bot, fake.channel_id)


async def test_faster_answers_score_more_and_a_streak_is_shown_as_it_grows(
    bot: KCollabBot, fake: FakeDiscord, timers: ManualTimers
) -> None:
    _, question = await start_game(fake, rounds=2)
    game = game_in(bot, fake.channel_id)
    assert game is not None
    await press(fake, question, game.question.correct, fake.alice)
    await timers.advance(10)
    await press(fake, question, game.question.correct, fake.bob)
    await time_up(timers, 11)
    await reveal_of(fake, question)
    assert game.players[fake.alice.id].points > game.players[fake.bob.id].points > 0
    question = await posted(fake)
    await press(fake, question, game.question.correct, fake.alice)
    await time_up(timers)
    revealed = await reveal_of(fake, question)
    assert "🔥2" in revealed.text()
    await posted(fake)  # the scoreboard


async def test_simultaneous_presses_are_each_locked_in_once(
    bot: KCollabBot, fake: FakeDiscord, timers: ManualTimers
) -> None:
    _, question = await start_game(fake, rounds=1)
    game = game_in(bot, fake.channel_id)
    assert game is not None
    players = [fake.alice, fake.bob, fake.owner, fake.moderator]
    handles = await asyncio.gather(
        *(fake.click(question.message, option_id(question, i % 4), member=m) for i, m in enumerate(players))
    )
    replies = [await h.reply() for h in handles]
    assert all(r.ephemeral and "Locked in" in r.content for r in replies)
    assert set(game.answers) == {m.id for m in players}
    await time_up(timers)
    await reveal_of(fake, question)
    await posted(fake)
    await written(bot)
    cog: Any = bot.get_cog("Trivia")
    assert [(await cog.repo.stats(fake.guild_id, m.id)).answered for m in players] == [1, 1, 1, 1]


async def test_a_second_press_gets_already_answered_and_keeps_the_first(
    bot: KCollabBot, fake: FakeDiscord, timers: ManualTimers
) -> None:
    _, question = await start_game(fake, rounds=1)
    game = game_in(bot, fake.channel_id)
    assert game is not None
    right = game.question.correct
    await press(fake, question, right, fake.alice)
    again = await press(fake, question, (right + 1) % 4, fake.alice)
    assert "already answered" in again.content
    assert game.answers[fake.alice.id].right
    await time_up(timers)
    await reveal_of(fake, question)
    await posted(fake)


async def test_a_press_after_time_is_up_or_after_the_game_is_refused_plainly(
    bot: KCollabBot, fake: FakeDiscord, timers: ManualTimers
) -> None:
    _, question = await start_game(fake, rounds=1)
    await time_up(timers)
    await reveal_of(fake, question)
    await posted(fake)  # scoreboard
    late = await press(fake, question, 0, fake.alice)
    assert "closed" in late.content


# ---------------------------------------------------------------------------------------------- starting and stopping
async def test_a_second_start_in_the_channel_is_refused_with_a_link_to_the_running_game(
    bot: KCollabBot, fake: FakeDiscord, timers: ManualTimers
) -> None:
    _, question = await start_game(fake, rounds=1)
    second = await fake.slash("trivia start", member=fake.bob)
    refused = await second.reply()
    assert refused.ephemeral and "already running" in refused.content
    assert f"/{fake.channel_id}/{question.message_id}" in refused.content
    # Another channel runs its own game side by side.
    _, other = await start_game(fake, rounds=1, channel_id=fake.other_channel_id)
    await time_up(timers)
    await reveal_of(fake, question)
    await reveal_of(fake, other)
    await posted(fake)
    await posted(fake, fake.other_channel_id)


@pytest.mark.parametrize("who", ["starter", "moderator"])
async def test_the_starter_or_a_moderator_stops_the_game_with_the_scoreboard(
    bot: KCollabBot, fake: FakeDiscord, timers: ManualTimers, who: str
) -> None:
    _, question = await start_game(fake, rounds=5)
    game = game_in(bot, fake.channel_id)
    assert game is not None
    await press(fake, question, game.question.correct, fake.bob)
    # A member whose only power is Manage Messages in the channel.
    moderator = Member(fake.new_id(), "messages-mod", str(MANAGE_MESSAGES | 0x400 | 0x800 | 0x8000_0000))
    stopper = fake.alice if who == "starter" else moderator
    handle = await fake.slash("trivia stop", member=stopper)
    board = await handle.reply()
    assert not board.ephemeral and "Trivia stopped" in board.text() and "bob" in board.text()
    assert ("its starter" if who == "starter" else "a moderator") in board.text()
    closed = await reveal_of(fake, question)
    assert closed.components == []  # the open question's buttons are gone
    assert await ended(bot, fake.channel_id)
    await time_up(timers)  # nothing more is asked
    cog: Any = bot.get_cog("Trivia")
    assert (await cog.repo.running_in(fake.channel_id)) is None


async def test_stop_is_refused_to_other_members_and_the_game_goes_on(
    bot: KCollabBot, fake: FakeDiscord, timers: ManualTimers
) -> None:
    _, question = await start_game(fake, rounds=1)
    handle = await fake.slash("trivia stop", member=fake.bob)
    refused = await handle.reply()
    assert refused.ephemeral and "Manage Messages" in refused.content
    assert game_in(bot, fake.channel_id) is not None
    await time_up(timers)
    await reveal_of(fake, question)
    await posted(fake)


async def test_stop_without_a_game_says_so(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("trivia stop")).reply()
    assert reply.ephemeral and "No trivia game" in reply.content


async def test_three_questions_nobody_answers_end_the_game_by_itself(
    bot: KCollabBot, fake: FakeDiscord, timers: ManualTimers
) -> None:
    _, question = await start_game(fake, rounds=10)
    for number in range(3):
        await time_up(timers)
        revealed = await reveal_of(fake, question)
        assert "Nobody answered" in revealed.text()
        question = await posted(fake)
        if number < 2:
            assert "Question" in question.text()
    assert "nobody is playing" in question.text()
    assert await ended(bot, fake.channel_id)


async def test_a_game_in_a_channel_the_bot_cannot_post_in_is_refused(bot: KCollabBot, fake: FakeDiscord) -> None:
    deny_send = [{"id": str(fake.bot_role_id), "type": 0, "allow": "0", "deny": str(1 << 11)}]
    await fake.set_overwrites(fake.other_channel_id, deny_send)
    handle = await fake.slash("trivia start", channel_id=fake.other_channel_id)
    refused = await handle.reply()
    assert refused.ephemeral and "Send Messages" in refused.content


# In a thread Discord asks for Send Messages in Threads, not the parent channel's Send Messages.
SEND_MESSAGES, SEND_MESSAGES_IN_THREADS = 1 << 11, 1 << 38


async def test_a_game_runs_in_a_thread_where_the_bot_may_post_in_threads_only(
    bot: KCollabBot, fake: FakeDiscord, timers: ManualTimers
) -> None:
    # Moderators keep the channel itself for announcements: the bot may post only in its threads.
    deny_send = [{"id": str(fake.bot_role_id), "type": 0, "allow": "0", "deny": str(SEND_MESSAGES)}]
    await fake.set_overwrites(fake.channel_id, deny_send)
    reply, question = await start_game(fake, rounds=1, channel_id=fake.thread_id)
    assert "1 question" in reply.content and len(question.buttons()) == 4
    game = game_in(bot, fake.thread_id)
    assert game is not None
    assert "Locked in" in (await press(fake, question, game.question.correct, fake.alice)).content
    await time_up(timers)
    assert "alice" in (await reveal_of(fake, question)).text()
    assert "Trivia over" in (await posted(fake, fake.thread_id)).text()  # the scoreboard, in the thread too
    assert await ended(bot, fake.thread_id)
    assert game_in(bot, fake.channel_id) is None  # nothing was started in the parent channel


async def test_a_game_in_a_thread_the_bot_cannot_post_in_names_send_messages_in_threads(
    bot: KCollabBot, fake: FakeDiscord
) -> None:
    deny = [{"id": str(fake.bot_role_id), "type": 0, "allow": "0", "deny": str(SEND_MESSAGES_IN_THREADS)}]
    await fake.set_overwrites(fake.channel_id, deny)
    refused = await (await fake.slash("trivia start", channel_id=fake.thread_id)).reply()
    assert refused.ephemeral and "Send Messages in Threads" in refused.content
    assert await ended(bot, fake.thread_id)


# ---------------------------------------------------------------------------------------------- typed answers
async def test_typed_mode_is_refused_with_how_to_enable_it_when_the_setting_is_off(
    bot: KCollabBot, fake: FakeDiscord
) -> None:
    reply = await (await fake.slash("trivia start", mode="typed")).reply()
    assert reply.ephemeral and "TRIVIA_TYPED_ANSWERS" in reply.content and "Message Content" in reply.content
    assert await ended(bot, fake.channel_id)


@pytest.fixture
async def typed_bot(start_bot: BotFactory, fake: FakeDiscord, timers: ManualTimers) -> KCollabBot:
    fake.granted_intents |= MESSAGE_CONTENT
    started: KCollabBot = await start_bot(timers=timers, trivia_typed_answers=True)
    return started


async def test_a_typed_game_scores_the_first_right_message_and_ignores_other_channels(
    typed_bot: KCollabBot, fake: FakeDiscord, timers: ManualTimers
) -> None:
    _, question = await start_game(fake, rounds=2, mode="typed")
    assert question.buttons() == []
    game = game_in(typed_bot, fake.channel_id)
    assert game is not None
    answer = game.question.accepted[0]
    await fake.post(answer, member=fake.bob, channel_id=fake.other_channel_id)  # another channel: not an answer
    await fake.post("definitely not it", member=fake.bob)
    await fake.post(answer.upper(), member=fake.alice)
    revealed = await reveal_of(fake, question)  # a right answer closes the question at once
    assert "alice" in revealed.text() and "bob" not in revealed.text()
    await fake.post(answer, member=fake.bob)  # too late: the question is closed
    question = await posted(fake)
    assert "Question 2 of 2" in question.text()
    await time_up(timers)
    await reveal_of(fake, question)
    board = await posted(fake)
    assert "alice" in board.text() and "bob" not in board.text()
    assert game.players[fake.alice.id].right == 1


async def test_typed_hints_show_the_answers_shape_and_cost_points(
    typed_bot: KCollabBot, fake: FakeDiscord, timers: ManualTimers
) -> None:
    _, question = await start_game(fake, rounds=1, mode="typed", seconds=30)
    game = game_in(typed_bot, fake.channel_id)
    assert game is not None
    answer = game.question.answer
    await timers.advance(11)
    hinted = await reveal_of(fake, question)
    assert "Hint" in hinted.text() and "*" in hinted.text() and answer not in hinted.text()
    await fake.post(game.question.accepted[0], member=fake.alice)
    await reveal_of(fake, question)
    await posted(fake)
    assert game.players[fake.alice.id].points == 75  # normal: 100, a quarter off for the hint


# ---------------------------------------------------------------------------------------------- standings
async def play_one(
    fake: FakeDiscord, timers: ManualTimers, bot: KCollabBot, right: list[Member], wrong: list[Member]
) -> None:
    _, question = await start_game(fake, rounds=1)
    game = game_in(bot, fake.channel_id)
    assert game is not None
    for member in right:
        await press(fake, question, game.question.correct, member)
    for member in wrong:
        await press(fake, question, (game.question.correct + 1) % 4, member)
    await time_up(timers)
    await reveal_of(fake, question)
    await posted(fake)
    await written(bot)


async def test_leaderboard_ranks_only_games_with_two_players_and_stats_count_everything(
    start_bot: BotFactory, fake: FakeDiscord, timers: ManualTimers
) -> None:
    now = [dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)]
    bot = await start_bot(timers=timers, clock=lambda: now[0])
    await play_one(fake, timers, bot, [fake.alice], [fake.bob])  # ranked: two players
    now[0] += dt.timedelta(days=10)
    await play_one(fake, timers, bot, [fake.bob, fake.alice], [])  # ranked
    await play_one(fake, timers, bot, [fake.bob], [])  # solo: stats only
    board = await (await fake.slash("trivia leaderboard", member=fake.bob)).reply()
    text = board.text()
    assert text.index(f"<@{fake.alice.id}>") < text.index(f"<@{fake.bob.id}>")
    assert "two or more" in text or "2 or more" in text
    assert "You: **#2**" in text
    week = await (await fake.slash("trivia leaderboard", member=fake.alice, period="week")).reply()
    assert f"<@{fake.alice.id}>" in week.text() and f"<@{fake.bob.id}>" in week.text()
    now[0] += dt.timedelta(days=8)
    empty = await (await fake.slash("trivia leaderboard", period="week")).reply()
    assert "No ranked points yet" in empty.text()
    stats = await (await fake.slash("trivia stats", member=fake.alice, option_values={"member": fake.bob.id})).reply()
    assert "bob" in stats.text()
    fields = {f["name"]: f["value"] for f in stats.embeds[0]["fields"]}
    assert fields["Games played"] == "3" and fields["Questions answered"] == "3"
    assert fields["Accuracy"] == "67%" and fields["Rank in this server"] == "#2"
    own = await (await fake.slash("trivia stats", member=fake.alice)).reply()
    own_fields = {f["name"]: f["value"] for f in own.embeds[0]["fields"]}
    assert own_fields["Best streak"] == "1" and own_fields["Rank in this server"] == "#1"
    assert board.pings is False and stats.pings is False


# ---------------------------------------------------------------------------------------------- restarts
async def test_a_game_running_when_the_bot_stops_is_marked_abandoned_and_its_channel_told(
    start_bot: BotFactory, fake: FakeDiscord, timers: ManualTimers, tmp_path: Path
) -> None:
    bot = await start_bot(timers=timers)
    _, question = await start_game(fake, rounds=5)
    game = game_in(bot, fake.channel_id)
    assert game is not None
    await press(fake, question, game.question.correct, fake.alice)
    await bot.close()
    again = await start_bot(timers=ManualTimers())
    notice = await posted(fake)
    assert "stopped when the bot restarted" in notice.content
    late = await press(fake, question, 0, fake.bob)  # the old question's buttons answer plainly
    assert "closed" in late.content
    stats = await (await fake.slash("trivia stats")).reply()
    assert {f["name"]: f["value"] for f in stats.embeds[0]["fields"]}["Questions answered"] == "1"
    await start_game(fake, rounds=1)  # the channel is free again
    assert game_in(again, fake.channel_id) is not None
    await again.close()


# ---------------------------------------------------------------------------------------------- categories and packs
async def test_category_autocomplete_offers_generated_and_the_packs(bot: KCollabBot, fake: FakeDiscord) -> None:
    choices = await fake.autocomplete("trivia start", "category", category="gen")
    assert [c["value"] for c in choices] == ["generated"]


async def test_an_unknown_category_is_refused_with_the_known_ones(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("trivia start", category="nope")).reply()
    assert reply.ephemeral and "generated" in reply.content


async def test_packs_lists_the_curated_packs(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("trivia packs")).reply()
    assert "Trivia packs" in reply.text() and "generated" in reply.text()
    for pack in ("history", "charts", "behind-the-songs"):
        assert f"(`{pack}`):" in reply.text()  # each installed pack, with its count and difficulty spread
    assert "questions ·" in reply.text() and "easy" in reply.text()


async def test_a_game_from_a_pack_asks_its_questions_and_reveals_their_source(
    bot: KCollabBot, fake: FakeDiscord, timers: ManualTimers
) -> None:
    reply, question = await start_game(fake, rounds=1, category="charts")
    assert "charts" in reply.content
    assert question.embeds[0]["footer"]["text"].endswith("charts")
    game = game_in(bot, fake.channel_id)
    assert game is not None and game.question.category == "charts"
    await press(fake, question, game.question.correct, fake.alice)
    await time_up(timers)
    revealed = await reveal_of(fake, question)
    assert "[source](http" in revealed.embeds[0]["description"]
    await posted(fake)


async def test_the_category_autocomplete_lists_the_installed_packs(bot: KCollabBot, fake: FakeDiscord) -> None:
    choices = await fake.autocomplete("trivia start", "category", category="")
    assert {c["value"] for c in choices} >= {"generated", "history", "charts", "behind-the-songs"}


async def test_a_clean_shutdown_waits_for_the_answers_being_written(
    start_bot: BotFactory, fake: FakeDiscord, timers: ManualTimers
) -> None:
    bot = await start_bot(timers=timers)
    _, question = await start_game(fake, rounds=5)
    cog: Any = bot.get_cog("Trivia")
    record = cog.repo.record

    async def slow_record(**values: Any) -> bool:
        await asyncio.sleep(0.3)  # a write still queued when the bot is told to stop
        return bool(await record(**values))

    cog.repo.record = slow_record
    await press(fake, question, 0, fake.alice)
    await bot.close()
    again = await start_bot(timers=ManualTimers())
    await posted(fake)  # the abandoned-game notice
    again_cog: Any = again.get_cog("Trivia")
    assert (await again_cog.repo.stats(fake.guild_id, fake.alice.id)).answered == 1
    await again.close()


async def test_trivia_is_not_offered_in_direct_messages(bot: KCollabBot, fake: FakeDiscord) -> None:
    await bot.sync_commands()  # global: what users see outside the test server
    for path in ("trivia start", "trivia leaderboard", "trivia packs"):
        with pytest.raises(NotOffered):
            await fake.slash(path, dm=True)
