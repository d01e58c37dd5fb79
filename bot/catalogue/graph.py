"""The collaboration graph: artists linked by songs they share and by group membership. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# The "song" of an edge that is a membership, not a collaboration. A membership has a direction, and a chain can walk
# it either way: up from a member to its group, or down from a group to one of its members.
MEMBER_OF = -1  # source is a member of target
HAS_MEMBER = -2  # target is a member of source
MEMBERSHIPS = (MEMBER_OF, HAS_MEMBER)
_REVERSED = {MEMBER_OF: HAS_MEMBER, HAS_MEMBER: MEMBER_OF}


@dataclass(frozen=True, slots=True)
class Step:
    """From one artist to the next: through a song (its id) or a membership (``MEMBER_OF`` / ``HAS_MEMBER``)."""

    source: int
    song: int
    target: int

    def reversed(self) -> Step:
        return Step(self.target, _REVERSED.get(self.song, self.song), self.source)


class CollabGraph:
    def __init__(self, credits: Iterable[tuple[int, int]], memberships: Iterable[tuple[int, int]]) -> None:
        by_song: dict[int, list[int]] = {}
        for song, artist in credits:
            by_song.setdefault(song, []).append(artist)
        self._songs: dict[int, set[int]] = {}  # artist -> the songs crediting them
        self._neighbours: dict[int, list[tuple[int, int]]] = {}
        for song, artists in by_song.items():
            for artist in artists:
                self._songs.setdefault(artist, set()).add(song)
                links = self._neighbours.setdefault(artist, [])
                links.extend((other, song) for other in artists if other != artist)
        self._groups: dict[int, list[int]] = {}
        self._members: dict[int, list[int]] = {}
        for member, group in memberships:
            self._groups.setdefault(member, []).append(group)
            self._members.setdefault(group, []).append(member)
            self._neighbours.setdefault(member, []).append((group, MEMBER_OF))
            self._neighbours.setdefault(group, []).append((member, HAS_MEMBER))

    def _walk(self, start: int, edges: dict[int, list[int]]) -> set[int]:
        seen: set[int] = set()
        todo = list(edges.get(start, ()))
        while todo:
            artist = todo.pop()
            if artist not in seen and artist != start:
                seen.add(artist)
                todo.extend(edges.get(artist, ()))
        return seen

    def family(self, artist: int) -> set[int]:
        """The artist, its groups (and theirs) and its members (and theirs): who counts as "them" in a link."""
        return {artist, *self._walk(artist, self._groups), *self._walk(artist, self._members)}

    def members(self, artist: int) -> set[int]:
        """The artist's members and theirs (a group's sub-units and their members), never the artist itself."""
        return self._walk(artist, self._members)

    def songs(self, artists: Iterable[int]) -> set[int]:
        """Every song crediting one of ``artists``."""
        found: set[int] = set()
        for artist in artists:
            found |= self._songs.get(artist, set())
        return found

    def songs_linking(self, first: set[int], second: set[int]) -> list[tuple[int, int, int]]:
        """(song, artist of ``first``, artist of ``second``) for every song crediting one of each, distinct artists."""
        links: list[tuple[int, int, int]] = []
        for a in sorted(first):
            for song in sorted(self._songs.get(a, ())):
                links.extend((song, a, b) for b in sorted(second) if b != a and song in self._songs.get(b, ()))
        return links

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
            tail.append(step.reversed())  # walked from the goal: turn it round, membership direction included
            node = step.source
        return head[::-1] + tail
