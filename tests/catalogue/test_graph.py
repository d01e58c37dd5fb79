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


def test_chain_is_the_shortest_when_several_meet() -> None:
    # A long way 1-2-3-4-5 and a short way 1-6-5; both ends grow towards each other.
    credits = [
        (10, 1),
        (10, 2),
        (11, 2),
        (11, 3),
        (12, 3),
        (12, 4),
        (13, 4),
        (13, 5),
        (14, 1),
        (14, 6),
        (15, 6),
        (15, 5),
    ]
    graph = CollabGraph(credits, [])
    chain = graph.shortest_chain(1, 5)
    assert chain is not None and len(chain) == 2
    assert [(s.source, s.target) for s in chain] == [(1, 6), (6, 5)]


def test_chain_steps_are_oriented_from_start_to_goal() -> None:
    graph = CollabGraph([(10, 1), (10, 2), (11, 2), (11, 3), (12, 3), (12, 4)], [])
    chain = graph.shortest_chain(4, 1)
    assert chain is not None
    assert [(s.source, s.song, s.target) for s in chain] == [(4, 12, 3), (3, 11, 2), (2, 10, 1)]
