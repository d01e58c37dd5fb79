"""Read and check the catalogue's YAML files, reporting every problem as ``file:line: reason``.

Layout: ``artists/*.yaml`` and ``collabs/*.yaml`` under the catalogue directory, each a list of records, and
``debuts.yaml`` beside them (optional): one debut record per K-pop act.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from bot.catalogue.model import (
    ARTIST_KINDS,
    DATE_BASES,
    DATE_ZONES,
    KINDS,
    PERFORMER_ROLES,
    PRECISIONS,
    ROLES,
    SIDES,
    Artist,
    Catalogue,
    ChartPeak,
    Collab,
    Credit,
    Debut,
    Membership,
    ReleaseDate,
    Source,
    without_credits,
)
from bot.normalise import normalise

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
MIN_YEAR, MAX_YEAR = 1990, 2100

ARTIST_FIELDS = {
    "id",
    "name",
    "side",
    "kind",
    "hangul",
    "country",
    "aliases",
    "member_of",
    "sources",
    "notes",
}
COLLAB_FIELDS = {
    "id",
    "title",
    "credits",
    "release_date",
    "precision",
    "date_basis",
    "date_zone",
    "release",
    "kind",
    "genre",
    "languages",
    "chart_peaks",
    "links",
    "sources",
    "notes",
}

DEBUT_FIELDS = {"artist", "date", "precision", "release", "album", "date_zone", "sources", "notes"}
DEBUTS_FILE = "debuts.yaml"

_LINE = "__line__"
_LINES = "__lines__"


class _LineLoader(yaml.CSafeLoader):
    """A safe loader whose mappings remember the line of the record and of each of its keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    lines: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            duplicates.append((str(key), key_node.start_mark.line + 1))
        mapping[key] = loader.construct_object(value_node, deep=True)
        lines[str(key)] = key_node.start_mark.line + 1
    mapping[_LINE] = node.start_mark.line + 1
    mapping[_LINES] = lines
    if duplicates:
        mapping["__duplicate_keys__"] = duplicates
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass(frozen=True, slots=True)
class _Record:
    path: str
    data: dict[str, Any]

    def line(self, key: str | None = None) -> int:
        if key is not None and key in self.data.get(_LINES, {}):
            return int(self.data[_LINES][key])
        return int(self.data.get(_LINE, 1))


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, path: str, line: int, reason: str) -> None:
        self.items.append(f"{path}:{line}: {reason}")


def catalogue_files(directory: Path) -> list[Path]:
    debuts = directory / DEBUTS_FILE
    return sorted(
        [*directory.glob("artists/*.yaml"), *directory.glob("collabs/*.yaml"), *([debuts] if debuts.is_file() else [])]
    )


def content_hash(directory: Path) -> str:
    """A hash of every catalogue file's name and bytes: it changes exactly when a file is added, removed or edited."""
    digest = hashlib.sha256()
    for path in catalogue_files(directory):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _read_records(path: Path, problems: _Problems, first: str = "id") -> Iterator[_Record]:
    shown = _display(path)
    try:
        documents = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except UnicodeDecodeError as error:
        problems.add(shown, 1, f"not UTF-8 text ({error.reason})")
        return
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        problems.add(shown, line, f"YAML syntax: {error.problem}")
        return
    if documents is None:
        return
    if not isinstance(documents, list):
        problems.add(shown, 1, f"the file must be a YAML list of records (each starting with '- {first}: ...')")
        return
    for index, item in enumerate(documents):
        if not isinstance(item, dict):
            problems.add(shown, 1, f"item {index + 1} is not a record (a mapping of field: value)")
            continue
        record = _Record(shown, item)
        for key, line in item.get("__duplicate_keys__", []):
            problems.add(shown, line, f"field {key!r} appears twice in one record")
        yield record


def _unknown_keys(item: dict[Any, Any], allowed: set[str], what: str) -> str | None:
    """The complaint about keys of a nested mapping that the schema does not know, or None."""
    unknown = set(item) - allowed - {_LINE, _LINES, "__duplicate_keys__"}
    if not unknown:
        return None
    hint = (
        " (a comma inside an unquoted {...} value? quote the value)"
        if any(v is None for k, v in item.items() if k in unknown)
        else ""
    )
    return f"unknown {what} field(s): {', '.join(sorted(map(str, unknown)))}{hint}"


def _text(value: Any) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    return None


def _text_list(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    return None


class _Checker:
    def __init__(self, problems: _Problems, record: _Record) -> None:
        self.problems = problems
        self.record = record

    def fail(self, key: str | None, reason: str) -> None:
        self.problems.add(self.record.path, self.record.line(key), reason)

    def unknown_fields(self, allowed: set[str]) -> None:
        for key in self.record.data:
            if isinstance(key, str) and key.startswith("__"):
                continue
            if key not in allowed:
                self.fail(str(key), f"unknown field {key!r} (allowed: {', '.join(sorted(allowed))})")

    def required_text(self, key: str) -> str | None:
        value = _text(self.record.data.get(key))
        if value is None:
            self.fail(key, f"missing {key!r}")
        return value

    def optional_text(self, key: str) -> str | None:
        raw = self.record.data.get(key)
        value = _text(raw)
        if raw is not None and value is None:
            self.fail(key, f"{key!r} must be text")
        return value

    def choice(self, key: str, allowed: Iterable[str], *, required: bool = True) -> str | None:
        value = self.required_text(key) if required else self.optional_text(key)
        allowed = tuple(allowed)
        if value is not None and value not in allowed:
            self.fail(key, f"{key} {value!r} is not one of: {', '.join(allowed)}")
            return None
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        values = _text_list(self.record.data.get(key))
        if values is None:
            self.fail(key, f"{key!r} must be a list of text")
            return ()
        return tuple(values)

    def slug(self) -> str | None:
        slug = self.required_text("id")
        if slug is not None and not SLUG.match(slug):
            self.fail(
                "id",
                f"id {slug!r} must be lower-case letters, digits and single hyphens (e.g. apt-rose-bruno-mars)",
            )
            return None
        return slug

    def sources(self, *, required: bool) -> tuple[Source, ...]:
        raw = self.record.data.get("sources")
        if raw is None or raw == []:
            if required:
                self.fail("sources", "no source: every record needs at least one {url, fact} that states it")
            return ()
        if not isinstance(raw, list):
            self.fail("sources", "'sources' must be a list of {url, fact}")
            return ()
        sources = []
        for item in raw:
            if not isinstance(item, dict):
                self.fail("sources", "each source must be a mapping with 'url' and 'fact'")
                continue
            url, fact = _text(item.get("url")), _text(item.get("fact"))
            line = item.get(_LINE, self.record.line("sources"))
            if complaint := _unknown_keys(item, {"url", "fact"}, "source"):
                self.problems.add(self.record.path, line, complaint)
            elif url is None or not re.match(r"^(https?://\S+|github:\S+)$", url):
                self.problems.add(self.record.path, line, f"source url {url!r} is not an http(s) address")
            elif fact is None:
                self.problems.add(self.record.path, line, f"source {url} has no 'fact' (the words it states)")
            else:
                sources.append(Source(url, fact))
        return tuple(sources)


def _parse_artist(record: _Record, problems: _Problems) -> Artist | None:
    check = _Checker(problems, record)
    before = len(problems.items)
    check.unknown_fields(ARTIST_FIELDS)
    slug = check.slug()
    name = check.required_text("name")
    side = check.choice("side", SIDES)
    kind = check.choice("kind", ARTIST_KINDS)
    hangul = check.optional_text("hangul")
    if hangul is not None and not HANGUL.search(hangul):
        check.fail("hangul", f"hangul {hangul!r} contains no Hangul")
    memberships = []
    raw_members = record.data.get("member_of") or []
    if not isinstance(raw_members, list):
        check.fail("member_of", "'member_of' must be a list of group ids or {group, since, until}")
        raw_members = []
    for item in raw_members:
        if isinstance(item, str):
            memberships.append(Membership(item))
        elif isinstance(item, dict) and isinstance(item.get("group"), str):
            if complaint := _unknown_keys(item, {"group", "since", "until"}, "membership"):
                check.fail("member_of", complaint)
                continue
            since, until = item.get("since"), item.get("until")
            if not all(v is None or (isinstance(v, int) and MIN_YEAR - 30 <= v <= MAX_YEAR) for v in (since, until)):
                check.fail("member_of", "membership 'since'/'until' must be years")
                continue
            memberships.append(Membership(item["group"], since, until))
        else:
            check.fail("member_of", "each 'member_of' entry must be a group id or {group, since, until}")
    aliases = check.text_list("aliases")
    sources = check.sources(required=False)
    if len(problems.items) > before or slug is None or name is None or side is None or kind is None:
        return None
    return Artist(
        slug=slug,
        name=name,
        side=side,
        kind=kind,
        hangul=hangul,
        country=check.optional_text("country"),
        aliases=aliases,
        member_of=tuple(memberships),
        sources=sources,
        notes=check.optional_text("notes"),
    )


def _parse_collab(record: _Record, problems: _Problems) -> Collab | None:
    check = _Checker(problems, record)
    before = len(problems.items)
    check.unknown_fields(COLLAB_FIELDS)
    slug = check.slug()
    title = check.required_text("title")
    precision = check.choice("precision", PRECISIONS)
    raw_date = check.required_text("release_date")
    released: ReleaseDate | None = None
    if raw_date is not None and precision is not None:
        try:
            released = ReleaseDate.parse(raw_date, precision)
        except ValueError as error:
            check.fail("release_date", str(error))
        else:
            if not MIN_YEAR <= released.year <= MAX_YEAR:
                check.fail("release_date", f"release_date {raw_date!r} is outside {MIN_YEAR}-{MAX_YEAR}")
    kind = check.choice("kind", KINDS, required=False)
    date_basis = check.choice("date_basis", DATE_BASES, required=False)
    date_zone = check.choice("date_zone", DATE_ZONES, required=False)
    credits: list[Credit] = []
    raw_credits = record.data.get("credits")
    if not isinstance(raw_credits, list) or not raw_credits:
        check.fail("credits", "missing 'credits': a list of {artist, role}")
        raw_credits = []
    for item in raw_credits:
        line = item.get(_LINE, record.line("credits")) if isinstance(item, dict) else record.line("credits")
        if not isinstance(item, dict) or not isinstance(item.get("artist"), str):
            problems.add(record.path, line, "each credit needs 'artist' (an artist id) and 'role'")
            continue
        role = item.get("role", "primary")
        if role not in ROLES:
            problems.add(record.path, line, f"role {role!r} is not one of: {', '.join(ROLES)}")
            continue
        side = item.get("side", "")
        if side not in ("", *SIDES):
            problems.add(record.path, line, f"side {side!r} is not one of: {', '.join(SIDES)}")
            continue
        if complaint := _unknown_keys(item, {"artist", "role", "side"}, "credit"):
            problems.add(record.path, line, complaint)
            continue
        credits.append(Credit(item["artist"], side, role))
    peaks: list[ChartPeak] = []
    raw_peaks = record.data.get("chart_peaks") or []
    if not isinstance(raw_peaks, list):
        check.fail("chart_peaks", "'chart_peaks' must be a list of {chart, peak, date, source}")
        raw_peaks = []
    for item in raw_peaks:
        line = item.get(_LINE, record.line("chart_peaks")) if isinstance(item, dict) else record.line("chart_peaks")
        if (
            not isinstance(item, dict)
            or not _text(item.get("chart"))
            or not isinstance(item.get("peak"), int)
            or item["peak"] < 1
        ):
            problems.add(record.path, line, "a chart peak needs 'chart' (text) and 'peak' (a whole number from 1)")
            continue
        if not _text(item.get("source")):
            problems.add(record.path, line, f"chart peak on {item['chart']!r} has no source")
            continue
        if complaint := _unknown_keys(item, {"chart", "peak", "date", "source"}, "chart peak"):
            problems.add(record.path, line, complaint)
            continue
        peaks.append(ChartPeak(str(item["chart"]), item["peak"], _text(item.get("date")), _text(item.get("source"))))
    links = record.data.get("links") or {}
    youtube: str | None = None
    official: tuple[str, ...] = ()
    if not isinstance(links, dict):
        check.fail("links", "'links' must be a mapping with 'youtube' and/or 'official'")
    else:
        if complaint := _unknown_keys(links, {"youtube", "official"}, "links"):
            check.fail("links", complaint)
        youtube = _text(links.get("youtube"))
        if youtube is not None and not YOUTUBE_ID.match(youtube):
            check.fail("links", f"youtube {youtube!r} is not an 11-character video id")
        official_list = _text_list(links.get("official"))
        if official_list is None:
            check.fail("links", "'official' must be a list of URLs")
        else:
            official = tuple(official_list)
    genres = check.text_list("genre")
    languages = check.text_list("languages")
    sources = check.sources(required=True)
    if len(problems.items) > before or slug is None or title is None or released is None or not credits:
        return None
    return Collab(
        slug=slug,
        title=title,
        credits=tuple(credits),
        released=released,
        kind=kind,
        sources=sources,
        date_basis=date_basis,
        date_zone=date_zone,
        release=check.optional_text("release"),
        genres=genres,
        languages=languages,
        chart_peaks=tuple(peaks),
        youtube=youtube,
        official=official,
        notes=check.optional_text("notes"),
    )


def _parse_debut(record: _Record, problems: _Problems) -> Debut | None:
    check = _Checker(problems, record)
    before = len(problems.items)
    check.unknown_fields(DEBUT_FIELDS)
    artist = check.required_text("artist")
    precision = check.choice("precision", PRECISIONS)
    raw_date = check.required_text("date")
    released: ReleaseDate | None = None
    if raw_date is not None and precision is not None:
        try:
            released = ReleaseDate.parse(raw_date, precision, key="date")
        except ValueError as error:
            check.fail("date", str(error))
        else:
            if not MIN_YEAR <= released.year <= MAX_YEAR:
                check.fail("date", f"date {raw_date!r} is outside {MIN_YEAR}-{MAX_YEAR}")
    release = check.required_text("release")
    album = check.optional_text("album")
    date_zone = check.choice("date_zone", DATE_ZONES, required=False)
    sources = check.sources(required=True)
    notes = check.optional_text("notes")
    if len(problems.items) > before or artist is None or released is None or release is None:
        return None
    return Debut(artist, released, release, sources, album=album, date_zone=date_zone, notes=notes)


def song_key(collab: Collab) -> tuple[str, frozenset[str]]:
    """What makes two records one song: the title without its credit parts, normalised, and who performs on it.

    ``Seven (feat. Latto)`` and ``SEVEN [with Latto]`` by the same performers are one song; ``Seven (Remix)`` or
    ``Seven (Japanese ver.)`` is another recording. A record with no performing credit (writers and producers only)
    is keyed by all of its credits.
    """
    title = without_credits(collab.title)
    performers = frozenset(c.artist for c in collab.credits if c.role in PERFORMER_ROLES)
    return normalise(title), performers or frozenset(c.artist for c in collab.credits)


def _after(first: ReleaseDate, second: ReleaseDate) -> bool:
    """Whether ``first`` is later than ``second`` at the coarser precision of the two (2016-08 is not after 2016)."""
    if first.month is None or second.month is None:
        return first.year > second.year
    if first.day is None or second.day is None:
        return (first.year, first.month) > (second.year, second.month)
    return (first.year, first.month, first.day) > (second.year, second.month, second.day)


def _membership_cycles(artists: dict[str, Artist]) -> list[list[str]]:
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(slug: str, path: list[str]) -> None:
        state[slug] = 1
        for membership in artists[slug].member_of:
            group = membership.group
            if group not in artists:
                continue
            if state.get(group) == 1:
                cycles.append([*path[path.index(group) :], group] if group in path else [slug, group])
            elif state.get(group) is None:
                visit(group, [*path, group])
        state[slug] = 2

    for slug in artists:
        if slug not in state:
            visit(slug, [slug])
    return cycles


def _credit_line(record: _Record, artist: str) -> int:
    """The line of the credit naming ``artist``: where a contributor has to look, not the ``credits:`` key."""
    for item in record.data.get("credits") or []:
        if isinstance(item, dict) and item.get("artist") == artist:
            return int(item.get(_LINE, record.line("credits")))
    return record.line("credits")


def read_catalogue(directory: Path) -> Catalogue:
    """Read every file under ``directory``; the result carries all problems found (none means loadable)."""
    problems = _Problems()
    artist_records = [r for p in sorted(directory.glob("artists/*.yaml")) for r in _read_records(p, problems)]
    collab_records = [r for p in sorted(directory.glob("collabs/*.yaml")) for r in _read_records(p, problems)]
    if not artist_records and not collab_records and not problems.items:
        problems.add(_display(directory), 1, "no catalogue files (expected artists/*.yaml and collabs/*.yaml)")

    seen_ids: dict[str, str] = {}

    def claim(slug: str | None, record: _Record) -> bool:
        if slug is None:
            return True
        where = f"{record.path}:{record.line('id')}"
        if slug in seen_ids:
            problems.add(record.path, record.line("id"), f"duplicate id {slug!r} (first at {seen_ids[slug]})")
            return False
        seen_ids[slug] = where
        return True

    artists: dict[str, Artist] = {}
    artist_lines: dict[str, _Record] = {}
    parsed: list[tuple[_Record, Artist]] = []
    for record in artist_records:
        artist = _parse_artist(record, problems)
        claimed = claim(_text(record.data.get("id")), record)
        if artist is not None:
            parsed.append((record, artist))
            if claimed:
                artists[artist.slug] = artist
                artist_lines[artist.slug] = record

    for record, artist in parsed:  # duplicates included: all of a record's problems are reported at once
        slug = artist.slug
        for membership in artist.member_of:
            if membership.group not in artists:
                problems.add(record.path, record.line("member_of"), f"unknown group id {membership.group!r}")
            elif membership.group == slug:
                problems.add(record.path, record.line("member_of"), "an artist cannot be a member of itself")
    for cycle in _membership_cycles(artists):
        if len(set(cycle)) > 1:
            record = artist_lines[cycle[0]]
            problems.add(record.path, record.line("member_of"), f"membership cycle: {' -> '.join(cycle)}")

    collabs: list[Collab] = []
    seen_titles: dict[tuple[str, str], str] = {}
    seen_songs: dict[tuple[str, frozenset[str]], tuple[str, str]] = {}  # song key -> (id, where)
    collab_lines: dict[str, str] = {}
    for record in collab_records:
        collab = _parse_collab(record, problems)
        # A duplicate id is reported, and the record is still checked: its other problems must show too.
        claimed = claim(_text(record.data.get("id")), record)
        for item in record.data.get("credits") or []:  # checked even when the record has other problems
            if isinstance(item, dict) and isinstance(item.get("artist"), str) and item["artist"] not in artists:
                problems.add(record.path, _credit_line(record, item["artist"]), f"unknown artist id {item['artist']!r}")
        if collab is None:
            continue
        resolved: list[Credit] = []
        for credit in collab.credits:
            artist = artists.get(credit.artist)
            line = _credit_line(record, credit.artist)
            if artist is None:
                continue  # reported above
            if credit.side and credit.side != artist.side:
                problems.add(
                    record.path,
                    line,
                    f"credit {credit.artist!r} says side {credit.side} but the artist is {artist.side}",
                )
                continue
            resolved.append(Credit(credit.artist, artist.side, credit.role))
        if len(resolved) != len(collab.credits):
            continue
        if {c.side for c in resolved} != set(SIDES):
            problems.add(
                record.path,
                record.line("credits"),
                "a collaboration needs at least one K-pop and one international credit",
            )
            continue
        if not claimed:
            continue
        key = (normalise(collab.title), collab.released.iso())
        if key in seen_titles:
            problems.add(
                record.path,
                record.line("title"),
                f"duplicate title and date {collab.title!r} {key[1]} (first at {seen_titles[key]})",
            )
            continue
        seen_titles[key] = f"{record.path}:{record.line('title')}"
        collab = replace(collab, credits=tuple(resolved))
        song = song_key(collab)
        if song in seen_songs:
            other, where = seen_songs[song]
            problems.add(record.path, record.line("title"), f"same song as {other} ({where})")
            continue
        seen_songs[song] = (collab.slug, f"{record.path}:{record.line('title')}")
        collab_lines[collab.slug] = f"{record.path}:{record.line('id')}"
        collabs.append(collab)

    debuts = _read_debuts(directory, problems, artists, collabs, collab_lines)

    return Catalogue(
        artists=tuple(artists.values()),
        collabs=tuple(collabs),
        debuts=tuple(debuts),
        content_hash=content_hash(directory),
        problems=tuple(problems.items),
    )


def _read_debuts(
    directory: Path, problems: _Problems, artists: dict[str, Artist], collabs: list[Collab], where: dict[str, str]
) -> list[Debut]:
    """The debut records, each checked against the artists and the act's own collaborations."""
    path = directory / DEBUTS_FILE
    if not path.is_file():
        return []
    own_collabs: dict[str, list[Collab]] = {}  # the act's own credits, not its members'
    for collab in collabs:
        for credited in dict.fromkeys(credit.artist for credit in collab.credits):
            own_collabs.setdefault(credited, []).append(collab)
    debuts: list[Debut] = []
    seen: dict[str, str] = {}
    for record in _read_records(path, problems, first="artist"):
        debut = _parse_debut(record, problems)
        slug = _text(record.data.get("artist"))
        if slug is None:
            continue  # reported by the parser
        line = record.line("artist")
        if slug in seen:
            problems.add(record.path, line, f"second debut for {slug!r} (first at {seen[slug]})")
            continue
        seen[slug] = f"{record.path}:{line}"
        artist = artists.get(slug)
        if artist is None:
            problems.add(record.path, line, f"unknown artist id {slug!r}")
            continue
        if artist.side != "kpop":
            problems.add(record.path, line, f"{slug!r} is an {artist.side} artist: debuts are for K-pop acts")
            continue
        if artist.member_of:
            groups = ", ".join(m.group for m in artist.member_of)
            problems.add(
                record.path,
                line,
                f"{slug!r} is a member of {groups}: debuts are recorded for groups and soloists, not for members",
            )
            continue
        if debut is None:
            continue
        earlier = [c for c in own_collabs.get(slug, []) if _after(debut.released, c.released)]
        if earlier:
            first = min(earlier, key=lambda c: (c.released.year, c.released.month or 0, c.released.day or 0))
            problems.add(
                record.path,
                record.line("date"),
                f"debut date {debut.released.iso()} is after the act's first collaboration, {first.slug} "
                f"({first.released.iso()}, {where[first.slug]})",
            )
            continue
        debuts.append(debut)
    return debuts
