from __future__ import annotations

from bot.catalogue.graph import MEMBERSHIP, CollabGraph, Step


def test_shortest_chain_goes_through_songs_and_memberships() -> None:
    # 1 —song 10— 2 ; 2 member of 3 ; 3 —song 11— 4
    graph = CollabGraph(credits=[(10, 1), (10, 2), (11, 3), (11, 4)], memberships=[(2, 3)])
    assert graph.shortest_chain(1, 4) == [Step(1, 10, 2), Step(2, MEMBERSHIP, 3), Step(3, 11, 4)]


def test_chain_longer_than_the_limit_is_not_found() -> None:
    credits = [(100 + i, i) for i in range(8)] + [(100 + i, i + 1) for i in range(8)]
    graph = CollabGraph(credits, [])
    assert graph.shortest_chain(0, 8, max_steps=6) is None
    assert graph.shortest_chain(0, 6, max_steps=6) is not None


def test_unconnected_artists_have_no_chain() -> None:
    graph = CollabGraph([(1, 1), (1, 2), (2, 3), (2, 4)], [])
    assert graph.shortest_chain(1, 3) is None
    assert graph.shortest_chain(1, 1) == []
