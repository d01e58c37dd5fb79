"""The collaboration graph: artists linked by songs they share and by group membership. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MEMBERSHIP = -1  # the "song" of an edge that is a membership, not a collaboration


@dataclass(frozen=True, slots=True)
class Step:
    """From one artist to the next: through a song (its id) or through a membership (``MEMBERSHIP``)."""

    source: int
    song: int
    target: int


class CollabGraph:
    def __init__(self, credits: Iterable[tuple[int, int]], memberships: Iterable[tuple[int, int]]) -> None:
        by_song: dict[int, list[int]] = {}
        for song, artist in credits:
            by_song.setdefault(song, []).append(artist)
        self._neighbours: dict[int, list[tuple[int, int]]] = {}
        for song, artists in by_song.items():
            for artist in artists:
                links = self._neighbours.setdefault(artist, [])
                links.extend((other, song) for other in artists if other != artist)
        for member, group in memberships:
            self._neighbours.setdefault(member, []).append((group, MEMBERSHIP))
            self._neighbours.setdefault(group, []).append((member, MEMBERSHIP))

    def shortest_chain(self, start: int, goal: int, max_steps: int = 6) -> list[Step] | None:
        """The fewest steps from ``start`` to ``goal`` (at most ``max_steps``), or None.

        Searches from both ends, always widening the smaller frontier, so a link four steps away in a dense graph
        costs two small neighbourhoods rather than the whole graph.
        """
        if start == goal:
            return []
        # For each side: artist -> the step that reached it (None at the side's own end).
        forward: dict[int, Step | None] = {start: None}
        backward: dict[int, Step | None] = {goal: None}
        forward_frontier, backward_frontier = [start], [goal]
        steps = 0
        while forward_frontier and backward_frontier and steps < max_steps:
            steps += 1
            grow_forward = len(forward_frontier) <= len(backward_frontier)
            frontier = forward_frontier if grow_forward else backward_frontier
            reached, other = (forward, backward) if grow_forward else (backward, forward)
            next_frontier: list[int] = []
            meetings: list[int] = []
            for artist in frontier:
                for neighbour, song in self._neighbours.get(artist, ()):
                    if neighbour in reached:
                        continue
                    reached[neighbour] = Step(artist, song, neighbour)
                    if neighbour in other:
                        meetings.append(neighbour)
                    next_frontier.append(neighbour)
            if meetings:
                # Finish the level before choosing: the other side's nodes sit at different depths.
                return min((self._join(m, forward, backward) for m in meetings), key=len)
            if grow_forward:
                forward_frontier = next_frontier
            else:
                backward_frontier = next_frontier
        return None

    @staticmethod
    def _join(meeting: int, forward: dict[int, Step | None], backward: dict[int, Step | None]) -> list[Step]:
        head: list[Step] = []
        node = meeting
        while (step := forward[node]) is not None:
            head.append(step)
            node = step.source
        tail: list[Step] = []
        node = meeting
        while (step := backward[node]) is not None:
            tail.append(Step(step.target, step.song, step.source))  # walked from the goal: turn it round
            node = step.source
        return head[::-1] + tail
