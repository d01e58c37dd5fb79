"""The audit trail: a seeded sample of the year files' records, and the file where each was re-checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.__main__ import main
from bot.catalogue.audit import (
    AuditFigures,
    audit_path,
    draw,
    read_audit,
    same_url,
    sample_population,
)
from bot.paths import CATALOGUE_DIR

RECORD = """\
- id: {slug}
  title: Song {slug}
  credits:
    - {{artist: rose, role: primary}}
    - {{artist: bruno-mars, role: featured}}
  release_date: "2020-01-02"
  precision: day
  sources:
    - {{url: "https://example.org/{slug}", fact: "released on 2 January 2020"}}
    - {{url: "github:minigb/kpop-dataset:song_list.csv", fact: "Song {slug},,2020-01-02"}}
"""

HEADER = "seed: 7\nsample_size: 5\nentries:\n"


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    directory = tmp_path / "data" / "catalogue"
    (directory / "collabs").mkdir(parents=True)
    (directory / "collabs" / "2020.yaml").write_text("".join(RECORD.format(slug=f"song-{n}") for n in range(20)))
    # A staging file that other contributors are still filling: never part of the sample.
    (directory / "collabs" / "new_a.yaml").write_text(RECORD.format(slug="staged-song"))
    return directory


def _audit(catalogue: Path, entries: str, header: str = HEADER) -> list[str]:
    path = audit_path(catalogue)
    path.write_text(header + entries)
    return list(read_audit(path, sample_population(catalogue)).problems)


def _entry(slug: str = "song-1", verdict: str = "agree", url: str = "https://other.example/page") -> str:
    return (
        f"  - id: {slug}\n"
        "    checked: [date, credits, title]\n"
        f"    verdict: {verdict}\n"
        f'    source: {{url: "{url}", fact: "Song {slug} came out on 2 January 2020"}}\n'
        "    note: checked\n"
    )


# --------------------------------------------------------------------------------------------- the sample
def test_the_same_seed_draws_the_same_sample() -> None:
    ids = [f"song-{n}" for n in range(50)]
    assert draw(ids, 11, 10) == draw(ids, 11, 10)
    assert draw(ids, 11, 10) != draw(ids, 12, 10)


def test_the_sample_does_not_depend_on_the_order_ids_are_read_in() -> None:
    ids = [f"song-{n}" for n in range(50)]
    assert draw(list(reversed(ids)), 11, 10) == draw(ids, 11, 10)


def test_drawing_more_continues_the_same_order() -> None:
    ids = [f"song-{n}" for n in range(50)]
    first = draw(ids, 11, 20)
    assert draw(ids, 11, 5, exclude=first[:15]) == first[15:20]


def test_a_draw_is_the_known_shuffle_of_the_sorted_ids() -> None:
    # Pinned, so a change to the sampling (and so to every published audit) cannot go unnoticed.
    assert draw(["a", "b", "c", "d", "e"], 11, 5) == ["d", "e", "b", "a", "c"]


def test_staging_files_are_not_sampled(catalogue: Path) -> None:
    population = sample_population(catalogue)
    assert len(population) == 20
    assert "staged-song" not in population
    assert population["song-3"].where.endswith("collabs/2020.yaml:31")


# --------------------------------------------------------------------------------------------- validation
def test_a_good_audit_has_no_problems(catalogue: Path) -> None:
    assert _audit(catalogue, _entry("song-1") + _entry("song-2", "partial")) == []


def test_an_unknown_id_is_reported_with_its_line(catalogue: Path) -> None:
    problems = _audit(catalogue, _entry("song-1") + _entry("no-such-song"))
    assert len(problems) == 1
    assert problems[0].endswith("audit.yaml:9: unknown id 'no-such-song': no record in the catalogue's year files")


def test_a_staging_record_is_an_unknown_id(catalogue: Path) -> None:
    assert "unknown id 'staged-song'" in _audit(catalogue, _entry("staged-song"))[0]


def test_an_unknown_verdict_is_reported(catalogue: Path) -> None:
    problems = _audit(catalogue, _entry(verdict="probably"))
    assert len(problems) == 1
    assert problems[0].endswith("audit.yaml:4: verdict 'probably' is not one of: agree, partial, disagree, unverified")


def test_a_missing_source_is_reported(catalogue: Path) -> None:
    entry = "  - id: song-1\n    checked: [date]\n    verdict: agree\n"
    problems = _audit(catalogue, entry)
    assert len(problems) == 1
    assert problems[0].endswith("audit.yaml:4: missing 'source': {url, fact} from a page the record does not cite")


def test_an_unverified_record_needs_no_source_but_a_note(catalogue: Path) -> None:
    unverified = "  - id: song-1\n    checked: [date]\n    verdict: unverified\n"
    assert _audit(catalogue, unverified + "    note: none found\n") == []
    problems = _audit(catalogue, unverified)
    assert len(problems) == 1
    assert problems[0].endswith("audit.yaml:4: an unverified verdict needs a 'note' saying what differs or why")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/song-1",
        "http://www.Example.org/song-1/",
        "https://example.org/song-1#top",
        "github:minigb/kpop-dataset:song_list.csv",  # another row of the same dataset is the same source
    ],
)
def test_a_source_the_record_already_cites_is_refused(catalogue: Path, url: str) -> None:
    problems = _audit(catalogue, _entry("song-1", url=url))
    assert len(problems) == 1
    assert "is one the record already cites" in problems[0] and "collabs/2020.yaml:11" in problems[0]


def test_a_record_corrected_after_its_audit_may_cite_the_audits_source(catalogue: Path) -> None:
    entry = _entry("song-1", verdict="disagree", url="https://example.org/song-1")
    assert _audit(catalogue, entry + "    corrected: the date was moved to the one this page states\n") == []
    problems = _audit(catalogue, entry + "    corrected: ''\n")
    assert any("'corrected' must say" in p for p in problems)


def test_another_page_on_the_same_site_is_a_different_source(catalogue: Path) -> None:
    assert _audit(catalogue, _entry("song-1", url="https://example.org/song-2")) == []


def test_an_id_audited_twice_is_reported(catalogue: Path) -> None:
    problems = _audit(catalogue, _entry("song-1") + _entry("song-1", "partial"))
    assert len(problems) == 1
    assert problems[0].endswith("audit.yaml:9: 'song-1' is audited twice (first at line 4)")


def test_a_source_without_the_words_is_refused(catalogue: Path) -> None:
    entry = '  - id: song-1\n    checked: [date]\n    verdict: agree\n    source: {url: "https://other.example/x"}\n'
    assert "has no 'fact'" in _audit(catalogue, entry)[0]


def test_a_missing_seed_is_reported(catalogue: Path) -> None:
    problems = _audit(catalogue, _entry(), header="sample_size: 5\nentries:\n")
    assert len(problems) == 1
    assert problems[0].endswith("audit.yaml:1: 'seed' must be a whole number (the one the sample was drawn with)")


def test_urls_compare_without_scheme_www_case_or_trailing_slash() -> None:
    assert same_url("https://www.NME.com/news/a/", "http://nme.com/news/a")
    assert not same_url("https://nme.com/news/a", "https://nme.com/news/b")
    assert not same_url("https://nme.com/News/a", "https://nme.com/news/a")  # a path is case-sensitive


# --------------------------------------------------------------------------------------------- figures
def test_the_rate_counts_agreement_over_the_records_a_source_could_check(catalogue: Path) -> None:
    entries = (
        _entry("song-1")
        + _entry("song-2")
        + _entry("song-3", "partial")
        + _entry("song-4", "disagree")
        + "  - id: song-5\n    checked: [date]\n    verdict: unverified\n    note: nothing found\n"
    )
    path = audit_path(catalogue)
    path.write_text(HEADER + entries)
    figures = read_audit(path, sample_population(catalogue)).figures()
    assert figures == AuditFigures(audited=5, agree=2, partial=1, disagree=1, unverified=1)
    assert figures.compared == 4
    assert figures.rate == pytest.approx(0.5)
    assert figures.rate_with_partial == pytest.approx(0.75)


def test_no_comparison_is_no_agreement() -> None:
    assert AuditFigures(audited=1, agree=0, partial=0, disagree=0, unverified=1).rate == 0.0


# --------------------------------------------------------------------------------------------- the command
def test_audit_command_prints_the_figures(
    catalogue: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(catalogue.parent.parent)
    monkeypatch.setenv("CATALOGUE_DIR", str(catalogue))
    audit_path(catalogue).write_text(HEADER + _entry("song-1") + _entry("song-2", "disagree"))
    assert main(["audit"]) == 0
    out = capsys.readouterr().out
    assert "2 audited: 1 agree, 0 partial, 1 disagree, 0 unverified" in out
    assert "agreement: 50.0% of the 2" in out


def test_audit_command_fails_on_a_problem(
    catalogue: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(catalogue.parent.parent)
    monkeypatch.setenv("CATALOGUE_DIR", str(catalogue))
    audit_path(catalogue).write_text(HEADER + _entry("gone"))
    assert main(["audit"]) == 1
    assert "unknown id 'gone'" in capsys.readouterr().out


def test_audit_draw_prints_ids_not_yet_audited(
    catalogue: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(catalogue.parent.parent)
    monkeypatch.setenv("CATALOGUE_DIR", str(catalogue))
    population = sample_population(catalogue)
    first = draw(population, 7, 3)
    audit_path(catalogue).write_text(HEADER + _entry(first[0]))
    assert main(["audit", "--draw", "2"]) == 0  # the seed comes from the file
    drawn = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert drawn == first[1:3]


# --------------------------------------------------------------------------------------------- the shipped audit
def test_shipped_audit_is_valid_and_covers_sixty_records() -> None:
    audit = read_audit(audit_path(CATALOGUE_DIR), sample_population(CATALOGUE_DIR))
    assert audit.problems == ()
    assert audit.figures().compared >= 60
