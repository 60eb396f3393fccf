"""The release history as the build reads it: the date each version was released (releases/CHANGELOG.md)."""

from __future__ import annotations

import re
from pathlib import Path


def released_on(changelog: Path, version: str) -> str | None:
    """The date (YYYY-MM-DD) of the version's entry in the release history, None for a version not released."""
    if not changelog.is_file():
        return None
    found = re.search(rf"^## \[{re.escape(version)}\] - ([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})$",
                      changelog.read_text(encoding="utf-8"), re.MULTILINE)
    return found.group(1) if found else None
