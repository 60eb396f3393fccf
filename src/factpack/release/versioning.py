"""Versions of the data (MAJOR.MINOR.PATCH) and the bump each kind of change needs.

The rules follow the Frictionless Data Package Version recipe
(https://datapackage.org/recipes/data-package-version/), with one deliberate difference: a new field
is MINOR, not MAJOR, because the Table Schema names every column and readers select them by name;
a change in the order of the fields that remain is still MAJOR.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

LEVELS = ("none", "patch", "minor", "major")  # ascending

# Change kind -> (level, what it means). diff.py gives every change one of these kinds.
RULES = {
    "package-renamed": ("major", "the package's name (its identifier) changed"),
    "resource-removed": ("major", "a resource was removed or renamed"),
    "field-removed": ("major", "a field was removed or renamed"),
    "field-retyped": ("major", "a field's type or format changed"),
    "fields-reordered": ("major", "the fields that remain are in a different order"),
    "primary-key-changed": ("major", "a primary key changed"),
    "constraint-tightened": ("major", "a constraint was tightened (a field became required or unique, an enum "
                                      "lost values, a minimum rose or a maximum fell, a pattern or foreign key "
                                      "was added or changed)"),
    "record-removed": ("major", "records were removed (each leaves a tombstone)"),
    "resource-added": ("minor", "a resource was added"),
    "field-added": ("minor", "a field was added"),
    "constraint-loosened": ("minor", "a constraint was loosened or dropped"),
    "record-added": ("minor", "records were added"),
    "record-changed": ("patch", "values of existing records were corrected"),
    "metadata-changed": ("patch", "package, resource or field metadata changed (titles, descriptions, "
                                  "labels, sources, keywords, licences)"),
}

_VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version | None:
        m = _VERSION.fullmatch(text or "")
        return cls(*(int(g) for g in m.groups())) if m else None

    def bump(self, level: str) -> Version:
        if level == "major":
            return Version(self.major + 1, 0, 0)
        if level == "minor":
            return Version(self.major, self.minor + 1, 0)
        if level == "patch":
            return Version(self.major, self.minor, self.patch + 1)
        return self

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


FIRST = Version(1, 0, 0)  # the recipe: "you release your data for the first time: use version 1.0.0"


def level_of(kind: str) -> str:
    return RULES[kind][0]


def highest(levels: Iterable[str]) -> str:
    return max(levels, key=LEVELS.index, default="none")


def at_least(level: str, required: str) -> bool:
    return LEVELS.index(level) >= LEVELS.index(required)


def level_between(old: Version, new: Version) -> str:
    """The bump that turns old into new (new > old)."""
    if new.major != old.major:
        return "major"
    if new.minor != old.minor:
        return "minor"
    return "patch"
