"""Problems are data: each names a code, file, row, field and value, and says how to fix it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int | None  # as numbered in the input file: the header is row 1
    field: str | None
    code: str
    value: str | None
    message: str
    severity: str = "error"  # "error" fails the build; "warning" does not

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems), key=_sort_key)

    def to_json(self) -> str:
        body = {
            "valid": self.valid,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.to_dict() for p in self.sorted()],
        }
        return json.dumps(body, ensure_ascii=False, indent=2)


def _sort_key(p: Problem):
    return (p.file, p.row if p.row is not None else -1, p.field or "", p.code, p.value or "", p.message)


class FactpackError(Exception):
    """Raised for problems that stop a command; carries the report to show."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(f"{len(report.errors)} error(s)")


def clip(value: str | None, limit: int = 80) -> str | None:
    """Values in problems are shown, not dumped: a 131,072-character cell is clipped."""
    if value is None or len(value) <= limit:
        return value
    return value[: limit - 1] + "…"
