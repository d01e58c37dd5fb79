"""How a search lists the songs of the artist it names: best known first, title matches kept, nothing twice. Pure."""

from __future__ import annotations

from bot.catalogue.graph import CollabGraph
from bot.catalogue.model import ReleaseDate, Term
from bot.catalogue.search import Hit, Listed, Renown, Tier, best_known, listing, named_artists, rank


def _song(song_id: int, peak: int | None = None, charts: int = 1, linked: bool = False, year: int = 2020) -> Renown:
    return Renown(song_id, f"song {song_id}", ReleaseDate(year, 1, 1), peak, charts if peak else 0, linked)


# ------------------------------------------------------------------ best known
def test_a_better_chart_peak_comes_first() -> None:
    assert best_known([_song(1, peak=40), _song(2, peak=1), _song(3, peak=3)]) == [2, 3, 1]


def test_charted_songs_come_before_uncharted_ones_even_old_ones() -> None:
    assert best_known([_song(1, year=2026), _song(2, peak=99, year=2009)]) == [2, 1]


def test_at_the_same_peak_more_charts_entered_come_first() -> None:
    assert best_known([_song(1, peak=1, charts=1), _song(2, peak=1, charts=3)]) == [2, 1]


def test_without_charts_a_linked_song_comes_before_a_newer_unlinked_one() -> None:
    assert best_known([_song(1, year=2025), _song(2, linked=True, year=2012)]) == [2, 1]


def test_otherwise_the_newest_release_comes_first_and_an_undated_day_counts_as_its_start() -> None:
    songs = [
        Renown(1, "b", ReleaseDate(2023), None, 0, False),
        Renown(2, "c", ReleaseDate(2023, 7, 14), None, 0, False),
        Renown(3, "a", ReleaseDate(2023, 7), None, 0, False),
        Renown(4, "d", ReleaseDate(2024, 1, 2), None, 0, False),
    ]
    assert best_known(songs) == [4, 2, 3, 1]


def test_a_tie_is_settled_by_title() -> None:
    songs = [
        Renown(1, "Zebra", ReleaseDate(2020), None, 0, False),
        Renown(2, "apple", ReleaseDate(2020), None, 0, False),
    ]
    assert best_known(songs) == [2, 1]


# ------------------------------------------------------------------ which artists a query names
def _hit(kind: str, entity_id: int, tier: Tier = Tier.EXACT, term: str = "x") -> Hit:
    return Hit(kind, entity_id, tier, 0, term)


def test_a_query_names_an_artist_by_a_whole_name_or_its_corrected_spelling() -> None:
    hits = [_hit("artist", 1, term="jung kook"), _hit("artist", 2, Tier.PREFIX, term="jung kook fan club")]
    assert named_artists(hits, {"jung kook"}) == hits[:1]
    assert named_artists([_hit("artist", 3, Tier.FUZZY, term="blackpink")], {"blakcpink", "blackpink"})
    assert named_artists([_hit("song", 4, term="seven")], {"seven"}) == []  # a song title names no artist


def test_only_the_first_few_artists_sharing_a_name_are_named() -> None:
    hits = [_hit("artist", n, term="jin") for n in range(5)]
    assert [h.entity_id for h in named_artists(hits, {"jin"}, most=2)] == [0, 1]


def test_typo_tolerant_hits_matching_the_corrected_query_whole_come_first() -> None:
    hits = rank(
        "jung kok",
        [],
        fuzzy=[Term("left right jung kook of bts", "song", 7, 178), Term("jung kook", "artist", 1, 18)],
        corrected=["jung kook"],
    )
    assert [(h.kind, h.entity_id) for h in hits] == [("artist", 1), ("song", 7)]


# ------------------------------------------------------------------ the listing
def _ids(listed: list[Listed]) -> list[tuple[str, int]]:
    return [(item.kind, item.entity_id) for item in listed]


def test_the_named_artist_comes_first_then_its_songs_best_known_first() -> None:
    hits = [_hit("artist", 1)]
    listed = listing(hits, {1: [12, 10, 11]}, limit=50, least=10)
    assert _ids(listed) == [("artist", 1), ("song", 12), ("song", 10), ("song", 11)]
    assert [item.under for item in listed] == [None, 1, 1, 1]


def test_its_songs_matched_by_title_keep_their_order_and_come_before_its_other_songs() -> None:
    hits = [_hit("artist", 1), _hit("song", 20, Tier.WORD), _hit("artist", 2, Tier.WORD), _hit("song", 11, Tier.WORD)]
    listed = listing(hits, {1: [10, 11, 12]}, limit=50, least=10)
    # 11 matched by title: right under the artist, not again among the best known; 20 is someone else's.
    assert _ids(listed) == [
        ("artist", 1),
        ("song", 11),
        ("song", 10),
        ("song", 12),
        ("song", 20),
        ("artist", 2),
    ]


def test_a_title_match_ranked_above_the_artist_stays_there() -> None:
    hits = [_hit("song", 10), _hit("artist", 1)]
    assert _ids(listing(hits, {1: [10, 11]}, limit=50, least=10)) == [("song", 10), ("artist", 1), ("song", 11)]


def test_a_song_of_two_named_artists_is_listed_once() -> None:
    hits = [_hit("artist", 1), _hit("artist", 2)]
    listed = listing(hits, {1: [10, 11], 2: [11, 12]}, limit=50, least=10)
    assert _ids(listed) == [("artist", 1), ("song", 10), ("song", 11), ("artist", 2), ("song", 12)]


def test_the_artists_songs_give_way_to_other_matches_but_always_fill_a_page() -> None:
    others = [_hit("song", 100 + n, Tier.WORD) for n in range(6)]
    hits = [_hit("artist", 1), *others]
    songs = list(range(1, 31))
    listed = listing(hits, {1: songs}, limit=20, least=5)
    # 7 matches leave room for 13 of the artist's songs; every other match stays.
    assert _ids(listed) == [
        ("artist", 1),
        *(("song", s) for s in songs[:13]),
        *(("song", 100 + n) for n in range(6)),
    ]
    crowded = [_hit("artist", 1), *(_hit("song", 100 + n, Tier.WORD) for n in range(40))]
    assert sum(1 for item in listing(crowded, {1: songs}, limit=20, least=5) if item.under == 1) == 5


def test_typo_tolerant_matches_give_way_to_the_artists_songs() -> None:
    hits = [_hit("artist", 1), *(_hit("song", 100 + n, Tier.FUZZY) for n in range(10))]
    listed = listing(hits, {1: list(range(1, 31))}, limit=20, least=5)
    assert len(listed) == 20 and all(item.under == 1 for item in listed[1:])


def test_without_a_named_artist_the_matches_are_listed_as_ranked() -> None:
    hits = [_hit("artist", 1, Tier.PREFIX), _hit("song", 5, Tier.WORD)]
    assert _ids(listing(hits, {}, limit=50, least=10)) == [("artist", 1), ("song", 5)]


# ------------------------------------------------------------------ whose songs they are
def test_a_groups_songs_include_its_members_and_sub_units_members() -> None:
    # 1 is a group; 2 its member; 3 a sub-unit of 1 with member 4; 5 an outsider.
    graph = CollabGraph(
        credits=[(10, 1), (10, 5), (11, 2), (11, 5), (12, 4), (12, 5), (13, 5)],
        memberships=[(2, 1), (3, 1), (4, 3)],
    )
    assert graph.members(1) == {2, 3, 4}
    assert graph.members(2) == set()  # a member's songs are their own, not their group's
    assert graph.songs({1, *graph.members(1)}) == {10, 11, 12}
