"""The catalogue's audit trail: a seeded random sample of records, each re-checked from a source it does not cite.

``data/audit.yaml`` holds the seed and sample size used, then one entry per audited record::

    - id: apt-rose
      checked: [date, credits, title]
      verdict: agree                 # agree, partial, disagree or unverified
      source: {url: "https://…", fact: "the words on that page"}
      note: what was compared, and how it differed

The sample is drawn from the committed year files (``collabs/20*.yaml``) only: staging files are still being filled.
``draw`` shuffles the sorted ids with ``random.Random(seed)``, so a seed always yields the same order over the same
records, and drawing more after an audit continues that order rather than starting a new one. An audited record's
source must be a URL the record does not already cite: agreeing with the page the record was written from proves
nothing. Problems are reported as ``file:line: reason``, like the catalogue's own.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

VERDICTS = ("agree", "partial", "disagree", "unverified")
CHECKABLE = ("date", "precision", "zone", "credits", "title", "kind")
# The year files only: ``collabs/new_*.yaml`` and the like are staging files, never sampled.
YEAR_FILES = "collabs/20*.yaml"

_LINE = "__line__"


class _LineLoader(yaml.CSafeLoader):
    """A safe loader whose mappings remember the line they start on."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        mapping[loader.construct_object(key_node, deep=True)] = loader.construct_object(value_node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)


@dataclass(frozen=True, slots=True)
class SampledRecord:
    """A record the sample can draw: where it is and which URLs it already cites."""

    id: str
    path: str
    line: int
    urls: frozenset[str]

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class AuditSource:
    url: str
    fact: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: str
    line: int
    checked: tuple[str, ...]
    verdict: str
    sources: tuple[AuditSource, ...]
    note: str | None


@dataclass(frozen=True, slots=True)
class AuditFigures:
    audited: int
    agree: int
    partial: int
    disagree: int
    unverified: int

    @property
    def compared(self) -> int:
        """Entries with a verdict from a second source: the unverified ones are not agreement, nor disagreement."""
        return self.agree + self.partial + self.disagree

    @property
    def rate(self) -> float:
        """Full agreements over the records a second source could check."""
        return self.agree / self.compared if self.compared else 0.0

    @property
    def rate_with_partial(self) -> float:
        return (self.agree + self.partial) / self.compared if self.compared else 0.0


@dataclass(frozen=True, slots=True)
class Audit:
    seed: int | None
    sample_size: int | None
    entries: tuple[AuditEntry, ...]
    problems: tuple[str, ...] = field(default=())

    @property
    def ids(self) -> set[str]:
        return {entry.id for entry in self.entries}

    def figures(self) -> AuditFigures:
        count = {verdict: sum(1 for e in self.entries if e.verdict == verdict) for verdict in VERDICTS}
        return AuditFigures(len(self.entries), count["agree"], count["partial"], count["disagree"], count["unverified"])


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def sample_population(catalogue_dir: Path) -> dict[str, SampledRecord]:
    """Every collaboration in the year files, by id (a malformed item is skipped: ``check`` reports it)."""
    records: dict[str, SampledRecord] = {}
    for path in sorted(catalogue_dir.glob(YEAR_FILES)):
        try:
            items = _load(path)
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            urls = frozenset(
                str(source["url"]).strip()
                for source in item.get("sources") or []
                if isinstance(source, dict) and source.get("url")
            )
            records.setdefault(item["id"], SampledRecord(item["id"], _display(path), int(item[_LINE]), urls))
    return records


def draw(ids: Iterable[str], seed: int, count: int, *, exclude: Iterable[str] = ()) -> list[str]:
    """``count`` ids in the seeded random order of the sorted ``ids``, skipping those in ``exclude``.

    The whole population is shuffled, then the first ones not yet audited are taken: an audit grown in several
    sittings is the same sample as one drawn at once.
    """
    ordered = sorted(set(ids))
    shuffled = random.Random(seed).sample(ordered, len(ordered))
    skip = set(exclude)
    return [slug for slug in shuffled if slug not in skip][: max(count, 0)]


def same_url(first: str, second: str) -> bool:
    """Whether two source URLs name the same page: scheme, ``www.``, letter case of the host, a trailing slash and a
    fragment aside. Dataset rows (``github:OWNER/REPO:PATH``) compare whole, so another row of the same file is the
    same source."""
    return _url_key(first) == _url_key(second)


def _url_key(url: str) -> str:
    url = url.strip()
    if url.lower().startswith("github:"):
        return url.lower().split(" ", 1)[0]
    url = url.split("#", 1)[0]
    match = re.match(r"^(?:https?://)?(?:www\.)?([^/?]+)(.*)$", url, re.IGNORECASE)
    if match is None:
        return url
    host, rest = match.group(1).lower(), match.group(2).rstrip("/")
    return f"{host}{rest}"


class _Problems:
    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.items: list[str] = []

    def add(self, line: int, reason: str) -> None:
        self.items.append(f"{self.shown}:{line}: {reason}")


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _sources(raw: Any, line: int, problems: _Problems) -> tuple[AuditSource, ...] | None:
    items = [raw] if isinstance(raw, dict) else raw
    if not isinstance(items, list) or not items:
        return None
    sources = []
    for item in items:
        at = int(item.get(_LINE, line)) if isinstance(item, dict) else line
        url = _text(item.get("url")) if isinstance(item, dict) else None
        fact = _text(item.get("fact")) if isinstance(item, dict) else None
        if url is None or not re.match(r"^(https?://\S+|github:\S+)", url):
            problems.add(at, "source needs 'url': an http(s) address or a github:OWNER/REPO:PATH dataset")
        elif fact is None:
            problems.add(at, f"source {url} has no 'fact' (the words on it that state the fact)")
        else:
            sources.append(AuditSource(url, fact))
    return tuple(sources)


def _parse_entry(
    item: dict[str, Any], records: Mapping[str, SampledRecord], seen: dict[str, int], problems: _Problems
) -> AuditEntry | None:
    line = int(item.get(_LINE, 1))
    before = len(problems.items)
    unknown = set(item) - {"id", "checked", "verdict", "source", "note", "corrected", _LINE}
    if unknown:
        problems.add(line, f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
    slug = _text(item.get("id"))
    record = records.get(slug) if slug else None
    if slug is None:
        problems.add(line, "missing 'id'")
    elif slug in seen:
        problems.add(line, f"{slug!r} is audited twice (first at line {seen[slug]})")
    elif record is None:
        problems.add(line, f"unknown id {slug!r}: no record in the catalogue's year files")
    if slug is not None:
        seen.setdefault(slug, line)
    verdict = _text(item.get("verdict"))
    if verdict not in VERDICTS:
        problems.add(line, f"verdict {item.get('verdict')!r} is not one of: {', '.join(VERDICTS)}")
    checked = item.get("checked")
    if not isinstance(checked, list) or not checked or not all(isinstance(c, str) for c in checked):
        problems.add(line, f"'checked' must list what was re-checked: some of {', '.join(CHECKABLE)}")
        checked = []
    elif strange := [c for c in checked if c not in CHECKABLE]:
        problems.add(line, f"'checked' has {', '.join(strange)}: not one of {', '.join(CHECKABLE)}")
    note = _text(item.get("note"))
    if verdict in ("partial", "disagree", "unverified") and note is None:
        article = "an" if verdict == "unverified" else "a"
        problems.add(line, f"{article} {verdict} verdict needs a 'note' saying what differs or why")
    sources = _sources(item.get("source"), line, problems)
    if sources is None:
        if verdict != "unverified":
            problems.add(line, "missing 'source': {url, fact} from a page the record does not cite")
        sources = ()
    # A record corrected after its audit may cite the audit's own source since: the verdict stands for what was
    # audited, and ``corrected`` says what changed.
    corrected = _text(item.get("corrected"))
    if "corrected" in item and corrected is None:
        problems.add(line, "'corrected' must say what the record changed after this audit")
    for source in sources:
        if corrected is not None:
            break
        if record is not None and any(same_url(source.url, cited) for cited in record.urls):
            problems.add(line, f"source {source.url} is one the record already cites ({record.where}): use another")
    if len(problems.items) > before or slug is None or verdict is None:
        return None
    return AuditEntry(slug, line, tuple(checked), verdict, sources, note)


def read_audit(path: Path, records: Mapping[str, SampledRecord]) -> Audit:
    """Read and check the audit file against the sample's population; every problem comes back as file:line: reason."""
    problems = _Problems(_display(path))
    try:
        data = _load(path)
    except FileNotFoundError:
        problems.add(1, "no audit file")
        return Audit(None, None, (), tuple(problems.items))
    except yaml.MarkedYAMLError as error:
        problems.add(error.problem_mark.line + 1 if error.problem_mark else 1, f"YAML syntax: {error.problem}")
        return Audit(None, None, (), tuple(problems.items))
    if not isinstance(data, dict):
        problems.add(1, "the audit file must be a mapping: seed, sample_size, entries")
        return Audit(None, None, (), tuple(problems.items))
    numbers: dict[str, int | None] = {}
    for key in ("seed", "sample_size"):
        value = data.get(key)
        numbers[key] = value if isinstance(value, int) and not isinstance(value, bool) else None
        if numbers[key] is None:
            problems.add(1, f"'{key}' must be a whole number (the one the sample was drawn with)")
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list):
        problems.add(int(data.get(_LINE, 1)), "'entries' must be a list of audited records")
        raw_entries = []
    entries: list[AuditEntry] = []
    seen: dict[str, int] = {}
    for item in raw_entries:
        if not isinstance(item, dict):
            problems.add(int(data.get(_LINE, 1)), "each entry must be a mapping: id, checked, verdict, source, note")
            continue
        entry = _parse_entry(item, records, seen, problems)
        if entry is not None:
            entries.append(entry)
    size = numbers["sample_size"]
    if size is not None and len(raw_entries) > size:
        problems.add(1, f"{len(raw_entries)} entries, more than the sample_size of {size}")
    return Audit(numbers["seed"], size, tuple(entries), tuple(problems.items))


def audit_path(catalogue_dir: Path) -> Path:
    """Where the audit file sits: ``audit.yaml`` next to the catalogue folder (``data/audit.yaml``)."""
    return catalogue_dir.parent / "audit.yaml"
