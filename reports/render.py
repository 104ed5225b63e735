"""Render the quarterly report (HTML + PDF) from pinned table versions and store it with a manifest.

Layout under the lake root::

    <root>/reports/<wave>/<YYYYmmddTHHMMSSZ>/bericht_<wave>.html
                                             bericht_<wave>.pdf
                                             manifest.json      (versions, row counts, figures)

The manifest is written together with the report, before any delivery is attempted, so a failed
e-mail never loses a report. Passing the manifest back as ``--versions`` rebuilds the same figures.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
import pathlib
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import jinja2

from lake import waves
from lake.config import LakeConfig
from lake.query import LakeQuery
from lake.storage import lake_files
from reports import charts, collect, formatting, labels, messages, versions
from reports.publication import Publication

log = logging.getLogger(__name__)

TEMPLATES = pathlib.Path(__file__).resolve().parent / "templates"
MANIFEST_NAME = "manifest.json"
MANIFEST_SCHEMA = "lakehouse-report-manifest/1"


@dataclass
class ReportResult:
    wave: str
    directory: pathlib.Path
    html_path: pathlib.Path
    pdf_path: pathlib.Path
    manifest_path: pathlib.Path
    manifest: dict[str, Any]
    copies: list[pathlib.Path] = field(default_factory=list)
    stored_at: str = ""  # where the report is kept: the local folder, or its s3:// location

    @property
    def figures(self) -> dict[str, Any]:
        return self.manifest["figures"]


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def figures_digest(figures: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(figures).encode("utf-8")).hexdigest()


def _data_uri(svg: str | None) -> str | None:
    if svg is None:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _date_de(value: str | None) -> str:
    if not value:
        return "–"
    d = dt.date.fromisoformat(str(value)[:10])
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        cell_share=formatting.cell_share,
        cell_interval=formatting.cell_interval,
        share=formatting.share,
        change_pp=formatting.change_pp,
        integer=formatting.integer,
        euros=formatting.euros,
        date_de=_date_de,
    )
    env.globals["interval"] = formatting.interval
    return env


def _series_for(items: list[dict[str, Any]]) -> list[str]:
    present = {key for item in items for key in item["cells"]}
    return [k for k in ("both", *labels.LANDS) if k in present]


def render_html(figures: dict[str, Any], context: dict[str, Any], root: str) -> tuple[str, str]:
    """The report as one self-contained HTML document (charts inline); returns (html, map kind)."""
    a = figures["adoption"]
    map_svg, map_kind = (
        charts.district_map(a["districts"], figures["district_names"], root) if a["districts"] else (None, "none")
    )
    chart_svgs = {
        "map": map_svg,
        "trend": charts.trend_chart(
            a.get("trend", []), ["both", *labels.LANDS], "Anteil KI-nutzender Unternehmen je Befragungswelle"
        ),
        "sectors": charts.bar_chart(
            a["sectors"], _series_for(a["sectors"]), "Anteil KI-Nutzung nach Wirtschaftsabschnitt"
        ),
        "sizes": charts.bar_chart(a["sizes"], _series_for(a["sizes"]), "Anteil KI-Nutzung nach Größenklasse"),
        "technologies": charts.bar_chart(
            figures["technologies"], _series_for(figures["technologies"]), "KI-Technologien (Anteil unter KI-Nutzern)"
        ),
        "barriers": charts.bar_chart(
            figures["barriers"], _series_for(figures["barriers"]), "Hemmnisse (Anteil unter Nicht-Nutzern)"
        ),
        "topics": charts.count_chart(figures["news"]["topics"], labels.LANDS, "Artikel nach Thema")
        if figures["news"]
        else None,
    }
    news = figures["news"]
    period_de = ""
    if news:
        start, end = (dt.date.fromisoformat(x) for x in news["period"])
        last = end - dt.timedelta(days=1)
        period_de = f"{labels.MONTHS[start.month - 1]} bis {labels.MONTHS[last.month - 1]} {last.year}"
    env = _environment()
    html = env.get_template("report.html.jinja").render(
        figures=figures,
        wave=figures["wave"],
        charts={k: _data_uri(v) for k, v in chart_svgs.items()},
        map_kind=map_kind,
        css=(TEMPLATES / "report.css").read_text(encoding="utf-8"),
        series_for=_series_for,
        key_messages=messages.key_messages(figures),
        caveats=messages.caveats(figures),
        caveat_respondents=messages.CAVEAT_RESPONDENTS,
        series_labels={"both": labels.BOTH, **{land: land for land in labels.LANDS}},
        min_respondents=collect.MIN_RESPONDENTS,
        benchmarks=figures.get("benchmarks"),
        period_de=period_de,
        title=f"KI-Nutzung in Sachsen und Thüringen – Quartalsbericht {figures['wave']}",
        **context,
    )
    return html, map_kind


def write_pdf(html: str, pdf_path: pathlib.Path, figures: dict[str, Any]) -> str:
    """PDF via WeasyPrint; if WeasyPrint (or its pango) is unavailable, a plain matplotlib PDF."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        log.warning("WeasyPrint unavailable (%s); writing the PDF with matplotlib", exc)
        from reports.pdf_fallback import write_fallback_pdf

        write_fallback_pdf(figures, pdf_path)
        return "matplotlib"
    # PDF/UA-1: tagged structure (headings, tables, figures with alt text), document language and
    # title, as BITV 2.0 asks of documents published by public bodies.
    weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf(str(pdf_path), pdf_variant="pdf/ua-1")
    return f"weasyprint {weasyprint.__version__} (pdf/ua-1)"


def _local(when: dt.datetime, tz: ZoneInfo, seconds: bool = False) -> str:
    """A time in the reader's zone with its abbreviation, e.g. `01.10.2025 08:00 CEST`."""
    local = when.astimezone(tz)
    return local.strftime("%d.%m.%Y %H:%M:%S %Z" if seconds else "%d.%m.%Y %H:%M %Z")


def _new_directory(base: pathlib.Path, now: dt.datetime) -> pathlib.Path:
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    for i in range(1, 1000):
        candidate = base / (stamp if i == 1 else f"{stamp}-{i}")
        try:
            candidate.mkdir(parents=True, exist_ok=False)
            return candidate
        except FileExistsError:
            continue
    raise RuntimeError(f"could not create a report folder under {base}")


def _sha256(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _has_survey_data(figures: dict) -> bool:
    """True when gold/ai_adoption has at least one cell of the wave (suppressed cells count)."""
    adoption = figures.get("adoption") or {}
    return any(h.get("cell") for h in adoption.get("headline") or []) or bool(adoption.get("districts"))


def build_report(
    config: LakeConfig,
    wave: str,
    *,
    out_dir: str | pathlib.Path | None = None,
    as_of: dt.datetime | None = None,
    explicit_versions: Mapping[str, int | None] | None = None,
    now: dt.datetime | None = None,
    publication: Publication | None = None,
    require_data: bool = True,
) -> ReportResult:
    """Resolve versions, collect figures, render HTML and PDF, store them under the lake root.

    ``out_dir`` additionally receives a copy of the three files. Tables not in
    ``explicit_versions`` are read as of ``as_of`` (or at their latest version). ``publication``:
    publisher, contact, citation and survey design texts (the CLI and the asset pass
    `Publication.from_env()`); times are shown in its time zone (Europe/Berlin by default). A wave
    without survey results raises `collect.NoDataError` before anything is written
    (``require_data=False`` renders the "no data" report instead, e.g. to test delivery on an empty lake).
    """
    publication = publication or Publication()
    tz = ZoneInfo(publication.timezone)
    collect.parse_wave(wave)
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    pinned = versions.resolve_versions(config, collect.REPORT_TABLES, as_of=as_of, explicit=explicit_versions)
    q = LakeQuery(config)
    try:
        figures = collect.collect(q, wave, pinned)
    finally:
        q.close()
    if require_data and not _has_survey_data(figures):
        available = ", ".join(figures["adoption"].get("waves") or []) or "none"
        raise collect.NoDataError(
            f"no survey results for wave {wave} in gold/ai_adoption (waves with data: {available}); nothing was written"
        )
    digest = figures_digest(figures)

    tables = []
    for table in collect.REPORT_TABLES:
        version = pinned[table]
        committed = versions.commit_timestamps(config, table).get(version) if version is not None else None
        tables.append(
            {
                "table": table,
                "version": version,
                "committed_at": committed.strftime("%Y-%m-%d %H:%M:%S") if committed else None,
                "committed_local": f"{committed.astimezone(tz):%d.%m.%Y %H:%M:%S}" if committed else None,
                "rows": figures["row_counts"].get(table),
            }
        )
    if explicit_versions:
        selection = "Versionen ausdrücklich vorgegeben"
    elif as_of is not None:
        selection = f"jeweils letzte Version bis {_local(as_of, tz, seconds=True)}"
    else:
        selection = "jeweils neueste Version zum Erstellungszeitpunkt"
    data_state = _local(as_of, tz) if as_of is not None else "feste Tabellenversionen (siehe Datengrundlage)"

    # An object-store lake: written in a local staging folder, then stored in the bucket.
    base = (
        pathlib.Path(config.path("reports", wave))
        if config.is_local
        else (pathlib.Path(tempfile.mkdtemp(prefix="lakehouse-report-")) / wave)
    )
    directory = _new_directory(base, now)
    report_id = f"{wave}/{directory.name}"
    html, map_kind = render_html(
        figures,
        {
            "data_state": data_state,
            "generated_de": _local(now, tz),
            "publication": publication,
            "citation": publication.cite(wave, now.astimezone(tz).year),
            "tz_name": publication.timezone,
            "report_id": report_id,
            "tables": tables,
            "selection_de": selection,
            "figures_sha256": digest,
        },
        config.root,
    )
    stem = f"bericht_{wave}"
    html_path = directory / f"{stem}.html"
    pdf_path = directory / f"{stem}.pdf"
    html_path.write_text(html, encoding="utf-8")
    renderer = write_pdf(html, pdf_path, figures)

    manifest = {
        "schema": MANIFEST_SCHEMA,
        "report": "quarterly",
        "wave": wave,
        "report_id": report_id,
        "generated_at": now.isoformat(),
        "as_of": as_of.astimezone(dt.UTC).isoformat() if as_of is not None else None,
        "selection": "explicit" if explicit_versions else ("as_of" if as_of is not None else "latest"),
        "lake_root": config.root,
        "tables": {
            t["table"]: {"version": t["version"], "committed_at": t["committed_at"], "rows": t["rows"]} for t in tables
        },
        "figures_sha256": digest,
        "figures": figures,
        "map": map_kind,
        "renderer": renderer,
        "files": {
            "html": {"name": html_path.name, "sha256": _sha256(html_path)},
            "pdf": {"name": pdf_path.name, "sha256": _sha256(pdf_path)},
        },
    }
    manifest_path = directory / MANIFEST_NAME
    tmp = manifest_path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(manifest_path)

    stored_at = str(directory)
    if not config.is_local:
        stored_at = config.path("reports", wave, directory.name)
        lake_files(stored_at).upload(directory)

    copies: list[pathlib.Path] = []
    if out_dir is not None:
        out = pathlib.Path(out_dir).expanduser()
        out.mkdir(parents=True, exist_ok=True)
        for path in (html_path, pdf_path, manifest_path):
            target = out / path.name
            shutil.copyfile(path, target)
            copies.append(target)
    log.info("report %s written to %s", report_id, stored_at)
    return ReportResult(wave, directory, html_path, pdf_path, manifest_path, manifest, copies, stored_at)


def last_completed_wave(today: dt.date) -> str:
    """The quarter before the one ``today`` falls in (what a quarter-end run reports on)."""
    return waves.last_completed(today)
