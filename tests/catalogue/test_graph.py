from __future__ import annotations

from bot.catalogue.graph import HAS_MEMBER, MEMBER_OF, CollabGraph, Step


def test_shortest_chain_goes_through_songs_and_memberships() -> None:
    # 1 —song 10— 2 ; 2 member of 3 ; 3 —song 11— 4
    graph = CollabGraph(credits=[(10, 1), (10, 2), (11, 3), (11, 4)], memberships=[(2, 3)])
    assert graph.shortest_chain(1, 4) == [Step(1, 10, 2), Step(2, MEMBER_OF, 3), Step(3, 11, 4)]


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


def test_a_chain_walks_memberships_in_their_own_direction() -> None:
    # 2 and 3 are members of group 1; 3 sang song 10 with 4.
    graph = CollabGraph(credits=[(10, 3), (10, 4)], memberships=[(2, 1), (3, 1)])
    assert graph.shortest_chain(1, 2) == [Step(1, HAS_MEMBER, 2)]  # the group has the member, not the reverse
    assert graph.shortest_chain(2, 1) == [Step(2, MEMBER_OF, 1)]
    assert graph.shortest_chain(4, 2) == [Step(4, 10, 3), Step(3, MEMBER_OF, 1), Step(1, HAS_MEMBER, 2)]


def test_family_reaches_groups_and_members_at_every_level() -> None:
    # 4 is a member of sub-unit 3, which belongs to group 1; 2 is another member of 1.
    graph = CollabGraph(credits=[(10, 4), (10, 9)], memberships=[(4, 3), (3, 1), (2, 1)])
    assert graph.family(4) == {4, 3, 1}
    assert graph.family(1) == {1, 2, 3, 4}
    assert graph.songs_linking(graph.family(1), {9}) == [(10, 4, 9)]
