"""The quarterly report for the ministries: German HTML and PDF from the lake at pinned Delta versions.

`render.build_report` collects the figures through the read-only query layer (`lake.query`) at
table versions fixed up front (latest, `--as-of` a timestamp, or explicit versions), renders them
with Jinja2 templates and WeasyPrint, and stores the files under ``<root>/reports/<wave>/`` with a
version manifest beside them. `delivery` sends the PDF by e-mail.
"""

from reports.render import ReportResult, build_report

__all__ = ["ReportResult", "build_report"]
