"""Survey-tool export mappings (survey-mapping-v1): a YAML file says how a LimeSurvey / SoSci
Survey export becomes survey-export-v1 rows.

The mapping is applied in two places so that bronze stays "as received" and rejects keep the raw
values:
- at read time (`rename`): mapped export columns get their contract names, constants
  (`{value: ...}`) become columns, the values stay untouched; the mapping's name and its value
  tables (`spec_json`) ride along with every bronze row (`_mapping`, `_mapping_spec`), so silver
  can be rebuilt from bronze alone;
- in silver (`apply_values`): "no answer" codes become empty and export codes are translated
  before validation; the untranslated values are kept as `_raw_<column>` for the rejects.

Every problem with the mapping itself is a `MappingError` naming the mapping, the file and the
problem; the file is then not written at all.
"""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, MapType, StringType, StructField, StructType

from transforms.survey.schema import CONTRACT_COLUMNS, PERSONAL, REQUIRED

MAPPING_COLUMN = "_mapping"
SPEC_COLUMN = "_mapping_spec"
RAW_PREFIX = "_raw_"
# An export column the mapping leaves unnamed but whose name is a contract column's (say a
# LimeSurvey `comment` field next to a mapped one): kept in bronze under this prefix, ignored later.
UNMAPPED_PREFIX = "export_"
_TOP_LEVEL_KEYS = {"mapping", "columns", "values", "missing"}
_SPEC_SCHEMA = StructType(
    [
        StructField("values", MapType(StringType(), MapType(StringType(), StringType()))),
        StructField("missing", ArrayType(StringType())),
    ]
)


class MappingError(ValueError):
    """A mapping that is not valid or does not fit a file; the message names mapping, file, problem."""

    def __init__(self, mapping: str | Path, problem: str, file: str | Path | None = None):
        where = f"survey mapping {mapping}" + (f" does not fit {file}" if file else "")
        super().__init__(f"{where}: {problem}")
        self.mapping = str(mapping)
        self.file = None if file is None else str(file)
        self.problem = problem


def header_key(name: str) -> str:
    """The normalised form of a header name, as `read.normalise_header` gives it (`G02Q05[SQ002]`
    -> `g02q05_sq002`), so mapping and file are compared the way the reader names columns."""
    n = (name or "").replace("\ufeff", "").strip().lower()
    n = re.sub(r"[^a-z0-9_]+", "_", n).strip("_")
    return "x" + n if n.startswith("_") else n


@dataclass(frozen=True)
class SurveyMapping:
    """A validated mapping: contract column -> export column (normalised) or constant."""

    name: str
    source: str  # where it was read from (for messages)
    columns: dict[str, str] = field(default_factory=dict)  # contract column -> normalised export header
    constants: dict[str, str] = field(default_factory=dict)  # contract column -> constant value
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # contract column -> code table
    missing: tuple[str, ...] = ()
    originals: dict[str, str] = field(default_factory=dict)  # contract column -> export header as written

    def check_header(self, file: str | Path, header: list[str] | tuple[str, ...]) -> None:
        """Raise `MappingError` when an export column the mapping names is not in the file."""
        present = set(header)
        absent = [self.originals[c] for c, col in self.columns.items() if col not in present]
        if absent:
            raise MappingError(
                self.source,
                f"export column(s) {', '.join(repr(a) for a in absent)} named by the mapping are not in the "
                f"file's header (found: {', '.join(header)})",
                file,
            )

    def output_columns(self, header: list[str] | tuple[str, ...]) -> list[str]:
        """Bronze column names after `rename`, in order: contract columns, then the rest."""
        return [name for name, _ in self._plan(header)]

    def _plan(self, header: list[str] | tuple[str, ...]) -> list[tuple[str, str | None]]:
        mapped_sources = set(self.columns.values())
        plan: list[tuple[str, str | None]] = [(c, self.columns[c]) for c in CONTRACT_COLUMNS if c in self.columns]
        plan += [(c, None) for c in CONTRACT_COLUMNS if c in self.constants]
        taken = {name for name, _ in plan}
        for h in header:
            if h in mapped_sources:
                continue  # kept once, under its contract name
            name = h
            while name in taken:
                name = UNMAPPED_PREFIX + name
            taken.add(name)
            plan.append((name, h))
        return plan

    def rename(self, df: DataFrame, header: list[str] | tuple[str, ...]) -> DataFrame:
        """Raw export frame -> bronze shape: contract names, constants, other columns kept, lineage."""
        cols: list[Column] = []
        missing = [F.lit(m) for m in self.missing]
        for name, src in self._plan(header):
            col = F.lit(self.constants[name]) if src is None else F.col(src)
            if name in PERSONAL and src is not None and missing:
                # "no answer" is no e-mail: never hashed into a value shared by every such row
                col = F.when(F.trim(col).isin(*missing), F.lit(None).cast("string")).otherwise(col)
            cols.append(col.alias(name))
        lineage = [c for c in df.columns if c.startswith("_") and c not in header]
        return df.select(
            *cols, *lineage, F.lit(self.name).alias(MAPPING_COLUMN), F.lit(self.spec_json()).alias(SPEC_COLUMN)
        )

    def spec_json(self) -> str:
        """What silver needs to translate this mapping's rows (stored with each bronze row)."""
        return json.dumps({"values": self.values, "missing": list(self.missing)}, sort_keys=True, ensure_ascii=False)


def _string_loader():
    """A YAML loader that keeps every scalar a string (`Y`, `01`, `-9`, `yes` stay as written)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag == "tag:yaml.org,2002:null"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def parse_mapping(text: str, source: str = "<mapping>") -> SurveyMapping:
    """Validate a mapping document (YAML text); raise `MappingError` naming the problem."""
    import yaml

    try:
        doc = yaml.load(text, Loader=_string_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise MappingError(source, f"not valid YAML{where}: {problem}") from None
    if not isinstance(doc, dict):
        raise MappingError(source, "expected a YAML mapping with keys mapping, columns, values, missing")
    unknown = sorted(set(map(str, doc)) - _TOP_LEVEL_KEYS)
    if unknown:
        raise MappingError(
            source, f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_TOP_LEVEL_KEYS))}"
        )
    name = _text(doc.get("mapping")) or Path(source).stem
    columns_doc = doc.get("columns")
    if not isinstance(columns_doc, dict) or not columns_doc:
        raise MappingError(source, "'columns' must map contract columns to export columns")
    columns: dict[str, str] = {}
    constants: dict[str, str] = {}
    originals: dict[str, str] = {}
    for raw_key, target in columns_doc.items():
        key = str(raw_key).strip().lower()
        if key not in CONTRACT_COLUMNS:
            raise MappingError(source, f"'columns' names {raw_key!r}, which is not a survey-export-v1 column")
        if isinstance(target, dict):
            if set(target) != {"value"} or target["value"] is None or isinstance(target["value"], (dict, list)):
                raise MappingError(source, f'column {key}: a constant is written {{value: "..."}}')
            constants[key] = str(target["value"]).strip()
        elif isinstance(target, str) and target.strip():
            columns[key] = header_key(target)
            originals[key] = target.strip()
        else:
            raise MappingError(source, f"column {key}: expected an export column name or {{value: ...}}")
    absent = [c for c in REQUIRED if c not in columns and c not in constants]
    if absent:
        raise MappingError(source, f"required contract column(s) {', '.join(absent)} not mapped")
    values: dict[str, dict[str, str]] = {}
    values_doc = doc.get("values") or {}
    if not isinstance(values_doc, dict):
        raise MappingError(source, "'values' must map contract columns (or globs) to code tables")
    for pattern, table in values_doc.items():
        pat = str(pattern).strip().lower()
        targets = [c for c in CONTRACT_COLUMNS if fnmatch.fnmatchcase(c, pat)]
        if not targets:
            raise MappingError(source, f"'values' names {pattern!r}, which matches no survey-export-v1 column")
        if not isinstance(table, dict):
            raise MappingError(source, f"values of {pattern}: expected a table export code -> contract value")
        codes = {str(k).strip(): ("" if v is None else str(v).strip()) for k, v in table.items()}
        for c in targets:
            merged = values.setdefault(c, {})
            merged.update(codes)
    missing_doc = doc.get("missing") or []
    if isinstance(missing_doc, (str, int, float)):
        missing_doc = [missing_doc]
    if not isinstance(missing_doc, list):
        raise MappingError(source, "'missing' must be a list of export codes")
    missing = tuple(str(m).strip() for m in missing_doc if m is not None)
    # Codes are looked up as written, then case-insensitively where that is unambiguous.
    for table in values.values():
        lowered: dict[str, set[str]] = {}
        for k, v in table.items():
            lowered.setdefault(k.lower(), set()).add(v)
        for k, vs in lowered.items():
            if k not in table and len(vs) == 1:
                table[k] = next(iter(vs))
    return SurveyMapping(name, source, columns, constants, values, missing, originals)


def load_mapping(path: str | Path) -> SurveyMapping:
    """Read and validate a mapping file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise MappingError(p, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(p, f"cannot read the file: {exc}") from None
    return parse_mapping(text, str(p))


DEFAULT_MAPPING_NAMES = ("mapping.yaml", "mapping.yml")


def mapping_for(export: str | Path) -> Path | None:
    """The mapping file the landing folder gives an export, if any.

    `<export name without suffix>.yaml` (or `.yml`) next to the file wins; else the folder's
    default `mapping.yaml` (or `mapping.yml`); else none (the file is in the contract's columns).
    """
    p = Path(export)
    for candidate in (p.with_suffix(".yaml"), p.with_suffix(".yml"), *(p.parent / n for n in DEFAULT_MAPPING_NAMES)):
        if candidate.is_file():
            return candidate
    return None


def apply_values(bronze: DataFrame) -> DataFrame:
    """Translate the codes of mapped rows (rows without a mapping pass unchanged).

    For every contract column present: `_raw_<column>` keeps the value as received (the rejects
    show it), the column itself gets: empty for a "missing" code, the contract value for a listed
    code (exact, else case-insensitive), otherwise the value as received.
    """
    if SPEC_COLUMN not in bronze.columns:
        return bronze
    spec = F.from_json(F.col(SPEC_COLUMN), _SPEC_SCHEMA)
    present = [c for c in CONTRACT_COLUMNS if c in bronze.columns]
    # Personal columns get no raw copy: they never reach silver (the rejects leave them out too).
    raw = [F.col(c).alias(RAW_PREFIX + c) for c in present if c not in PERSONAL]
    out = bronze.select("*", *raw).withColumn("_spec", spec)
    mapped = F.col(SPEC_COLUMN).isNotNull()
    replaced = []
    for c in present:
        value = F.trim(F.col(c))
        table = F.col("_spec.values").getItem(c)
        translated = F.coalesce(table[value], table[F.lower(value)], F.col(c))
        is_missing = F.coalesce(F.array_contains(F.col("_spec.missing"), value), F.lit(False))
        expr = F.when(~mapped | F.col(c).isNull(), F.col(c)).when(is_missing, F.lit(None)).otherwise(translated)
        replaced.append(expr.alias(c))
    keep = [F.col(c) for c in out.columns if c not in present and c != "_spec"]
    return out.select(*replaced, *keep)


def raw_value(df: DataFrame, column: str) -> Column:
    """The value of ``column`` as received: `_raw_<column>` after `apply_values`, else the column."""
    if RAW_PREFIX + column in df.columns:
        return F.col(RAW_PREFIX + column)
    if column in df.columns:
        return F.col(column)
    return F.lit(None).cast("string")
