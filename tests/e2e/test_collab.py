"""/collab end to end: the real bot, the real catalogue, the loopback Discord."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.client import KCollabBot
from tests.e2e.conftest import BotFactory
from tests.e2e.fake_discord import FakeDiscord, Output


def _custom_ids(output: Output) -> set[str]:
    return {c["custom_id"] for c in output.buttons() + output.selects()}


def _button(message: dict[str, Any], emoji: str) -> str | None:
    """The custom id of the ◀ or ▶ button on a message, or None."""
    for row in message.get("components") or []:
        for item in row["components"]:
            if item.get("type") == 2 and (item.get("emoji") or {}).get("name") == emoji:
                return str(item["custom_id"])
    return None


def _menu(message: dict[str, Any]) -> str:
    return next(str(c["custom_id"]) for row in message["components"] for c in row["components"] if c["type"] == 3)


# ------------------------------------------------------------------ autocomplete
@pytest.mark.parametrize("typed", ["정국", "jung kook", "JK", "jungkook", "Jeon Jungkook"])
async def test_artist_autocomplete_reaches_jung_kook_by_any_name(
    bot: KCollabBot, fake: FakeDiscord, typed: str
) -> None:
    choices = await fake.autocomplete("collab artist", "name", name=typed)
    assert choices[0]["value"] == "jung-kook"


@pytest.mark.parametrize(
    ("typed", "slug"), [("정구", "jung-kook"), ("롲", "rose"), ("샤이", "shinee"), ("방탄소녀", "bts")]
)
async def test_artist_autocomplete_follows_a_korean_keyboard_mid_syllable(
    bot: KCollabBot, fake: FakeDiscord, typed: str, slug: str
) -> None:
    # What the input method shows on the way to 정국, 로제, 샤이니, 방탄소년단: not plain prefixes of the names.
    choices = await fake.autocomplete("collab artist", "name", name=typed)
    assert slug in [c["value"] for c in choices[:3]]


async def test_rose_without_accent_reaches_rose(bot: KCollabBot, fake: FakeDiscord) -> None:
    choices = await fake.autocomplete("collab artist", "name", name="rose")
    assert choices[0]["value"] == "rose"
    assert choices[0]["name"].startswith("ROSÉ (BLACKPINK)")


async def test_song_autocomplete_puts_prefix_matches_first(bot: KCollabBot, fake: FakeDiscord) -> None:
    choices = await fake.autocomplete("collab song", "title", title="sev")
    assert choices and all(len(c["name"]) <= 100 for c in choices)
    assert choices[0]["name"].lower().startswith("sev")


async def test_empty_autocomplete_suggests_popular_entries(bot: KCollabBot, fake: FakeDiscord) -> None:
    choices = await fake.autocomplete("collab song", "title", title="")
    assert len(choices) == 25
    assert "apt-rose" in {c["value"] for c in choices}  # a No. 3 on the Hot 100


async def test_between_autocomplete_offers_artists_for_either_option(bot: KCollabBot, fake: FakeDiscord) -> None:
    choices = await fake.autocomplete("collab between", "second", first="rose", second="brun")
    assert choices[0]["value"] == "bruno-mars"


# ------------------------------------------------------------------ /collab song
async def test_song_card_shows_the_release_and_languages(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab song", title="boy-with-luv-bts")).reply()
    fields = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}
    assert fields["Kind"] == "single · from *Map of the Soul: Persona*"
    assert fields["Chart peaks"] == "No. 8 — Billboard Hot 100 (2019-04-27)"
    assert fields["Links"] == "[YouTube](https://www.youtube.com/watch?v=XsX3ATc3FbA)"
    # Dataset sources link to the file on GitHub.
    assert "(https://github.com/hweebaak/kpopdata/blob/HEAD/kpop_music_videos.csv)" in fields["Sources"]
    reply = await (await fake.slash("collab song", title="who-do-u-love-monsta-x")).reply()
    fields = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}
    assert fields["Languages"] == "English"


async def test_song_card_says_whose_calendar_day_the_date_is(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab song", title="seoul town road")).reply()
    released = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}["Released"]
    assert released.startswith("Wednesday, 24 July 2019")  # 25 July in Korea
    assert released.endswith("(single release, US date)")


async def test_song_by_slug_shows_the_card(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab song", title="apt-rose")).reply()
    card = reply.embeds[0]
    fields = {f["name"]: f["value"] for f in card["fields"]}
    assert card["title"] == "APT."
    assert fields["K-pop"].startswith("ROSÉ (BLACKPINK)")
    assert "Bruno Mars (United States)" in fields["International"]
    assert fields["Released"].startswith("Friday, 18 October 2024")
    assert "years ago" in fields["Released"] or "year ago" in fields["Released"]
    assert "Billboard Hot 100" in fields["Chart peaks"]
    assert fields["Sources"].startswith("[1](http")
    assert not reply.ephemeral


async def test_typed_title_that_is_not_a_slug_is_searched(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab song", title="seven feat latto")).reply()
    assert reply.embeds[0]["title"].startswith("Seven")


async def test_unknown_song_says_so_with_nearest_names(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab song", title="Sour Candyy zzqx")).reply()
    assert reply.ephemeral
    assert "No song matches" in reply.content
    assert "Did you mean" in reply.content and "sour candy" in reply.content.lower()


# ------------------------------------------------------------------ /collab search
async def test_search_pages_turn_for_the_invoker_only(bot: KCollabBot, fake: FakeDiscord) -> None:
    first = await (await fake.slash("collab search", query="bts", member=fake.alice)).reply()
    assert "Page 1/" in first.embeds[0]["footer"]["text"]
    assert _button(first.message, "◀") is None and len(first.selects()) == 1  # no ◀ on the first page
    forward = _button(first.message, "▶")
    assert forward is not None
    refused = await (await fake.click(first.message, forward, member=fake.bob)).reply()
    assert refused.ephemeral and "not yours" in refused.content
    turned = await (await fake.click(first.message, forward, member=fake.alice)).reply()
    assert turned.kind == "edit" and turned.message_id == first.message_id
    assert "Page 2/" in turned.embeds[0]["footer"]["text"]
    assert _button(turned.message, "◀") is not None
    assert turned.embeds[0]["description"].startswith("11. ")


async def test_last_page_offers_no_next_button(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab search", query="bts")).reply()
    total = int(reply.embeds[0]["footer"]["text"].split("/")[1])
    message = reply.message
    for _ in range(total - 1):
        forward = _button(message, "▶")
        assert forward is not None
        message = (await (await fake.click(message, forward)).reply()).message
    assert f"Page {total}/{total}" in message["embeds"][0]["footer"]["text"]
    assert _button(message, "▶") is None and _button(message, "◀") is not None


async def test_search_ranks_exact_before_prefix_before_word(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab search", query="seven")).reply()
    lines = reply.embeds[0]["description"].splitlines()
    assert "**Seven" in lines[0]
    assert not any("Seventeen" in line for line in lines[:2])  # "seven latto" (exact base title) before SEVENTEEN


async def test_select_menu_opens_a_song_card(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab search", query="apt")).reply()
    select = reply.selects()[0]
    value = next(o["value"] for o in select["options"] if o["value"] == "song:apt-rose")
    card = await (await fake.click(reply.message, _menu(reply.message), values=[value])).reply()
    assert card.embeds[0]["title"] == "APT."


def _lines(output: Output) -> list[str]:
    return str(output.embeds[0]["description"]).splitlines()


async def _every_page(fake: FakeDiscord, first: Output) -> list[str]:
    """The lines of every page of a search, turning them with ▶ to the last one."""
    lines, message = _lines(first), first.message
    while (forward := _button(message, "▶")) is not None:
        turned = await (await fake.click(message, forward)).reply()
        assert turned.kind == "edit"
        lines += _lines(turned)
        message = turned.message
    return lines


async def test_search_for_an_artist_lists_their_songs(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab search", query="Bruno Mars")).reply()
    lines = _lines(reply)
    assert lines[0] == "1. 👤 **Bruno Mars** — United States"
    assert lines[1].startswith("2. 🎵 **APT.** — ROSÉ (BLACKPINK) × Bruno Mars · 2024")  # his best known: No. 1
    assert any("**Press Your Number**" in line for line in lines[2:])


@pytest.mark.parametrize("typed", ["jung kook", "jungkook", "정국", "Jung Kok"])
async def test_search_for_jung_kook_by_any_name_lists_seven(bot: KCollabBot, fake: FakeDiscord, typed: str) -> None:
    reply = await (await fake.slash("collab search", query=typed)).reply()
    lines = _lines(reply)
    assert lines[0].startswith("1. 👤 **Jung Kook (BTS)**")
    # Under him, his songs with his name in the title first, then the others best known first: a Hot 100 No. 1 leads.
    others = [line for line in lines[1:] if "jung kook" not in line.split("**")[1].lower()]
    assert others[0].startswith(f"{lines.index(others[0]) + 1}. 🎵 **Seven (feat. Latto)** — Jung Kook (BTS) × Latto")
    assert "via" not in others[0]  # his own song: no member to name
    options = {o["value"] for o in reply.selects()[0]["options"]}
    assert "song:seven-jung-kook" in options and "artist:jung-kook" in options


async def test_the_start_of_a_name_lists_no_songs(bot: KCollabBot, fake: FakeDiscord) -> None:
    # "bruno" names nobody whole: the artist is found, their songs are not listed under it.
    reply = await (await fake.slash("collab search", query="bruno")).reply()
    assert not any("**APT.**" in line for line in _lines(reply))


async def test_search_for_a_group_lists_members_songs_labelled(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab search", query="blackpink")).reply()
    lines = _lines(reply)
    assert lines[0] == "1. 👤 **BLACKPINK** — K-pop"
    apt = next(line for line in lines if "**APT.**" in line)
    assert apt.endswith(" — via ROSÉ")
    others = [line for line in lines[1:] if "blackpink" not in line.split("**")[1].lower()]
    assert others[0] == apt  # the group's best known collaboration (No. 1) is a member's: first of the others
    assert any("**Sour Candy**" in line and "via" not in line for line in lines)  # the group's own: no label
    option = next(o for o in reply.selects()[0]["options"] if o["value"] == "song:apt-rose")
    assert option["description"].startswith("via ROSÉ · ")


async def test_menu_opens_an_artist_song_from_the_search(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab search", query="jungkook")).reply()
    value = next(o["value"] for o in reply.selects()[0]["options"] if o["value"] == "song:seven-jung-kook")
    card = await (await fake.click(reply.message, _menu(reply.message), values=[value])).reply()
    assert card.embeds[0]["title"] == "Seven (feat. Latto)"
    assert not card.ephemeral


async def test_a_group_search_pages_through_its_songs_once_each(bot: KCollabBot, fake: FakeDiscord) -> None:
    first = await (await fake.slash("collab search", query="bts")).reply()
    assert first.embeds[0]["footer"]["text"] == "Page 1/5"  # 77 songs for BTS and its members: cut at 50
    lines = await _every_page(fake, first)
    assert len(lines) == 50
    assert [line.split(". ", 1)[0] for line in lines] == [str(n) for n in range(1, 51)]
    entries = [line.split(". ", 1)[1].split(" — via ")[0] for line in lines]
    assert len(set(entries)) == len(entries)  # no song twice
    # Its songs matched by title keep their place right under it; its other songs follow, best known first.
    assert "**Savage Love (Laxed - Siren Beat) [BTS Remix]**" in lines[1]
    seven = next(line for line in lines if "**Seven (feat. Latto)**" in line)
    assert seven.endswith(" — via Jung Kook")
    universe = next(line for line in lines if "**My Universe**" in line)  # BTS's own Hot 100 No. 1 with Coldplay
    assert "via" not in universe


async def test_typo_still_finds_the_artist(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab search", query="blakcpink")).reply()
    assert "BLACKPINK" in reply.embeds[0]["description"].splitlines()[0]


async def test_search_with_no_match_suggests_names(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab search", query="coldplay qqxzv")).reply()
    assert reply.ephemeral
    assert "Did you mean" in reply.content and "coldplay" in reply.content.lower()


async def test_echoed_query_is_escaped_and_pings_nobody(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab search", query="**zzqqx** @everyone")).reply()
    assert "\\*\\*zzqqx\\*\\*" in reply.content
    assert "@everyone" not in reply.content  # defused with a zero-width space
    assert reply.message["allowed_mentions"] == {"parse": []}


async def test_pages_still_turn_after_a_restart(start_bot: BotFactory, fake: FakeDiscord) -> None:
    first_run: KCollabBot = await start_bot()
    reply = await (await fake.slash("collab search", query="bts")).reply()
    await first_run.close()
    await start_bot()  # a new process knows nothing of the message: the state is in its custom ids
    forward = _button(reply.message, "▶")
    assert forward is not None
    turned = await (await fake.click(reply.message, forward)).reply()
    assert turned.kind == "edit" and "Page 2/" in turned.embeds[0]["footer"]["text"]
    card = await (await fake.click(turned.message, _menu(turned.message), values=["song:apt-rose"])).reply()
    assert card.embeds[0]["title"] == "APT."


async def test_pages_still_turn_long_after_the_command(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab artist", name="bts")).reply()
    fake.advance(24 * 3600)  # the command's own token has long expired; a press brings a fresh one
    forward = _button(reply.message, "▶")
    assert forward is not None
    turned = await (await fake.click(reply.message, forward)).reply()
    assert turned.kind == "edit" and "Page 2/" in turned.embeds[0]["footer"]["text"]


async def test_a_button_from_an_older_version_says_the_message_expired(bot: KCollabBot, fake: FakeDiscord) -> None:
    old = fake._store_message(
        fake.channel_id,
        {
            "content": "old",
            "components": [
                {"type": 1, "components": [{"type": 2, "style": 2, "custom_id": "page:next", "emoji": {"name": "▶"}}]}
            ],
        },
        interaction=True,
    )
    reply = await (await fake.click(old, "page:next")).reply()
    assert reply.ephemeral and "expired" in reply.content


BAD_INPUTS = [
    "",
    "   ",
    "a" * 6000,
    '"',
    "*",
    "-",
    "NEAR",
    "AND",
    "OR",
    "(",
    ")",
    ":",
    "^",
    '"APT" OR title:*',
    "\x00\x01\x1f",
    "🎤🎶💜",
    "\u200b\u200d\ufeff",
    "BTS 방탄 ローズ Розэ",
    "NEAR(a b)",
    "a -b",
    "'; DROP TABLE x;--",
]


@pytest.mark.parametrize("text", BAD_INPUTS)
async def test_bad_search_input_always_gets_a_reply(bot: KCollabBot, fake: FakeDiscord, text: str) -> None:
    reply = await (await fake.slash("collab search", query=text)).reply()
    assert reply.content or reply.embeds
    assert "Something went wrong" not in reply.content


@pytest.mark.parametrize("text", BAD_INPUTS)
async def test_bad_autocomplete_input_gets_choices_not_errors(bot: KCollabBot, fake: FakeDiscord, text: str) -> None:
    choices = await fake.autocomplete("collab song", "title", title=text)
    assert len(choices) <= 25
    assert all(1 <= len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)


@pytest.mark.parametrize("text", ["", "   ", "a" * 6000, "\x00", '"*NEAR'])
async def test_bad_song_and_artist_values_get_a_clear_reply(bot: KCollabBot, fake: FakeDiscord, text: str) -> None:
    for path, option in (("collab song", "title"), ("collab artist", "name"), ("collab between", "first")):
        options: dict[str, Any] = {option: text, **({"second": "bruno-mars"} if path == "collab between" else {})}
        reply = await (await fake.slash(path, **options)).reply()
        assert reply.ephemeral and reply.content
        assert "Something went wrong" not in reply.content


# ------------------------------------------------------------------ /collab artist
async def test_group_card_lists_members_collabs_labelled(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab artist", name="blackpink")).reply()
    card = reply.embeds[0]
    assert card["title"] == "BLACKPINK (블랙핑크)"
    text = reply.text()
    assert "ROSÉ" in text and "Sour Candy" in text
    pages = int(card["footer"]["text"].split("/")[1]) if card.get("footer") else 1
    message = reply.message
    seen = [card["description"]]
    for _ in range(pages - 1):
        forward = _button(message, "▶")
        assert forward is not None
        message = (await (await fake.click(message, forward)).reply()).message
        seen.append(message["embeds"][0]["description"])
    assert any("**APT.**" in page and "*(as ROSÉ)*" in page for page in seen)


async def test_group_without_members_lists_only_its_own_songs(bot: KCollabBot, fake: FakeDiscord) -> None:
    with_members = await (await fake.slash("collab artist", name="blackpink", include_members=True)).reply()
    alone = await (await fake.slash("collab artist", name="blackpink", include_members=False)).reply()
    assert "(as ROSÉ)" not in alone.text()
    count = {f["name"]: f["value"] for f in with_members.embeds[0]["fields"]}["Collaborations"]
    assert int(count) > 1


async def test_member_card_names_the_group_and_partners(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab artist", name="rose")).reply()
    fields = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}
    assert fields["Group"] == "BLACKPINK"
    assert "Bruno Mars" in fields["Partners"]


# ------------------------------------------------------------------ /collab random
async def test_random_with_a_year_gives_a_song_of_that_year(bot: KCollabBot, fake: FakeDiscord) -> None:
    for _ in range(3):
        reply = await (await fake.slash("collab random", year=2024)).reply()
        released = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}["Released"]
        assert "2024" in released


async def test_random_in_a_year_without_songs_says_so(bot: KCollabBot, fake: FakeDiscord) -> None:
    # A year the catalogue has no song from, whatever it grows to (2099 is within the option's range).
    reply = await (await fake.slash("collab random", year=2099)).reply()
    assert reply.ephemeral and "2099" in reply.content


async def test_random_without_a_year(bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab random")).reply()
    assert reply.embeds and reply.embeds[0]["footer"]["text"].startswith("id: ")


# ------------------------------------------------------------------ /collab between (small catalogue: known graph)
ISOLATED = """\
- id: island-song
  title: Island Song
  credits:
    - {artist: island-kpop, role: primary}
    - {artist: island-intl, role: featured}
  release_date: "2022-05-05"
  precision: day
  kind: single
  sources:
    - {url: "https://example.org/island", fact: "Island Song came out on 5 May 2022"}
"""
ISOLATED_ARTISTS = """\
- {id: island-kpop, name: Island K, side: kpop, kind: soloist}
- {id: island-intl, name: Island I, side: international, kind: singer}
"""


@pytest.fixture
async def small_bot(start_bot: BotFactory, small_catalogue: Path) -> KCollabBot:
    (small_catalogue / "collabs" / "2022.yaml").write_text(ISOLATED)
    (small_catalogue / "artists" / "island.yaml").write_text(ISOLATED_ARTISTS)
    started: KCollabBot = await start_bot(catalogue_dir=small_catalogue)
    return started


async def test_between_direct_collaboration(small_bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab between", first="rose", second="bruno-mars")).reply()
    assert "**APT.**" in reply.embeds[0]["description"]
    assert "directly" in reply.embeds[0]["footer"]["text"]


async def test_between_through_group_membership(small_bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab between", first="blackpink", second="bruno-mars")).reply()
    assert "**APT.**" in reply.embeds[0]["description"]
    assert "via ROSÉ" in reply.embeds[0]["description"]


async def test_between_shortest_chain(small_bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab between", first="bruno-mars", second="lady-gaga")).reply()
    description = reply.embeds[0]["description"]
    assert description.splitlines() == [
        "Bruno Mars —**APT.** (2024)— ROSÉ",
        "ROSÉ — *member of* — BLACKPINK",
        "BLACKPINK —**Sour Candy** (2020)— Lady Gaga",
    ]


async def test_between_not_connected(small_bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab between", first="island-kpop", second="bruno-mars")).reply()
    assert reply.embeds[0]["description"].startswith("Not connected")


async def test_between_the_same_artist_twice_is_refused(small_bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab between", first="rose", second="Rosé")).reply()
    assert reply.ephemeral and "two different" in reply.content


async def test_commands_answer_quickly_enough_for_discord(bot: KCollabBot, fake: FakeDiscord) -> None:
    # Not a benchmark: a guard that no command needs a deferral (Discord's limit is 3 s).
    loop = asyncio.get_running_loop()
    start = loop.time()
    await (await fake.slash("collab between", first="bts", second="lady-gaga")).reply(timeout=3)
    assert loop.time() - start < 3


async def _restart_after_edit(
    start_bot: BotFactory, fake: FakeDiscord, catalogue: Path, edit: Callable[[str], str]
) -> dict[str, Any]:
    """Start on ``catalogue``, stop, apply ``edit`` to a data file, start again; the card /collab song apt shows."""
    bot = await start_bot(catalogue_dir=catalogue)
    await bot.close()
    path = catalogue / "collabs" / "2024.yaml"
    path.write_text(edit(path.read_text()))
    await start_bot(catalogue_dir=catalogue)
    return (await (await fake.slash("collab song", title="apt")).reply()).embeds[0]


async def test_edited_catalogue_is_served_after_a_restart_and_a_broken_one_is_not(
    start_bot: BotFactory, fake: FakeDiscord, small_catalogue: Path
) -> None:
    card = await _restart_after_edit(
        start_bot, fake, small_catalogue, lambda text: text.replace("title: APT.", "title: APT. (Live)")
    )
    assert card["title"] == "APT. (Live)"


async def test_broken_catalogue_edit_keeps_serving_the_last_good_one(
    start_bot: BotFactory, fake: FakeDiscord, small_catalogue: Path
) -> None:
    card = await _restart_after_edit(
        start_bot,
        fake,
        small_catalogue,
        lambda text: text.replace("title: APT.", "title: APT. (Live)").replace("precision: day", "precision: x"),
    )
    assert card["title"] == "APT."


async def test_between_a_group_and_its_member_reads_the_right_way(small_bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab between", first="blackpink", second="rose")).reply()
    assert reply.embeds[0]["description"] == "BLACKPINK — *has member* — ROSÉ"
    reply = await (await fake.slash("collab between", first="rose", second="blackpink")).reply()
    assert reply.embeds[0]["description"] == "ROSÉ — *member of* — BLACKPINK"


async def test_a_chain_through_a_group_goes_up_then_down(small_bot: KCollabBot, fake: FakeDiscord) -> None:
    reply = await (await fake.slash("collab between", first="lady-gaga", second="rose")).reply()
    # Lady Gaga sang with BLACKPINK, and ROSÉ is in BLACKPINK: a direct link through the group.
    assert "**Sour Candy**" in reply.embeds[0]["description"]
    assert "via BLACKPINK" in reply.embeds[0]["description"]


LONE_SURROGATE = "APT\ud800"


@pytest.mark.parametrize(
    ("path", "options"),
    [
        ("collab song", {"title": LONE_SURROGATE}),
        ("collab artist", {"name": "ros\udfff"}),
        ("collab between", {"first": "\ud83d", "second": "bruno-mars"}),
        ("collab between", {"first": "rose", "second": "bruno\udc00"}),
    ],
)
async def test_a_lone_surrogate_gets_a_clear_answer(
    small_bot: KCollabBot, fake: FakeDiscord, path: str, options: dict[str, Any]
) -> None:
    reply = await (await fake.slash(path, **options)).reply()
    assert "Something went wrong" not in reply.content
    assert reply.embeds or (reply.ephemeral and "No " in reply.content)


LONG_NAME = "The Extraordinarily Long-Named International Orchestra " * 4
LONG_TITLES = "\n".join(
    f"""- id: long-{n}
  title: "{"Very Long Title " * 15}{n}"
  credits:
    - {{artist: rose, role: primary}}
    - {{artist: long-name, role: featured}}
  release_date: "2022-01-{n + 1:02d}"
  precision: day
  kind: single
  sources:
    - {{url: "https://example.org/long-{n}", fact: "released"}}
"""
    for n in range(12)
)


async def test_an_artist_card_with_long_titles_stays_within_discords_limits(
    start_bot: BotFactory, fake: FakeDiscord, small_catalogue: Path
) -> None:
    (small_catalogue / "collabs" / "2022.yaml").write_text(LONG_TITLES)
    (small_catalogue / "artists" / "long.yaml").write_text(
        f'- {{id: long-name, name: "{LONG_NAME.strip()}", side: international, kind: orchestra}}\n'
    )
    await start_bot(catalogue_dir=small_catalogue)
    reply = await (await fake.slash("collab artist", name="rose")).reply()
    card = reply.embeds[0]
    assert len(card["description"]) <= 4096 and card["description"].endswith("…")
    assert card["title"].startswith("ROSÉ")
