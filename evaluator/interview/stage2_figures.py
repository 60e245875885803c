"""The figures a stage-2 answer key quotes, computed from the variant's generated rows.

One function per cause id returns that cause's figures as display strings (the key's prose in
docs/data/stage2-causes.toml names them as {placeholders}). Effects on the model compare October
as generated with October rebuilt without the cause (same customers, same labels, same draws),
so a figure such as "flags 31% of the customers who stay, 12% with correct inputs" is about the
very rows the candidate has.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

import numpy as np

from .stage2 import CURRENT_START, REFERENCE_ROWS, Stage2Variant, accuracy


def pct(x: float, digits: int = 1) -> str:
    return f"{100 * x:.{digits}f}%"


def points(x: float) -> str:
    """A signed amount of accuracy in percentage points, as the key prints it."""
    return f"{x:.1f}"


def day(iso: str | dt.date) -> str:
    d = dt.date.fromisoformat(iso) if isinstance(iso, str) else iso
    return f"{d.day} {d.strftime('%B')}"


def _dates(v: Stage2Variant) -> np.ndarray:
    return v.current.rows["scored_on"]


def _rates(label: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    """Catch rate (share of churners flagged) and false-alarm rate (share of stayers flagged)."""
    label, predicted = label == 1, predicted == 1
    caught = (label & predicted).sum() / max(label.sum(), 1)
    false_alarm = (~label & predicted).sum() / max((~label).sum(), 1)
    return float(caught), float(false_alarm)


def effect_on_rows(v: Stage2Variant, cause: str) -> dict[str, str]:
    """Catch and false-alarm rates on the rows a cause touched, as served and with correct inputs."""
    rows = v.current.touched[cause] & ~v.current.copy
    label = v.current.rows["churned"][rows]
    caught, false_alarm = _rates(label, v.current.rows["predicted_churn"][rows])
    fixed_caught, fixed_false_alarm = _rates(label, v.without(cause).rows["predicted_churn"][rows])
    return {
        "rows": f"{int(rows.sum()):,}",
        "caught": pct(caught),
        "caught_correct": pct(fixed_caught),
        "false_alarms": pct(false_alarm),
        "false_alarms_correct": pct(fixed_false_alarm),
        "accuracy_rows": pct(accuracy(v.current.rows, rows)),
        "accuracy_rows_correct": pct(accuracy(v.without(cause).rows, rows)),
    }


def _common(v: Stage2Variant, cause: str) -> dict[str, str]:
    planted = v.planted(cause)
    figures = {"cost": points(v.cost_points(cause)), "column": planted.column or ""}
    for key, value in planted.params.items():
        if key.endswith("_day") or key == "frozen_from":
            figures[key] = day(value)
        elif key in ("share", "rise"):
            figures[key] = pct(value, 0)
        else:
            figures[key] = str(value)
    return figures


def _median(values: np.ndarray) -> float:
    values = values[~np.isnan(values.astype(float))]
    return float(np.median(values))


def covariate_shift(v: Stage2Variant) -> dict[str, str]:
    f = _common(v, "covariate-shift")
    column = v.planted("covariate-shift").column
    ref, cur = v.reference[column], v.current.true[column][~v.current.copy]
    unit = "GB" if column == "data_usage_gb" else "USD"
    f["median_reference"] = f"{_median(ref):.1f} {unit}" if unit == "GB" else f"{_median(ref):.2f} {unit}"
    f["median_current"] = f"{_median(cur):.1f} {unit}" if unit == "GB" else f"{_median(cur):.2f} {unit}"
    without = v.without("covariate-shift")
    once = ~v.current.copy
    f["churn_expected"] = pct(float(v.current.probability[once].mean()))
    f["churn_expected_without"] = pct(float(without.probability[~without.copy].mean()))
    f["flag_rate"] = pct(float(v.current.rows["predicted_churn"][once].mean()))
    f["flag_rate_without"] = pct(float(without.rows["predicted_churn"][~without.copy].mean()))
    if "factor_low" in v.planted("covariate-shift").params:
        p = v.planted("covariate-shift").params
        f["factor"] = f"{p['factor_low']:g} to {p['factor_high']:g}"
    return f


def concept_drift(v: Stage2Variant) -> dict[str, str]:
    f = _common(v, "concept-drift")
    p = v.planted("concept-drift").params
    segments = v.segments()
    target = next(s for s in segments if s.values == {"region": p["region"], "contract_type": p["contract"]})
    peers = [s for s in segments if set(s.values) == {"region", "contract_type"}
             and s.values["contract_type"] == p["contract"] and s is not target]
    f["segment"] = f"{p['region']} region, {p['contract']} contracts"
    f["region"], f["contract"] = p["region"], p["contract"]
    f["segment_rows"] = f"{target.current_rows:,}"
    f["segment_churn_reference"] = pct(target.reference_rate)
    f["segment_churn_current"] = pct(target.current_rate)
    f["peers_churn_current"] = f"{100 * min(s.current_rate for s in peers):.0f}–{100 * max(s.current_rate for s in peers):.0f}%"
    f["peers_churn_reference"] = f"{100 * min(s.reference_rate for s in peers):.0f}–{100 * max(s.reference_rate for s in peers):.0f}%"
    f["segment_gap"] = f"{100 * target.gap:.0f}"
    in_ref = (v.reference["region"] == p["region"]) & (v.reference["contract_type"] == p["contract"])
    t = v.current.true
    in_cur = (t["region"] == p["region"]) & (t["contract_type"] == p["contract"]) & ~v.current.copy
    f["segment_flagged_reference"] = pct(float(v.reference["predicted_churn"][in_ref].mean()))
    f["segment_flagged_current"] = pct(float(v.current.rows["predicted_churn"][in_cur].mean()))
    f["segment_accuracy_reference"] = pct(accuracy(v.reference, in_ref))
    f["segment_accuracy_current"] = pct(accuracy(v.current.rows, in_cur))
    return f


def unit_change(v: Stage2Variant) -> dict[str, str]:
    f = _common(v, "unit-change")
    p = v.planted("unit-change")
    dates = _dates(v)
    after = dates >= p.params["first_day"]
    column = v.current.rows[p.column]
    f["affected_share"] = pct(float(after[~v.current.copy].mean()))
    digits = 2 if p.column == "monthly_charges_usd" else 1
    f["median_before"] = f"{_median(column[~after]):.{digits}f}"
    f["median_after"] = f"{_median(column[after]):,.0f}"
    f["median_reference"] = f"{_median(v.reference[p.column]):.{digits}f}"
    f["factor"] = f"{p.params['factor']:g}"
    f.update(effect_on_rows(v, "unit-change"))
    return f


def stale_feature(v: Stage2Variant) -> dict[str, str]:
    f = _common(v, "stale-feature")
    p = v.planted("stale-feature")
    frozen_from = dt.date.fromisoformat(p.params["frozen_from"])
    expired_from = frozen_from + dt.timedelta(days=p.params["ttl_days"])
    f["last_refresh"] = day(frozen_from - dt.timedelta(days=1))
    f["expired_from"] = day(expired_from)
    dates = _dates(v)
    column = v.current.rows[p.column]
    expired = dates >= expired_from.isoformat()
    f["zero_reference"] = pct(float((v.reference[p.column] == 0).mean()))
    f["zero_before"] = pct(float((column[dates < frozen_from.isoformat()] == 0).mean()))
    f["zero_expired"] = pct(float((column[expired] == 0).mean()))
    f["mean_before"] = f"{float(np.mean(column[dates < frozen_from.isoformat()])):.1f}"
    frozen = (dates >= frozen_from.isoformat()) & ~expired
    f["mean_frozen"] = f"{float(np.mean(column[frozen])):.1f}" if frozen.any() else "n/a"
    f.update(effect_on_rows(v, "stale-feature"))
    return f


def renamed_category(v: Stage2Variant) -> dict[str, str]:
    f = _common(v, "renamed-category")
    p = v.planted("renamed-category")
    column = v.current.rows[p.column]
    once = ~v.current.copy
    f["new_rows"] = f"{int((column[once] == p.params['new']).sum()):,}"
    f["old_share_reference"] = pct(float((v.reference[p.column] == p.params["old"]).mean()))
    dates = _dates(v)
    after = dates >= p.params["first_day"]
    f["old_after"] = str(int((column[after & once] == p.params["old"]).sum()))
    f.update(effect_on_rows(v, "renamed-category"))
    return f


def missing_values(v: Stage2Variant) -> dict[str, str]:
    f = _common(v, "missing-values")
    p = v.planted("missing-values")
    column = v.current.rows[p.column].astype(float)
    once = ~v.current.copy
    dates = _dates(v)
    after = dates >= p.params["first_day"]
    f["missing_current"] = pct(float(np.isnan(column[once]).mean()))
    f["missing_after"] = pct(float(np.isnan(column[once & after]).mean()))
    f["missing_reference"] = pct(float(np.isnan(v.reference[p.column].astype(float)).mean()))
    from .customers import TRAINING_MEDIAN

    f["median_filled"] = f"{TRAINING_MEDIAN[p.column]:g}"
    f.update(effect_on_rows(v, "missing-values"))
    return f


def duplicated_rows(v: Stage2Variant) -> dict[str, str]:
    f = _common(v, "duplicated-rows")
    p = v.planted("duplicated-rows").params
    first = dt.date.fromisoformat(p["first_day"])
    last = first + dt.timedelta(days=p["days"] - 1)
    f["last_day"] = day(last)
    f["days_span"] = (f"{first.day}–{last.day} {last.strftime('%B')}" if first.month == last.month
                      else f"{day(first)} to {day(last)}")
    dates = _dates(v)
    days, counts = np.unique(dates, return_counts=True)
    hit = (days >= first.isoformat()) & (days <= last.isoformat())
    f["rows_per_day_affected"] = f"{int(counts[hit].min())}–{int(counts[hit].max())}"
    f["rows_per_day_other"] = f"{int(np.median(counts[~hit]))}"
    f["extra_rows"] = f"{int(v.current.copy.sum()):,}"
    once = ~v.current.copy
    f["accuracy_deduplicated"] = pct(accuracy(v.current.rows, once))
    f["accuracy_as_logged"] = pct(accuracy(v.current.rows))
    f["rows_logged"] = f"{len(dates):,}"
    f["rows_unique"] = f"{int(once.sum()):,}"
    return f


def label_delay(v: Stage2Variant) -> dict[str, str]:
    f = _common(v, "label-delay")
    export = dt.date.fromisoformat(v.planted("label-delay").params["export_day"])
    immature_from = export - dt.timedelta(days=30)
    f["immature_from"] = day(immature_from + dt.timedelta(days=1))
    dates = _dates(v)
    early = dates < (immature_from + dt.timedelta(days=1)).isoformat()
    last_week = dates >= (dt.date(2026, 10, 25)).isoformat()
    churned = v.current.rows["churned"]
    f["churn_early"] = pct(float(churned[early].mean()))
    f["churn_last_week"] = pct(float(churned[last_week].mean()))
    mature = v.without("label-delay")
    f["churn_last_week_mature"] = pct(float(mature.rows["churned"][last_week].mean()))
    f["missing_churners"] = f"{int(mature.rows['churned'].sum() - churned.sum()):,}"
    f["accuracy_as_logged"] = pct(v.accuracy_current)
    f["accuracy_mature"] = pct(accuracy(mature.rows))
    gap = 100 * (accuracy(mature.rows) - v.accuracy_current)
    f["delay_effect"] = (f"makes the month look {abs(gap):.1f} points {'worse' if gap > 0 else 'better'} than it is"
                         if abs(gap) >= 0.05 else "hardly changes the month's figure")
    return f


CAUSE_FIGURES: dict[str, Callable[[Stage2Variant], dict[str, str]]] = {
    "covariate-shift": covariate_shift,
    "concept-drift": concept_drift,
    "unit-change": unit_change,
    "stale-feature": stale_feature,
    "renamed-category": renamed_category,
    "missing-values": missing_values,
    "duplicated-rows": duplicated_rows,
    "label-delay": label_delay,
}


def headline(v: Stage2Variant) -> dict[str, str]:
    """Figures of the whole variant, as the candidate's brief and the key's opening quote them."""
    ref_caught, ref_false = _rates(v.reference["churned"], v.reference["predicted_churn"])
    cur_caught, cur_false = _rates(v.current.rows["churned"], v.current.rows["predicted_churn"])
    return {
        "seed": str(v.seed),
        "reference_rows": f"{REFERENCE_ROWS:,}",
        "current_rows": f"{len(v.current.rows['churned']):,}",
        "accuracy_reference": pct(v.accuracy_reference),
        "accuracy_current": pct(v.accuracy_current),
        "accuracy_drop_points": points(v.accuracy_drop_points),
        "recall_reference": pct(ref_caught),
        "recall_current": pct(cur_caught),
        "false_alarm_reference": pct(ref_false),
        "false_alarm_current": pct(cur_false),
        "october_start": day(CURRENT_START),
    }
