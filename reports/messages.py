"""Key messages of the report in sentences, derived from the collected figures (pure functions).

A ministry reader wants what changed and where the region stands, not the table again: a change
is called a change only when gold marks it significant (`change_significant`, lake-tables-v2);
otherwise the sentence says the share is statistically unchanged. Without that column the
report says that the change is not tested, never that it is real.
"""

from __future__ import annotations

from typing import Any

from lake import vocabulary
from reports import formatting

# A published cell below these respondents (or Kish n_eff) gets a small-sample caveat.
CAVEAT_RESPONDENTS = vocabulary.SMALL_SAMPLE_RESPONDENTS
CAVEAT_N_EFF = float(vocabulary.MIN_RELIABLE_N_EFF)


def _share(cell: dict[str, Any] | None) -> float | None:
    if not cell or cell.get("suppressed"):
        return None
    return cell.get("share")


def headline_messages(figures: dict[str, Any]) -> list[str]:
    """One sentence per area (both Länder, each Land): level, interval, change and its significance."""
    a = figures["adoption"]
    previous = a.get("previous_wave")
    out: list[str] = []
    for h in a["headline"]:
        cell = h["cell"]
        if not cell:
            continue
        if cell.get("suppressed"):
            out.append(f"{h['land']}: Der Anteil ist unterdrückt, weil zu wenige Unternehmen geantwortet haben.")
            continue
        level = (
            f"In {h['land']} nutzen {formatting.cell_share(cell)} der Unternehmen künstliche Intelligenz "
            f"(95-%-Konfidenzintervall {formatting.cell_interval(cell)})"
        )
        change = h.get("change")
        if change is None or previous is None:
            out.append(level + ".")
            continue
        significant = cell.get("change_significant")
        amount = formatting.change_pp(change)
        if significant is True:
            direction = "gestiegen" if change > 0 else "gesunken"
            out.append(
                f"{level}; gegenüber {previous} ist der Anteil um {amount} {direction} "
                f"(statistisch gesichert, 5-%-Niveau)."
            )
        elif significant is False:
            out.append(f"{level}; gegenüber {previous} ({amount}) ist keine gesicherte Veränderung festzustellen.")
        else:
            out.append(f"{level}; gegenüber {previous}: {amount} (Veränderung nicht auf Signifikanz geprüft).")
    return out


def ranking_messages(figures: dict[str, Any]) -> list[str]:
    """Highest and lowest published sector and size class (both Länder)."""
    out: list[str] = []
    for items, what in (
        (figures["adoption"]["sectors"], "Wirtschaftsabschnitt"),
        (figures["adoption"]["sizes"], "Größenklasse"),
    ):
        ranked = [(i, _share(i["cells"].get("both"))) for i in items]
        ranked = [(i, s) for i, s in ranked if s is not None]
        if len(ranked) < 2:
            continue
        ranked.sort(key=lambda x: x[1], reverse=True)
        (top, top_s), (low, low_s) = ranked[0], ranked[-1]
        out.append(
            f"Nach {what} ist der Anteil am höchsten in „{top['label']}“ ({formatting.share(top_s)}) "
            f"und am niedrigsten in „{low['label']}“ ({formatting.share(low_s)})."
        )
    return out


def key_messages(figures: dict[str, Any]) -> list[str]:
    # Where the region stands against Germany: the report's own benchmark section (stats).
    return headline_messages(figures) + ranking_messages(figures)


def caveats(figures: dict[str, Any]) -> list[str]:
    """Small-sample caveats: published districts with few respondents or a low n_eff, and the
    cells gold marks as of limited reliability."""
    names = figures.get("district_names", {})
    small: list[str] = []
    suppressed = 0
    for d in figures["adoption"]["districts"]:
        cell = d["cell"] or {}
        if cell.get("suppressed"):
            suppressed += 1
            continue
        n_eff = cell.get("n_eff")
        if (
            cell.get("respondents", 0) < CAVEAT_RESPONDENTS
            or (n_eff is not None and n_eff < CAVEAT_N_EFF)
            or cell.get("reliability") == "limited"
        ):
            small.append(str((names.get(d["ags"]) or {}).get("name") or d.get("name") or d["ags"]))
    out: list[str] = []
    if small:
        out.append(
            f"{len(small)} Kreise beruhen auf weniger als {CAVEAT_RESPONDENTS} Antworten oder sind nur "
            f"eingeschränkt belastbar ({', '.join(sorted(small))}); ihre Intervalle sind breit, "
            f"Unterschiede zwischen ihnen sind meist nicht gesichert."
        )
    if suppressed:
        out.append(
            f"{suppressed} Kreise sind unterdrückt (weniger als {vocabulary.MIN_RESPONDENTS} Antworten "
            "oder zum Schutz anderer Zellen)."
        )
    return out
