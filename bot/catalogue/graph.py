"""The collaboration graph: artists linked by songs they share and by group membership. Pure: no I/O."""

from __future__ import annotations

from collections import deque
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
        """The fewest steps from ``start`` to ``goal`` (at most ``max_steps``), or None."""
        if start == goal:
            return []
        previous: dict[int, Step] = {}
        seen = {start}
        frontier = deque([(start, 0)])
        while frontier:
            artist, depth = frontier.popleft()
            if depth == max_steps:
                continue
            for other, song in self._neighbours.get(artist, ()):
                if other in seen:
                    continue
                seen.add(other)
                previous[other] = Step(artist, song, other)
                if other == goal:
                    chain = [previous[goal]]
                    while chain[-1].source != start:
                        chain.append(previous[chain[-1].source])
                    return chain[::-1]
                frontier.append((other, depth + 1))
        return None
