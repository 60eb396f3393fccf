"""Problems are data: each names a code, file, row, field and value, and says how to fix it.

Every code is registered in CODES with a title and a general fix; docs/problems.md lists them all (a
test keeps the two equal). A code's exit says what kind of failure it is: 1 for bad data, 2 for wrong
usage or the environment (a lock held, a disk full, a missing permission).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

DATA, USAGE = 1, 2  # exit codes


@dataclass(frozen=True)
class Code:
    title: str
    fix: str
    exit: int = DATA


CODES: dict[str, Code] = {
    # Reading files
    "missing-file": Code("a file is missing", "create the file, or correct the path that names it"),
    "not-a-file": Code("a path is not a regular file", "replace the folder, pipe or device with the file meant"),
    "too-large": Code("a file is larger than factpack reads", "split the input, or raise the limit "
                      "(docs/limits.md) if the size is meant", USAGE),
    "io-error": Code("a file could not be read or written", "check permissions and free disk space", USAGE),
    "encoding-error": Code("not UTF-8", "re-save the file as UTF-8 ('CSV UTF-8' in a spreadsheet)"),
    "nul-byte": Code("a NUL byte in a text file", "re-save the file as plain UTF-8 text"),
    "invalid-json": Code("a JSON file cannot be parsed", "correct the JSON syntax at the line given"),
    "json-duplicate-key": Code("a key twice in one JSON object", "keep one of the two: the last one would "
                               "silently win"),
    "json-not-finite": Code("NaN or Infinity in a JSON file", "write a finite number, or leave the key out"),
    "json-too-deep": Code("a JSON file nested too deeply", "descriptors are a few levels deep: flatten it"),
    # CSV structure
    "empty-file": Code("an empty CSV file", "add at least the header row"),
    "csv-syntax": Code("a CSV file cannot be parsed", "close the quote, or quote the cell, near the line given"),
    "blank-header": Code("a blank header or column name", "the header row comes first and names every column"),
    "wrong-delimiter": Code("a CSV file separated by ';'", "save it with ',' as the delimiter"),
    "duplicate-header": Code("a column named twice", "delete one of the two columns"),
    "unknown-header": Code("a column the schema does not have", "rename it to the field meant, or add the field "
                           "to the schema"),
    "missing-header": Code("a schema field with no column", "add the column"),
    "ragged-row": Code("a row with more or fewer cells than the header", "quote cells that hold commas"),
    # Cells
    "required": Code("an empty required cell", "fill it in"),
    "whitespace": Code("spaces around an ID, code, number or date", "remove them (a no-break space is invisible)"),
    "type-error": Code("a value not of the field's type", "write it as the message says"),
    "pattern": Code("a value that does not match the field's pattern", "correct it; leave the cell empty for no "
                    "value"),
    "enum": Code("a value outside the field's closed list", "choose one of the values the codebook lists"),
    "minimum": Code("a value below the field's minimum", "correct it"),
    "maximum": Code("a value above the field's maximum", "correct it"),
    "min-length": Code("a text shorter than the field's minLength", "complete it"),
    "max-length": Code("a text longer than the field's maxLength", "shorten it"),
    "bidi-control": Code("an invisible bidirectional control character", "delete it; retype the text if unsure"),
    "formula-like": Code("text a spreadsheet may run as a formula (warning)", "nothing to fix: it is published "
                         "as is; open the CSV with Data > From Text, columns as Text"),
    # Keys
    "duplicate-key": Code("a key used twice", "IDs are unique and never reused: give the row a new ID"),
    "foreign-key": Code("a reference to a record that does not exist", "add the record, or correct the reference"),
    # Declared rules (schemas' "factpack" rules)
    "rule-order": Code("two values in the wrong order", "swap or correct them"),
    "rule-require": Code("a value the row's other values require", "fill it in"),
    "rule-forbid": Code("a value the row's other values exclude", "empty it"),
    "rule-equal": Code("two values that must be equal", "correct one of them"),
    "rule-differ": Code("two values that must differ", "a record cannot refer to itself"),
    "rule-symmetric": Code("a symmetric link stored both ways", "keep one of the two rows"),
    "basis-unknown-with-value": Code("a value whose basis says 'unknown'", "say how it is known (stated or "
                                     "inferred), or empty it"),
    "basis-without-value": Code("a basis with no value", "fill the value in, or set the basis to 'unknown'"),
    "inferred-without-note": Code("an inferred value with no note", "say in the note what it was inferred from"),
    "edtf-invalid": Code("not an EDTF date", "write a Library of Congress EDTF date (levels 0-2), e.g. 2024-07, "
                         "2024-07?, ../2025-09-30 or [2024-01-01,2024-01-08]"),
    "edtf-bounds": Code("date bounds that disagree with the EDTF date", "set the bounds to the EDTF date's first "
                        "and last possible days"),
    # Provenance
    "citation-subject": Code("a citation that supports no record or several", "one citation per record"),
    "uncited": Code("a record no citation supports", "add a citation quoting the words that support it"),
    "seed-missing": Code("a source's seed file is missing", "restore the seed, or correct seed_path"),
    "seed-changed": Code("a seed whose bytes changed", "restore the original: seeds are never edited"),
    "seed-path-escapes": Code("a seed path outside seeds/", "name a file directly inside seeds/"),
    "quote-not-found": Code("a quote not in its seed", "copy the words from the closest passage shown"),
    "quote-ambiguous": Code("a quote that stands in several places", "set occurrence, or lengthen the quote"),
    "occurrence-out-of-range": Code("an occurrence beyond the quote's places", "count the places listed"),
    "quote-too-short": Code("a quote too short to identify a passage", "quote the words that carry the fact"),
    "quote-splits-character": Code("a quote that starts or ends inside a character", "include the whole "
                                   "character (its marks belong to it)"),
    # Tombstones
    "tombstone-live": Code("a withdrawn ID still in use", "remove the row, or the tombstone if it was a mistake"),
    "tombstone-unknown-table": Code("a withdrawn ID of no table", "correct the ID"),
    "tombstone-unknown-successor": Code("a successor that is no record", "name the record that replaces it, or "
                                        "leave superseded_by empty"),
    "tombstone-other-table": Code("a successor in another table", "name a record of the same table"),
    "tombstone-supersedes-itself": Code("a record superseded by itself", "leave superseded_by empty"),
    # Schemas and metadata
    "schema-invalid": Code("a Table Schema mistake", "correct the schema as the message says"),
    "schema-type": Code("a field type factpack does not support", "use string, integer, number or date"),
    "schema-description": Code("a field without a description", "say what the field holds"),
    "enum-undocumented": Code("a closed-list value without a label", "add a category with a label"),
    "category-not-in-enum": Code("a category not in the enum", "add it to the enum, or remove it"),
    "model-invalid": Code("a factpack declaration mistake", "correct the schema's \"factpack\" object as the "
                          "message says (docs/model.md)"),
    "metadata-invalid": Code("a package metadata mistake", "correct schemas/package.json as the message says"),
    "unsafe-url": Code("a link that is not http(s) or a relative path", "use an https:// address"),
    # Projects and commands
    "no-such-path": Code("a path named on the command line does not exist", "check the path", USAGE),
    "not-a-project": Code("a folder that is no factpack project", "run factpack in (or --project) a folder with "
                          "schemas/, curated/ and seeds/; factpack init makes one", USAGE),
    "build-locked": Code("another build of the project is running", "wait for it to finish", USAGE),
    "unknown-id": Code("no record has the ID", "check the ID"),
    "bad-name": Code("a package name factpack cannot use", "lower-case letters, digits, '.', '_' and '-'", USAGE),
    "init-exists": Code("factpack init would overwrite files", "choose an empty or new folder", USAGE),
    # Packages, archives, releases
    "not-a-package": Code("not a data package", "give a package folder, a project, a release zip or a version"),
    "invalid-descriptor": Code("a datapackage.json factpack cannot read", "correct the descriptor"),
    "unreadable-csv": Code("a package CSV that cannot be read", "the file is damaged: rebuild or re-download it"),
    "path-escapes": Code("a path that leaves the package", "resources name files inside the package"),
    "bad-archive": Code("a damaged or hostile zip archive", "re-download the archive"),
    "archive-layout": Code("a stray entry in a release archive", "the archive holds the package and nothing else"),
    "archive-layout-nested": Code("an archive nested as up to 1.0.0 (warning)", "factpack dist writes one with "
                                  "datapackage.json at its root"),
    "sums-missing": Code("an archive without SHA256SUMS", "rebuild it with factpack dist"),
    "sums-unreadable": Code("a SHA256SUMS not in sha256sum's form", "rebuild it with factpack dist"),
    "file-missing": Code("a file listed but missing", "the archive is incomplete: rebuild or re-download it"),
    "file-unlisted": Code("a file not listed in SHA256SUMS", "remove it: it is not part of the release"),
    "checksum-mismatch": Code("a file whose sha256 differs from the record", "the file changed: restore it"),
    "size-mismatch": Code("a file whose size differs from the descriptor", "the file changed: restore it"),
    "unrecorded-release": Code("a version with no record in releases/", "name a released version (ls releases/)",
                               USAGE),
    "not-the-released-archive": Code("an archive that is not the one released", "use the published archive"),
    "not-reproducible": Code("a release the repository does not rebuild", "check out the release's commit"),
    "no-release-date": Code("no date for the release", "set SOURCE_DATE_EPOCH, or commit the project", USAGE),
    "empty-note": Code("a release without a note", "say in --note what changed and why", USAGE),
    "nothing-changed": Code("nothing to release", "change something first"),
    "bad-version": Code("a version not MAJOR.MINOR.PATCH", "write it like 1.2.0", USAGE),
    "version-not-newer": Code("a version not newer than the last release", "choose a newer version", USAGE),
    "release-exists": Code("a version released already", "choose a newer version", USAGE),
    "bump-too-small": Code("a bump smaller than the changes need", "use the bump the message names"),
    "removed-without-tombstone": Code("a released ID gone without a tombstone", "add it to the tombstones"),
    "tombstone-removed": Code("a released tombstone removed", "restore it: tombstones are permanent"),
    # Last resort
    "internal-error": Code("a bug in factpack", "please report it, with the output of --debug", 3),
}


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int | None  # as numbered in the input file: the header is row 1
    field: str | None
    code: str
    value: str | None
    message: str
    severity: str = "error"  # "error" fails the build; "warning" does not

    def __post_init__(self) -> None:
        if self.code not in CODES:  # a programming mistake, caught by the tests
            raise ValueError(f"unregistered problem code {self.code!r}")

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
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

    @property
    def exit_code(self) -> int:
        """0 valid; else the highest exit of its errors' codes (2 for usage or environment, 1 for data)."""
        return max((CODES[p.code].exit for p in self.errors), default=0)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems), key=_sort_key)

    def to_dict(self) -> dict:
        return {"valid": self.valid, "errors": len(self.errors), "warnings": len(self.warnings),
                "problems": [p.to_dict() for p in self.sorted()]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def _sort_key(p: Problem) -> tuple:
    return (p.file, p.row if p.row is not None else -1, p.field or "", p.code, p.value or "", p.message)


class FactpackError(Exception):
    """An expected failure that stops a command: it carries the report to show. The command line turns it
    into output and an exit code (cli.py); nothing else catches it."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(f"{len(report.errors)} error(s)")


def fail(file: str, code: str, message: str, value: str | None = None, field_name: str | None = None) -> FactpackError:
    """A FactpackError with one problem, to raise."""
    return FactpackError(Report([Problem(file, None, field_name, code, value, message)]))


def clip(value: str | None, limit: int = 80) -> str | None:
    """Values in problems are shown, not dumped: a 131,072-character cell is clipped."""
    if value is None or len(value) <= limit:
        return value
    return value[: limit - 1] + "…"
