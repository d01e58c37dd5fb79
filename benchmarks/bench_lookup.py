"""Collaboration lookup at scale: 100,000 synthetic collaborations, 20,000 artists, in a temporary SQLite file.

Measures, in one run, autocomplete and search (p50/p99 over 2,000 realistic queries: prefixes, typos, Hangul,
aliases), a search naming an artist (its songs listed under it, best known first), song and artist card assembly,
and /collab between, against a naive ``LIKE '%q%'`` scan as the baseline. Run: ``make bench`` (or
``.venv/bin/python benchmarks/bench_lookup.py [--collabs N --artists N]``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.catalogue.lookup import Lookup
from bot.catalogue.model import Artist, Catalogue, Collab, Credit, Membership, ReleaseDate, Source
from bot.store import Store

SYLLABLES = [
    "ka",
    "ri",
    "mo",
    "na",
    "so",
    "jin",
    "min",
    "hye",
    "rin",
    "ta",
    "lo",
    "vi",
    "ne",
    "sa",
    "yu",
    "do",
    "bel",
    "mar",
    "tin",
    "ley",
    "zo",
    "ran",
    "ki",
    "pe",
    "lu",
    "chan",
    "woo",
    "seo",
    "ha",
    "el",
]
WORDS = [
    "love",
    "night",
    "dream",
    "fire",
    "summer",
    "heart",
    "star",
    "blue",
    "dance",
    "light",
    "moon",
    "rain",
    "sweet",
    "wild",
    "gold",
    "magic",
    "forever",
    "baby",
    "city",
    "ocean",
    "shadow",
    "angel",
    "crazy",
    "ice",
]


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _hangul(rng: random.Random) -> str:
    return "".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(rng.randint(2, 3)))


def synthetic_catalogue(collabs: int, artists: int, seed: int = 7) -> Catalogue:
    rng = random.Random(seed)
    kpop_count = artists * 2 // 5
    groups = kpop_count // 8
    people: list[Artist] = []
    for i in range(artists):
        kpop = i < kpop_count
        base = f"{_name(rng, rng.randint(1, 2))} {_name(rng, rng.randint(1, 2))}" if not kpop else _name(rng, 2)
        name = f"{base} {i}" if i % 3 == 0 else base  # some repeated names, like real catalogues
        member_of = (Membership(f"a{rng.randrange(groups)}"),) if kpop and i >= groups else ()
        people.append(
            Artist(
                slug=f"a{i}",
                name=name,
                side="kpop" if kpop else "international",
                kind=("group" if i < groups else "member") if kpop else "singer",
                hangul=_hangul(rng) if kpop else None,
                aliases=(name.replace(" ", ""), f"{name[:3]}{i}"),
                member_of=member_of,
                country=None if kpop else "United States",
            )
        )
    songs: list[Collab] = []
    for i in range(collabs):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))).title() + f" {i}"
        kpop_credit = [Credit(f"a{rng.randrange(kpop_count)}", "kpop", "primary")]
        intl = rng.sample(range(kpop_count, artists), rng.randint(1, 2))
        credits = tuple(kpop_credit + [Credit(f"a{j}", "international", "featured") for j in intl])
        year = rng.randint(2009, 2026)
        songs.append(
            Collab(
                slug=f"c{i}",
                title=title,
                credits=credits,
                released=ReleaseDate(year, rng.randint(1, 12), rng.randint(1, 28)),
                kind="single",
                sources=(Source(f"https://example.org/{i}", "released"),),
            )
        )
    return Catalogue(artists=tuple(people), collabs=tuple(songs), content_hash=f"synthetic-{collabs}-{artists}")


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :] if rng.random() < 0.5 else text[:i] + text[i + 1 :]


def queries(catalogue: Catalogue, count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    people = list(catalogue.artists)
    songs = list(catalogue.collabs)
    out: list[str] = []
    for n in range(count):
        artist = rng.choice(people)
        kind = n % 4
        if kind == 0:
            out.append(artist.name[: rng.randint(2, 6)].lower())  # typing a prefix
        elif kind == 1:
            source = rng.choice([artist.name, rng.choice(songs).title.rsplit(" ", 1)[0]])
            out.append(_typo(rng, source))  # a typo
        elif kind == 2:
            korean = next(a for a in rng.sample(people[: len(people) // 2], 5) if a.hangul)
            assert korean.hangul is not None
            out.append(korean.hangul[: rng.randint(1, len(korean.hangul))])  # Hangul, whole or a prefix
        else:
            out.append(rng.choice(artist.aliases))  # an alias
    return out


async def measure(items: list[str], call: Callable[[str], Awaitable[object]]) -> list[float]:
    timings = []
    for item in items:
        start = time.perf_counter()
        await call(item)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def summary(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--collabs", type=int, default=100_000)
    parser.add_argument("--artists", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=2_000)
    args = parser.parse_args()

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}"
    )
    catalogue = synthetic_catalogue(args.collabs, args.artists)
    with tempfile.TemporaryDirectory() as folder:
        store = await Store.open(Path(folder) / "bench.sqlite3")
        await store.migrate()
        start = time.perf_counter()
        await store.catalogue.replace(catalogue)
        took = time.perf_counter() - start
        print(f"loaded {args.collabs:,} collaborations and {args.artists:,} artists in {took:.1f} s")
        lookup = Lookup(store.lookup)
        start = time.perf_counter()
        await lookup.warm()
        print(
            f"warm-up (typo vocabulary, graph, songs by renown): {time.perf_counter() - start:.2f} s, "
            f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
        )
        texts = queries(catalogue, args.queries)
        db = store.database.connection

        async def naive(text: str) -> None:
            # The baseline: what a first version would do, a substring scan over every name and title.
            pattern = f"%{text}%"
            for sql in (
                "SELECT id FROM collabs WHERE title LIKE ? LIMIT 50",
                "SELECT id FROM artists WHERE name LIKE ? OR hangul LIKE ? LIMIT 50",
                "SELECT artist_id FROM artist_aliases WHERE alias LIKE ? LIMIT 50",
            ):
                async with db.execute(sql, (pattern,) * sql.count("?")) as cursor:
                    await cursor.fetchall()

        async def autocomplete(text: str) -> None:
            await lookup.autocomplete(text, "artist")

        async def search(text: str) -> None:
            # What /collab search does: rank up to 50 lines, describe the first page of 10.
            await lookup.search_page(text, 0, 10, limit=50)

        rng = random.Random(5)
        # A name typed whole, as "/collab search Bruno Mars": the artist, then their (members') songs.
        named = [rng.choice(catalogue.artists).name for _ in range(500)]

        rng = random.Random(3)
        song_ids = [rng.randrange(1, args.collabs + 1) for _ in range(500)]
        artist_ids = [rng.randrange(1, args.artists + 1) for _ in range(500)]

        async def song_card(i: str) -> None:
            await store.lookup.song_detail(int(i))

        async def artist_card(i: str) -> None:
            # The card: name, Hangul, kind, group or members, number of collaborations, top partners.
            await store.lookup.artist_detail(int(i))

        async def artist_songs(i: str) -> None:
            # Every page of the list under the card (all songs, members' included), fetched at once.
            await store.lookup.artist_collabs(int(i), True)

        async def between(pair: str) -> None:
            a, b = pair.split()
            await lookup.between(int(a), int(b))

        pairs = [f"{rng.randrange(1, args.artists + 1)} {rng.randrange(1, args.artists + 1)}" for _ in range(300)]
        results = {
            "baseline LIKE scan": await measure(texts, naive),
            "autocomplete": await measure(texts, autocomplete),
            "search (first page of 50)": await measure(texts, search),
            "search naming an artist": await measure(named, search),
            "song card": await measure([str(i) for i in song_ids], song_card),
            "artist card": await measure([str(i) for i in artist_ids], artist_card),
            "artist song list (all pages)": await measure([str(i) for i in artist_ids], artist_songs),
            "between": await measure(pairs, between),
        }
        await store.close()
    base_p50, _ = summary(results["baseline LIKE scan"])
    targets = {
        "autocomplete": 5,
        "search (first page of 50)": 10,
        "search naming an artist": 10,
        "song card": 5,
        "artist card": 5,
        "between": 50,
    }
    print(f"\n{'operation':34} {'p50 ms':>8} {'p99 ms':>8} {'target p99':>11} {'p50 / baseline p50':>19}")
    for name, timings in results.items():
        p50, p99 = summary(timings)
        # The baseline answers the same search texts; cards and links have no naive equivalent to compare.
        ratio = f"{p50 / base_p50:.2f}" if name in ("autocomplete", "search (first page of 50)") else ""
        target = f"<= {targets[name]} ms" if name in targets else ""
        verdict = "" if name not in targets else (" ok" if p99 <= targets[name] else " MISSED")
        print(f"{name:34} {p50:8.2f} {p99:8.2f} {target:>11} {ratio:>19}{verdict}")


if __name__ == "__main__":
    asyncio.run(main())
