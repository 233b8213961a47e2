"""Rectangles as plain data: a layout computed without pygame, that pygame still takes as a rect argument."""

from __future__ import annotations

from typing import NamedTuple


class Box(NamedTuple):
    """An axis-aligned rectangle (x, y, width, height); pygame accepts it wherever it takes a rect."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        """The first column to the right of the box."""
        return self.x + self.w

    @property
    def bottom(self) -> int:
        """The first row below the box."""
        return self.y + self.h

    @property
    def centerx(self) -> int:
        """The middle column."""
        return self.x + self.w // 2

    @property
    def centery(self) -> int:
        """The middle row."""
        return self.y + self.h // 2

    @property
    def center(self) -> tuple[int, int]:
        """The middle point."""
        return (self.centerx, self.centery)

    @property
    def top(self) -> int:
        """The first row of the box (its y)."""
        return self.y

    def contains(self, other: Box) -> bool:
        """True when ``other`` lies wholly inside this box."""
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )

    def overlaps(self, other: Box) -> bool:
        """True when the two boxes share at least one pixel."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
            and self.w > 0
            and self.h > 0
            and other.w > 0
            and other.h > 0
        )

    def holds(self, pos: tuple[int, int]) -> bool:
        """True when the point is inside the box."""
        return self.x <= pos[0] < self.right and self.y <= pos[1] < self.bottom

    def moved(self, dx: int = 0, dy: int = 0) -> Box:
        """The same box shifted by (dx, dy)."""
        return Box(self.x + dx, self.y + dy, self.w, self.h)
