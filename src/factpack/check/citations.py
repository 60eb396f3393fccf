"""Every fact is traceable: a citation supports exactly one record (through one of the citations' subject
fields), and every record of a table the citations point at has at least one citation."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from ..arrays import cells, where
from ..model import Model
from ..problems import Problem
from ..read.csvfile import TextTable


def check_citations(model: Model, texts: dict[str, TextTable], typed: dict[str, dict[str, pa.Array]],
                    bad_rows: dict[str, set[int]]) -> list[Problem]:
    citations = model.citations
    if citations is None or citations.name not in typed or not model.subjects:
        return []
    return _check_subjects(model, texts[citations.name], typed[citations.name], bad_rows.get(citations.name, set())) \
        + _check_cited(model, texts, typed, bad_rows)


def _check_subjects(model: Model, text: TextTable, columns: dict[str, pa.Array], skip: set[int]) -> list[Problem]:
    subjects = list(model.subjects)
    given = pa.scalar(0, pa.int8())
    for f in subjects:
        given = pc.add(given, pc.cast(pc.is_valid(columns[f]), pa.int8()))
    indices = [i for i in where(pc.not_equal(given, 1)) if text.row_numbers[i] not in skip]
    values = {f: cells(columns[f], indices) for f in subjects}
    problems = []
    for k, i in enumerate(indices):
        named = [f for f in subjects if values[f][k] is not None]
        problems.append(Problem(text.file, text.row_numbers[i], named[1] if len(named) > 1 else subjects[0],
                                "citation-subject", ", ".join(f"{f}={values[f][k]}" for f in named) or None,
                                f"a citation supports exactly one of {', '.join(subjects)} (found {len(named)}): "
                                "split it into one citation per record"))
    return problems


def _check_cited(model: Model, texts: dict[str, TextTable], typed: dict[str, dict[str, pa.Array]],
                 bad_rows: dict[str, set[int]]) -> list[Problem]:
    """A record whose ID cell is already reported (a stray BOM, a typo) is not reported again as uncited."""
    citing = typed[model.citations.name]  # type: ignore[union-attr]
    problems = []
    for field, table_name in model.subjects.items():
        table = model.tables[table_name]
        if table_name not in typed or table.id_field is None:
            continue
        cited = pc.drop_null(citing[field])
        values = typed[table_name][table.id_field]
        indices = where(pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=cited))))
        text = texts[table_name]
        skip = bad_rows.get(table_name, set())
        for i, value in zip(indices, cells(values, indices)):
            if text.row_numbers[i] in skip:
                continue
            problems.append(Problem(text.file, text.row_numbers[i], table.id_field, "uncited", value,
                                    f"{value} has no citation: add a row to curated/{model.citations.name}.csv "  # type: ignore[union-attr]
                                    "quoting the words that support it"))
    return problems
