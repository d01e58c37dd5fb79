"""/onthisday, /anniversary and the daily post end to end: the real bot, its real scheduler, the loopback Discord."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MAX_INSTANCES, JobEvent
from apscheduler.triggers.interval import IntervalTrigger

from bot.anniversaries.service import Digest
from bot.client import KCollabBot
from cogs.anniversaries._poster import JOB_ID
from tests.catalogue.debut_catalogue import add_debuts
from tests.e2e import discord_rules as rules
from tests.e2e.conftest import BotFactory
from tests.e2e.fake_discord import FakeDiscord, Member, Output

DAYS = """\
- id: old-song
  title: Old Song
  credits:
    - {artist: rose, role: primary}
    - {artist: bruno-mars, role: featured}
  release_date: "2016-11-30"
  precision: day
  kind: single
  sources:
    - {url: "https://example.org/old", fact: "released 30 November 2016"}
- id: mid-song
  title: Mid Song
  credits:
    - {artist: blackpink, role: primary}
    - {artist: lady-gaga, role: featured}
  release_date: "2021-11-30"
  precision: day
  kind: single
  sources:
    - {url: "https://example.org/mid", fact: "released 30 November 2021"}
- id: recent-song
  title: Recent Song
  credits:
    - {artist: rose, role: primary}
    - {artist: lady-gaga, role: featured}
  release_date: "2023-11-30"
  precision: day
  kind: single
  sources:
    - {url: "https://example.org/recent", fact: "released 30 November 2023"}
- id: leap-song
  title: Leap Song
  credits:
    - {artist: rose, role: primary}
    - {artist: bruno-mars, role: featured}
  release_date: "2020-02-29"
  precision: day
  kind: single
  sources:
    - {url: "https://example.org/leap", fact: "released 29 February 2020"}
- id: spring-song
  title: Spring Song
  credits:
    - {artist: blackpink, role: primary}
    - {artist: bruno-mars, role: featured}
  release_date: "2019-03-08"
  precision: day
  kind: single
  sources:
    - {url: "https://example.org/spring", fact: "released 8 March 2019"}
- id: autumn-song
  title: Autumn Song
  credits:
    - {artist: blackpink, role: primary}
    - {artist: lady-gaga, role: featured}
  release_date: "2018-11-01"
  precision: day
  kind: single
  sources:
    - {url: "https://example.org/autumn", fact: "released 1 November 2018"}
- id: month-song
  title: Month Song
  credits:
    - {artist: rose, role: primary}
    - {artist: lady-gaga, role: featured}
  release_date: "2017-11"
  precision: month
  kind: single
  sources:
    - {url: "https://example.org/month", fact: "released in November 2017"}
"""


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, text: str, zone: str = "UTC") -> None:
        from zoneinfo import ZoneInfo

        self.now = dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


@pytest.fixture
def days_catalogue(small_catalogue: Path) -> Path:
    (small_catalogue / "collabs" / "2016.yaml").write_text(DAYS)
    return small_catalogue


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC))


@pytest.fixture
async def bot(start_bot: BotFactory, days_catalogue: Path, clock: Clock) -> KCollabBot:
    started: KCollabBot = await start_bot(catalogue_dir=days_catalogue, clock=clock)
    return await hold_the_job(started)


async def hold_the_job(bot: KCollabBot) -> KCollabBot:
    """Keep the daily job from running on its own each real minute: a test runs it when it has set its clock."""
    for _ in range(500):
        if (job := bot.scheduler.get_job(JOB_ID)) is not None:
            # An interval no test outlives (a date trigger would remove the job after its one run).
            job.reschedule(trigger=IntervalTrigger(weeks=1000))
            return bot
        await asyncio.sleep(0.01)
    raise AssertionError("the daily job was never scheduled")


async def run_daily_job(bot: KCollabBot) -> None:
    """Make the real APScheduler job run now and wait until that run has finished.

    A run the cron trigger (or the start-up catch-up) began on its own may still be going: the scheduler then skips
    the one asked for here (max_instances=1), and it is asked for again.
    """
    for _ in range(200):
        if bot.scheduler.get_job(JOB_ID) is not None:
            break
        await asyncio.sleep(0.01)
    job = bot.scheduler.get_job(JOB_ID)
    assert job is not None, "the daily job was never scheduled"
    for _attempt in range(100):
        loop = asyncio.get_running_loop()
        done: asyncio.Future[tuple[int, BaseException | None]] = loop.create_future()
        when = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(seconds=1)

        def finished(event: JobEvent, when: dt.datetime = when, done: Any = done) -> None:
            times = [getattr(event, "scheduled_run_time", None), *getattr(event, "scheduled_run_times", [])]
            if event.job_id == JOB_ID and when in times and not done.done():
                done.set_result((event.code, getattr(event, "exception", None)))

        bot.scheduler.add_listener(finished, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MAX_INSTANCES)
        try:
            job.modify(next_run_time=when)
            bot.scheduler.wakeup()
            code, error = await asyncio.wait_for(done, 30)
        finally:
            bot.scheduler.remove_listener(finished)
        if code != EVENT_JOB_MAX_INSTANCES:
            assert error is None, error
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the daily job never got to run")


async def setup_posts(fake: FakeDiscord, member: Member | None = None, **options: Any) -> Output:
    values: dict[str, Any] = {"channel": fake.channel_id, **options}
    return await (await fake.slash("anniversary setup", member=member or fake.owner, **values)).reply()


def posts(fake: FakeDiscord, start: int = 0) -> list[Output]:
    found = [o for o in fake.outputs[start:] if o.kind == "channel_message"]
    for output in found:
        output.read = True
    return found


# ------------------------------------------------------------------ /onthisday
async def test_onthisday_lists_earlier_years_oldest_first_with_milestones(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("onthisday")).reply()
    embed = reply.embeds[0]
    assert embed["title"] == "On this day: 30 November"
    lines = embed["description"].splitlines()
    assert [line.split("**")[1] for line in lines] == ["Old Song", "Mid Song", "Recent Song"]
    assert "🎉 **10th anniversary**" in lines[0] and "🎉 **5th anniversary**" in lines[1]
    assert lines[2].endswith("3rd anniversary") and "🎉" not in lines[2]
    assert "Month Song" not in embed["description"]  # only day-precise records have a day to celebrate


async def test_onthisday_menu_opens_a_card_for_whoever_uses_it(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("onthisday", date="11-30")).reply()
    menu = reply.selects()[0]
    card = await (await fake.click(reply.message, menu["custom_id"], values=["song:old-song"])).reply()
    assert card.ephemeral and card.embeds[0]["title"] == "Old Song"


async def test_onthisday_on_a_quiet_day_names_the_next_anniversary(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("onthisday", date="2026-12-01")).reply()
    text = reply.embeds[0]["description"]
    assert text.startswith("No collaboration in the catalogue was released on 1 December.")
    # 29 February 2020 falls on the 28th in 2027, a common year.
    assert "Next anniversary: **Leap Song** on 28 February (7th anniversary)" in text


@pytest.mark.parametrize(
    ("date", "says"),
    [
        ("02-30", "February has 29 days at most"),
        ("13-01", "There is no month 13"),
        ("2023-02-29", "2023 is not a leap year"),
        ("yesterday", "use MM-DD"),
    ],
)
async def test_onthisday_bad_dates_say_what_would_work(
    bot: KCollabBot, fake: FakeDiscord, date: str, says: str
) -> None:
    reply = await (await fake.slash("onthisday", date=date)).reply()
    assert reply.ephemeral and says in reply.content


async def test_a_leap_day_release_is_celebrated_on_the_28th_in_common_years(
    bot: KCollabBot, fake: FakeDiscord, clock: Clock
) -> None:
    leap = await (await fake.slash("onthisday", date="2024-02-29")).reply()
    assert "Leap Song" in leap.embeds[0]["description"]
    common = await (await fake.slash("onthisday", date="2025-02-28")).reply()
    assert "Leap Song" in common.embeds[0]["description"] and "5th anniversary" in common.embeds[0]["description"]
    leap_year_28th = await (await fake.slash("onthisday", date="2028-02-28")).reply()
    assert leap_year_28th.embeds[0]["description"].startswith("No collaboration")  # 2028 has its own 29th


# ------------------------------------------------------------------ /anniversary setup and its refusals
async def test_setup_turns_posts_on_and_status_tells_where_and_when(
    bot: KCollabBot, fake: FakeDiscord, clock: Clock
) -> None:
    reply = await setup_posts(fake, time="18:30", timezone="Asia/Seoul")
    assert reply.ephemeral and "18:30 (Asia/Seoul)" in reply.content
    status = await (await fake.slash("anniversary status", member=fake.alice)).reply()
    fields = {f["name"]: f["value"] for f in status.embeds[0]["fields"]}
    assert fields["Channel"] == f"<#{fake.channel_id}>"
    assert fields["Time"] == "18:30 (Asia/Seoul)"
    # 12:00 UTC is 21:00 in Seoul: today's post time has passed, so the next is due now (catch-up).
    assert fields["Next post"].startswith("<t:")
    assert fields["Problems"] == "none"


async def test_setup_needs_manage_server_checked_in_the_command(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await setup_posts(fake, member=fake.alice)
    assert reply.ephemeral and "Manage Server" in reply.content
    assert bot.store.anniversaries is not None and await bot.store.anniversaries.get(fake.guild_id) is None


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"time": "25:00"}, "hours go 00–23"),
        ({"time": "9am"}, "use 24-hour HH:MM"),
        ({"timezone": "Asia/Seul"}, "Did you mean Asia/Seoul?"),
        ({"timezone": "Mars/Olympus"}, "not a time zone"),
    ],
)
async def test_setup_bad_input_says_what_would_work(
    bot: KCollabBot, fake: FakeDiscord, options: dict[str, Any], says: str
) -> None:
    reply = await setup_posts(fake, **options)
    assert reply.ephemeral and says in reply.content
    assert await bot.store.anniversaries.get(fake.guild_id) is None


@pytest.mark.parametrize("which", ["voice", "forum"])
async def test_setup_refuses_channels_that_are_not_text(bot: KCollabBot, fake: FakeDiscord, which: str) -> None:
    channel = fake.voice_channel_id if which == "voice" else fake.forum_channel_id
    reply = await setup_posts(fake, channel=channel)
    assert reply.ephemeral and f"is a {which} channel" in reply.content


async def test_setup_says_exactly_which_permission_is_missing(bot: KCollabBot, fake: FakeDiscord) -> None:
    deny = [{"id": str(fake.bot_role_id), "type": 0, "allow": "0", "deny": str(rules.EMBED_LINKS)}]
    await fake.set_overwrites(fake.channel_id, deny)
    await asyncio.sleep(0.05)
    reply = await setup_posts(fake)
    assert reply.ephemeral and "I need Embed Links there" in reply.content


async def test_timezone_autocomplete_offers_zones(bot: KCollabBot, fake: FakeDiscord) -> None:
    choices = await fake.autocomplete("anniversary setup", "timezone", channel=fake.channel_id, timezone="seoul")
    assert choices[0]["value"] == "Asia/Seoul"


async def test_disable_keeps_the_settings_and_needs_manage_server(bot: KCollabBot, fake: FakeDiscord) -> None:
    await setup_posts(fake, time="10:00")
    refused = await (await fake.slash("anniversary disable", member=fake.alice)).reply()
    assert refused.ephemeral and "Manage Server" in refused.content
    done = await (await fake.slash("anniversary disable", member=fake.moderator)).reply()
    assert done.ephemeral and "off" in done.content
    settings = await bot.store.anniversaries.get(fake.guild_id)
    assert settings is not None and not settings.enabled and settings.post_time == dt.time(10, 0)


async def test_preview_shows_todays_post_privately(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("anniversary preview", member=fake.owner)).reply()
    assert reply.ephemeral and reply.embeds[0]["title"] == "🎂 On this day — 30 November"
    assert reply.embeds[0]["description"].splitlines()[0].split("**")[1] == "Old Song"  # 10th: a milestone first


async def test_upcoming_lists_the_coming_days_by_date(bot: KCollabBot, fake: FakeDiscord, clock: Clock) -> None:
    clock.set("2026-10-28T12:00")
    reply = await (await fake.slash("anniversary upcoming", days=5)).reply()
    lines = reply.embeds[0]["description"].splitlines()
    assert lines[0] == "**1 November**" and "Autumn Song" in lines[1]
    empty = await (await fake.slash("anniversary upcoming", days=1)).reply()
    assert empty.embeds[0]["description"] == "None in the catalogue for these days."


# ------------------------------------------------------------------ debut anniversaries
# The debut fixtures: TWICE 2015-10-20 (Like Ooh-Ahh), BLACKPINK 2016-08-08 (Whistle), BTS 2013-06-12 and NewJeans
# 2022-07 (month only); a song shares TWICE's day.
DEBUT_DAY_SONG = """\
- id: debut-day-song
  title: Debut Day Song
  credits:
    - {artist: blackpink, role: primary}
    - {artist: lady-gaga, role: featured}
  release_date: "2018-10-20"
  precision: day
  kind: single
  sources:
    - {url: "https://example.org/debut-day", fact: "released 20 October 2018"}
"""
DEBUTS = "🎤 Debut anniversaries"


@pytest.fixture
async def debut_bot(start_bot: BotFactory, days_catalogue: Path, clock: Clock) -> KCollabBot:
    add_debuts(days_catalogue)
    (days_catalogue / "collabs" / "2018.yaml").write_text(DEBUT_DAY_SONG)
    clock.set("2026-10-20T12:00")
    return await hold_the_job(await start_bot(catalogue_dir=days_catalogue, clock=clock))


def _debut_field(embed: dict[str, Any]) -> str:
    [field] = [f for f in embed.get("fields", []) if f["name"] == DEBUTS]
    assert embed["fields"][-1] is field  # the section below everything else
    return str(field["value"])


async def test_onthisday_shows_the_days_debuts_in_their_own_section_below_the_collaborations(
    debut_bot: KCollabBot, fake: FakeDiscord
) -> None:
    reply = await (await fake.slash("onthisday")).reply()
    embed = reply.embeds[0]
    assert embed["title"] == "On this day: 20 October"
    assert [line.split("**")[1] for line in embed["description"].splitlines()] == ["Debut Day Song"]
    assert _debut_field(embed) == "`2015` **TWICE** debuted 11 years ago on this day with *Like Ooh-Ahh*"
    assert [o["value"] for o in reply.selects()[0]["options"]] == ["song:debut-day-song"]  # songs open cards


async def test_onthisday_on_a_day_with_only_a_debut_shows_it_and_no_next_anniversary(
    debut_bot: KCollabBot, fake: FakeDiscord
) -> None:
    reply = await (await fake.slash("onthisday", date="08-08")).reply()
    embed = reply.embeds[0]
    assert "description" not in embed or not embed["description"]
    assert _debut_field(embed) == "`2016` 🎉 **BLACKPINK** debuted **10 years** ago on this day with *Whistle*"
    assert reply.selects() == []  # no song to open


async def test_onthisday_names_a_debut_as_the_next_anniversary(debut_bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("onthisday", date="2026-08-07")).reply()
    text = reply.embeds[0]["description"]
    assert text.startswith("No collaboration in the catalogue was released on 7 August.")
    assert "Next anniversary: **BLACKPINK**'s debut on 8 August (10 years since *Whistle*)." in text


async def test_a_month_precise_debut_is_never_shown(debut_bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("anniversary upcoming", days=31)).reply()  # NewJeans: July 2022, no day
    assert "NewJeans" not in reply.text()
    july = await (await fake.slash("onthisday", date="07-01")).reply()
    assert "NewJeans" not in july.text()


async def test_the_daily_post_shows_the_days_debuts_below_its_collaborations(
    debut_bot: KCollabBot, fake: FakeDiscord, clock: Clock
) -> None:
    clock.set("2026-10-20T08:00", "Asia/Seoul")
    await setup_posts(fake, time="09:00", timezone="Asia/Seoul")
    start = len(fake.outputs)
    clock.set("2026-10-20T09:00", "Asia/Seoul")
    await run_daily_job(debut_bot)
    [post] = posts(fake, start)
    embed = post.embeds[0]
    assert embed["title"] == "🎂 On this day — 20 October"
    assert [line.split("**")[1] for line in embed["description"].splitlines()] == ["Debut Day Song"]
    assert _debut_field(embed) == "`2015` **TWICE** debuted 11 years ago today with *Like Ooh-Ahh*"
    assert embed["footer"]["text"].endswith("2026-10-20") and not post.pings


async def test_a_day_with_only_debuts_is_posted_even_where_quiet_days_are_skipped(
    debut_bot: KCollabBot, fake: FakeDiscord, clock: Clock
) -> None:
    clock.set("2026-08-08T08:00")
    await setup_posts(fake, time="09:00", quiet_days="skip")
    start = len(fake.outputs)
    clock.set("2026-08-08T09:00")
    await run_daily_job(debut_bot)
    [post] = posts(fake, start)
    embed = post.embeds[0]
    assert "No anniversary today" not in str(embed.get("description"))
    assert _debut_field(embed) == "`2016` 🎉 **BLACKPINK** debuted **10 years** ago today with *Whistle*"
    assert post.components == []  # no song, no menu


async def test_a_quiet_days_post_looks_ahead_to_debuts_too(
    debut_bot: KCollabBot, fake: FakeDiscord, clock: Clock
) -> None:
    clock.set("2026-10-15T08:00")
    await setup_posts(fake, time="09:00")
    start = len(fake.outputs)
    clock.set("2026-10-15T09:00")
    await run_daily_job(debut_bot)
    [post] = posts(fake, start)
    embed = post.embeds[0]
    assert embed["description"].startswith("No anniversary today.\n**Coming up this week**")
    assert "APT." in embed["description"] and "Debut Day Song" in embed["description"]
    [field] = embed["fields"]
    assert field["name"] == "🎤 Debut anniversaries this week"
    assert field["value"] == "`20 October` **TWICE**: 11 years since their debut with *Like Ooh-Ahh* (2015)"


async def test_preview_and_upcoming_show_debuts_below_the_collaborations(
    debut_bot: KCollabBot, fake: FakeDiscord, clock: Clock
) -> None:
    preview = await (await fake.slash("anniversary preview", member=fake.owner)).reply()
    assert preview.ephemeral and "**TWICE** debuted 11 years ago today" in _debut_field(preview.embeds[0])
    clock.set("2026-10-17T12:00")
    upcoming = await (await fake.slash("anniversary upcoming", days=4)).reply()
    embed = upcoming.embeds[0]
    assert embed["description"].splitlines()[0] == "**18 October**" and "Debut Day Song" in embed["description"]
    assert _debut_field(embed) == "`20 October` **TWICE**: 11 years since their debut with *Like Ooh-Ahh* (2015)"


async def test_a_crowded_debut_day_stays_within_discords_limits(
    start_bot: BotFactory, fake: FakeDiscord, days_catalogue: Path, clock: Clock
) -> None:
    # 60 acts with long names debuting on one day: the section is cut, never refused by Discord.
    acts = "".join(f"- {{id: act-{n}, name: '{'Act ' * 60}{n}', side: kpop, kind: group}}\n" for n in range(60))
    (days_catalogue / "artists" / "acts.yaml").write_text(acts)
    (days_catalogue / "debuts.yaml").write_text(
        "".join(
            f"- {{artist: act-{n}, date: '2010-11-30', precision: day, release: '{'Song ' * 40}',"
            f" sources: [{{url: 'https://example.org/{n}', fact: 'debut'}}]}}\n"
            for n in range(60)
        )
    )
    bot = await hold_the_job(await start_bot(catalogue_dir=days_catalogue, clock=clock))
    reply = await (await fake.slash("onthisday")).reply()
    value = _debut_field(reply.embeds[0])
    assert len(value) <= 1024 and value.endswith("…")
    await setup_posts(fake, time="09:00")
    start = len(fake.outputs)
    await run_daily_job(bot)
    [post] = posts(fake, start)
    assert len(_debut_field(post.embeds[0])) <= 1024
    upcoming = await (await fake.slash("anniversary upcoming", days=31)).reply()
    assert len(_debut_field(upcoming.embeds[0])) <= 1024


# ------------------------------------------------------------------ the daily post
async def test_the_post_goes_out_at_the_set_minute_exactly_once(
    bot: KCollabBot, fake: FakeDiscord, clock: Clock
) -> None:
    clock.set("2026-11-30T08:00", "Asia/Seoul")
    await setup_posts(fake, time="09:00", timezone="Asia/Seoul")
    start = len(fake.outputs)
    clock.set("2026-11-30T08:59", "Asia/Seoul")
    await run_daily_job(bot)
    assert posts(fake, start) == []
    clock.set("2026-11-30T09:00", "Asia/Seoul")
    await run_daily_job(bot)
    [post] = posts(fake, start)
    embed = post.embeds[0]
    assert embed["title"] == "🎂 On this day — 30 November"
    assert [line.split("**")[1] for line in embed["description"].splitlines()] == [
        "Old Song",
        "Mid Song",
        "Recent Song",
    ]
    assert embed["footer"]["text"].endswith("2026-11-30")
    assert not post.pings
    clock.set("2026-11-30T09:01", "Asia/Seoul")
    await run_daily_job(bot)
    await run_daily_job(bot)
    assert len(posts(fake, start)) == 1
    status = await (await fake.slash("anniversary status")).reply()
    fields = {f["name"]: f["value"] for f in status.embeds[0]["fields"]}
    assert f"/{fake.channel_id}/{post.message_id})" in fields["Last post"]


async def test_the_posts_menu_opens_cards_for_anyone_privately(
    bot: KCollabBot, fake: FakeDiscord, clock: Clock
) -> None:
    await setup_posts(fake, time="09:00")
    start = len(fake.outputs)
    await run_daily_job(bot)
    [post] = posts(fake, start)
    menu = post.selects()[0]
    card = await (await fake.click(post.message, menu["custom_id"], member=fake.bob, values=["song:mid-song"])).reply()
    assert card.ephemeral and card.embeds[0]["title"] == "Mid Song"


async def test_a_role_mention_pings_that_role_only(bot: KCollabBot, fake: FakeDiscord) -> None:
    await setup_posts(fake, time="09:00", mention=fake.fans_role_id)
    start = len(fake.outputs)
    await run_daily_job(bot)
    [post] = posts(fake, start)
    assert post.message["mention_roles"] == [str(fake.fans_role_id)]
    assert not post.message["mention_everyone"] and not post.message["mentions"]
    post.ping_ok = True


async def test_a_bot_that_was_down_catches_up_the_same_day_but_never_a_missed_one(
    bot: KCollabBot, fake: FakeDiscord, clock: Clock
) -> None:
    clock.set("2026-11-29T08:00", "Europe/London")
    await setup_posts(fake, time="09:00", timezone="Europe/London")
    start = len(fake.outputs)
    clock.set("2026-11-30T15:00", "Europe/London")  # down all of the 29th after 08:00, back at 15:00 on the 30th
    await run_daily_job(bot)
    [post] = posts(fake, start)
    assert post.embeds[0]["footer"]["text"].endswith("2026-11-30")  # today's, and nothing for the 29th


async def test_a_quiet_day_posts_whats_coming_or_nothing_as_the_server_chose(
    bot: KCollabBot, fake: FakeDiscord, clock: Clock
) -> None:
    clock.set("2026-10-27T10:00")
    await setup_posts(fake, time="09:00")
    start = len(fake.outputs)
    await run_daily_job(bot)
    [post] = posts(fake, start)
    assert post.embeds[0]["description"].startswith("No anniversary today.\n**Coming up this week**")
    assert "Autumn Song" in post.embeds[0]["description"]
    clock.set("2026-10-28T10:00")
    await setup_posts(fake, time="09:00", quiet_days="skip")
    start = len(fake.outputs)
    await run_daily_job(bot)
    assert posts(fake, start) == []


@pytest.mark.parametrize(
    ("zone", "day", "at", "before", "after"),
    [
        # Spring forward: 02:30 does not exist on 8 March 2026 in New York; the post still goes out that day, once.
        ("America/New_York", "2026-03-08", "02:30", "2026-03-08T06:59:00+00:00", "2026-03-08T07:30:00+00:00"),
        # Fall back: 01:30 happens twice on 1 November 2026; the post goes out at the first, once.
        ("America/New_York", "2026-11-01", "01:30", "2026-11-01T05:29:00+00:00", "2026-11-01T05:30:00+00:00"),
    ],
)
async def test_dst_days_post_once(
    bot: KCollabBot, fake: FakeDiscord, clock: Clock, zone: str, day: str, at: str, before: str, after: str
) -> None:
    clock.now = dt.datetime.fromisoformat(before) - dt.timedelta(minutes=1)  # that day, before its post time
    await setup_posts(fake, time=at, timezone=zone)
    start = len(fake.outputs)
    clock.now = dt.datetime.fromisoformat(before)
    await run_daily_job(bot)
    assert posts(fake, start) == []
    clock.now = dt.datetime.fromisoformat(after)
    await run_daily_job(bot)
    clock.now = dt.datetime.fromisoformat(after) + dt.timedelta(hours=1)  # the repeated hour comes round again
    await run_daily_job(bot)
    [post] = posts(fake, start)
    assert post.embeds[0]["footer"]["text"].endswith(day)


async def test_two_servers_in_different_zones_post_at_their_own_times(
    bot: KCollabBot, fake: FakeDiscord, clock: Clock
) -> None:
    other_guild, other_channel = fake.add_channel()
    clock.set("2026-11-30T00:00")
    await setup_posts(fake, time="09:00", timezone="Asia/Seoul")  # 00:00 UTC
    await bot.store.anniversaries.configure(
        other_guild,
        channel_id=other_channel,
        post_time=dt.time(9),
        timezone="America/New_York",
        role_id=None,
        quiet_days="upcoming",
    )
    start = len(fake.outputs)
    clock.set("2026-11-30T00:00")  # 09:00 in Seoul, 19:00 on the 29th in New York (its post time long passed)
    await run_daily_job(bot)
    first = posts(fake, start)
    assert {p.channel_id for p in first} == {fake.channel_id, other_channel}
    new_york = next(p for p in first if p.channel_id == other_channel)
    assert new_york.embeds[0]["footer"]["text"].endswith("2026-11-29")  # still the 29th there: catch-up
    clock.set("2026-11-30T14:00")  # 09:00 in New York
    middle = len(fake.outputs)
    await run_daily_job(bot)
    [later] = posts(fake, middle)
    assert later.channel_id == other_channel and later.embeds[0]["footer"]["text"].endswith("2026-11-30")


# ------------------------------------------------------------------ faults
async def test_a_deleted_channel_stops_posts_and_status_says_why(bot: KCollabBot, fake: FakeDiscord) -> None:
    await setup_posts(fake, time="09:00")
    await fake.delete_channel(fake.channel_id)
    await run_daily_job(bot)
    assert [r.code for r in fake.take_refusals()] == [10003]
    settings = await bot.store.anniversaries.get(fake.guild_id)
    assert settings is not None and not settings.enabled
    status = await (await fake.slash("anniversary status")).reply()
    fields = {f["name"]: f["value"] for f in status.embeds[0]["fields"]}
    assert fields["State"] == "off" and "channel was deleted" in fields["Problems"]


async def test_a_missing_permission_is_recorded_and_retried_the_next_day(
    bot: KCollabBot, fake: FakeDiscord, clock: Clock
) -> None:
    await setup_posts(fake, time="09:00")
    deny = [{"id": str(fake.bot_role_id), "type": 0, "allow": "0", "deny": str(rules.SEND_MESSAGES)}]
    await fake.set_overwrites(fake.channel_id, deny)
    start = len(fake.outputs)
    await run_daily_job(bot)
    await run_daily_job(bot)  # not retried the same day
    assert [r.code for r in fake.take_refusals()] == [50013]
    status = await (await fake.slash("anniversary status")).reply()
    problems = {f["name"]: f["value"] for f in status.embeds[0]["fields"]}["Problems"]
    assert "permission is missing" in problems and "Send Messages" in problems
    await fake.set_overwrites(fake.channel_id, [])
    clock.set("2026-12-01T12:00")
    await run_daily_job(bot)
    [post] = posts(fake, start)
    assert post.embeds[0]["footer"]["text"].endswith("2026-12-01")


async def test_rate_limits_and_server_errors_are_retried(bot: KCollabBot, fake: FakeDiscord, clock: Clock) -> None:
    await setup_posts(fake, time="09:00")
    fake.fail("POST", rf"/channels/{fake.channel_id}/messages", 429, retry_after=0.05)
    fake.fail("POST", rf"/channels/{fake.channel_id}/messages", 503)  # discord.py does not retry a 503 itself
    start = len(fake.outputs)
    await run_daily_job(bot)
    assert posts(fake, start) == []
    record = (await bot.store.anniversaries.posts_on([clock().date()]))[(fake.guild_id, clock().date())]
    assert record.state == "retry" and record.retry_at is not None
    clock.now = record.retry_at
    await run_daily_job(bot)
    [post] = posts(fake, start)
    assert post.embeds


async def test_a_server_that_removes_the_bot_gets_no_more_posts(bot: KCollabBot, fake: FakeDiscord) -> None:
    await setup_posts(fake, time="09:00")
    await fake.remove_bot()
    for _ in range(100):
        settings = await bot.store.anniversaries.get(fake.guild_id)
        if settings is not None and not settings.enabled:
            break
        await asyncio.sleep(0.02)
    start = len(fake.outputs)
    await run_daily_job(bot)
    assert posts(fake, start) == []


# ------------------------------------------------------------------ restarts
async def test_a_post_sent_before_a_crash_is_found_not_sent_again(
    start_bot: BotFactory, fake: FakeDiscord, days_catalogue: Path, tmp_path: Path
) -> None:
    clock = Clock(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))
    first: KCollabBot = await hold_the_job(await start_bot(catalogue_dir=days_catalogue, clock=clock))
    await setup_posts(fake, time="09:00")
    # The crash: claimed and sent, never recorded (what a kill between send and record leaves behind).
    assert await first.store.anniversaries.claim(fake.guild_id, dt.date(2026, 11, 30), fake.channel_id, clock())
    from bot.ui import anniversaries as embeds

    sent = await first.get_partial_messageable(fake.channel_id).send(
        embed=embeds.daily_post(dt.date(2026, 11, 30), Digest([], []))
    )
    posts(fake)
    first.scheduler.remove_all_jobs()
    await first.close()
    start = len(fake.outputs)
    second: KCollabBot = await hold_the_job(await start_bot(catalogue_dir=days_catalogue, clock=clock))
    await run_daily_job(second)
    assert posts(fake, start) == []
    record = (await second.store.anniversaries.posts_on([dt.date(2026, 11, 30)]))[
        (fake.guild_id, dt.date(2026, 11, 30))
    ]
    assert record.state == "sent" and record.message_id == sent.id


async def test_a_claim_interrupted_before_sending_is_posted_after_the_restart(
    start_bot: BotFactory, fake: FakeDiscord, days_catalogue: Path
) -> None:
    clock = Clock(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))
    first: KCollabBot = await hold_the_job(await start_bot(catalogue_dir=days_catalogue, clock=clock))
    await setup_posts(fake, time="09:00")
    assert await first.store.anniversaries.claim(fake.guild_id, dt.date(2026, 11, 30), fake.channel_id, clock())
    first.scheduler.remove_all_jobs()
    await first.close()
    start = len(fake.outputs)
    second: KCollabBot = await hold_the_job(await start_bot(catalogue_dir=days_catalogue, clock=clock))
    await run_daily_job(second)
    [post] = posts(fake, start)
    assert post.embeds[0]["footer"]["text"].endswith("2026-11-30")


async def test_one_servers_failure_does_not_stop_anothers_post(bot: KCollabBot, fake: FakeDiscord) -> None:
    other_guild, other_channel = fake.add_channel()
    await setup_posts(fake, time="09:00")
    await bot.store.anniversaries.configure(
        other_guild, channel_id=other_channel, post_time=dt.time(9), timezone=None, role_id=None, quiet_days="upcoming"
    )
    # This server's channel answers 500 twice: discord.py waits and retries (about 4 s) before its post goes out.
    fake.fail("POST", rf"/channels/{fake.channel_id}/messages", 500, times=2)
    start = len(fake.outputs)
    await run_daily_job(bot)
    # The other server did not wait for it.
    assert [p.channel_id for p in posts(fake, start)] == [other_channel, fake.channel_id]


# ------------------------------------------------------------------ Quiz me (trivia on the daily post)
async def test_quiz_me_asks_the_presser_one_question_about_the_days_songs_counted_in_their_stats(
    bot: KCollabBot, fake: FakeDiscord, clock: Clock
) -> None:
    await setup_posts(fake, time="09:00")
    start = len(fake.outputs)
    await run_daily_job(bot)
    [post] = posts(fake, start)
    [quiz] = [b for b in post.buttons() if b.get("label") == "Quiz me"]
    asked = await (await fake.click(post.message, quiz["custom_id"], member=fake.bob)).reply()
    assert asked.ephemeral and "Quiz me" in asked.text() and len(asked.buttons()) == 4
    cog: Any = bot.get_cog("Trivia")
    question = await cog._quiz_question("20261130", fake.bob.id)
    assert question is not None and question.key.split(":")[1] in {"old-song", "mid-song", "recent-song"}
    assert question.prompt in asked.text()
    again = await (await fake.click(post.message, quiz["custom_id"], member=fake.bob)).reply()
    assert again.text() == asked.text()  # the same question for the same member, after any restart too
    answer = asked.buttons()[question.correct]["custom_id"]
    result = await (await fake.click(asked.message, answer, member=fake.bob)).reply()
    assert result.kind == "edit" and "Right" in result.text() and result.components == []
    twice = await (await fake.click(post.message, quiz["custom_id"], member=fake.bob)).reply()
    assert twice.ephemeral and "already answered" in twice.content
    stats = await (await fake.slash("trivia stats", member=fake.bob)).reply()
    fields = {f["name"]: f["value"] for f in stats.embeds[0]["fields"]}
    assert fields["Questions answered"] == "1" and fields["Accuracy"] == "100%" and fields["Games played"] == "0"


async def test_a_quiet_days_post_has_no_quiz_button(bot: KCollabBot, fake: FakeDiscord, clock: Clock) -> None:
    clock.set("2026-07-01T12:00")
    await setup_posts(fake, time="09:00")
    start = len(fake.outputs)
    await run_daily_job(bot)
    [post] = posts(fake, start)
    assert "No anniversary today" in post.text()
    assert not [b for b in post.buttons() if b.get("label") == "Quiz me"]
