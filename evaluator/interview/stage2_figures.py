"""The figures a stage-2 answer key quotes, computed from the variant's generated rows.

One function per cause id returns that cause's figures as display strings (the key's prose in
docs/data/stage2-causes.toml names them as {placeholders}). Effects on the model compare October
as generated with October rebuilt without the cause (same customers, same labels, same draws),
so a figure such as "flags 31% of the customers who stay, 12% with correct inputs" is about the
very rows the candidate has.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Callable

import numpy as np

from .stage2 import CURRENT_END, CURRENT_ROWS, CURRENT_START, REFERENCE_END, REFERENCE_ROWS, REFERENCE_START, Stage2Variant, accuracy

# A difference the key calls visible (a step, a sag, a fall) is one a two-sample test on the
# candidate's rows finds at this level (two-sided); a smaller one the key calls chance. The tests
# recompute every such verdict with scipy from the CSV text.
VISIBLE_P = 0.001
LAST_WEEK = dt.date(2026, 10, 25)


def pct(x: float, digits: int = 1) -> str:
    return f"{100 * x:.{digits}f}%"


def pct_range(values, digits: int = 0) -> str:
    """The smallest and largest of some shares as "10–14%"; one figure when both print alike."""
    low, high = (f"{100 * min(values):.{digits}f}", f"{100 * max(values):.{digits}f}")
    return f"{low}%" if low == high else f"{low}–{high}%"


def difference_p(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sided p-value for a difference in means between two samples (Welch's z, normal tail).

    With a 0/1 sample this is the unpooled two-proportion z-test. The samples here hold hundreds
    of rows or more, where the normal tail and Student's t agree closely.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.size < 2 or b.size < 2:
        return 1.0
    se = math.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
    if se == 0:
        return 1.0 if a.mean() == b.mean() else 0.0
    return math.erfc(abs(a.mean() - b.mean()) / se / math.sqrt(2))


def visible(a: np.ndarray, b: np.ndarray) -> bool:
    return difference_p(a, b) < VISIBLE_P


def points(x: float) -> str:
    """A signed amount of accuracy in percentage points, as the key prints it."""
    return f"{x:.1f}"


def day(iso: str | dt.date) -> str:
    d = dt.date.fromisoformat(iso) if isinstance(iso, str) else iso
    return f"{d.day} {d.strftime('%B')}"


def _dates(v: Stage2Variant) -> np.ndarray:
    return v.current.rows["scored_on"]


def _once(v: Stage2Variant) -> np.ndarray:
    """October's rows, each counted once: the log's second copies (duplicated rows) left out."""
    return ~v.current.copy


def _rates(label: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    """Catch rate (share of churners flagged) and false-alarm rate (share of stayers flagged)."""
    label, predicted = label == 1, predicted == 1
    caught = (label & predicted).sum() / max(label.sum(), 1)
    false_alarm = (~label & predicted).sum() / max((~label).sum(), 1)
    return float(caught), float(false_alarm)


def effect_on_rows(v: Stage2Variant, cause: str) -> dict[str, str]:
    """Catch and false-alarm rates on the rows a cause touched, as served and with correct inputs."""
    rows = v.current.touched[cause] & _once(v)
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


def _numbers(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    return values[~np.isnan(values)]


def _median(values: np.ndarray) -> float:
    return float(np.median(_numbers(values)))


def _amount(x: float, column: str) -> str:
    return f"{x:.1f} GB" if column == "data_usage_gb" else f"{x:.2f} USD"


def covariate_shift(v: Stage2Variant) -> dict[str, str]:
    f = _common(v, "covariate-shift")
    column = v.planted("covariate-shift").column
    once = _once(v)
    dates = _dates(v)[once]
    ref, cur = _numbers(v.reference[column]), v.current.rows[column][once].astype(float)
    f["median_reference"] = _amount(_median(ref), column)
    f["median_current"] = _amount(_median(cur), column)
    first_week = dates < (CURRENT_START + dt.timedelta(days=7)).isoformat()
    week = f"a median of {_amount(_median(cur[first_week]), column)}"
    f["first_week"] = (f"from the start of October (its first week alone has {week})" if visible(ref, cur[first_week])
                       else f"over the month, though its first week alone, with {week}, is within chance of the reference")
    half = dates < (CURRENT_START + dt.timedelta(days=16)).isoformat()
    halves = (f"median {_amount(_median(cur[half]), column)} in October's first half and "
              f"{_amount(_median(cur[~half]), column)} in its second")
    f["within_month"] = (f"a further step inside the month ({halves})" if visible(cur[half], cur[~half])
                         else f"no step inside the month ({halves})")
    f["tail_reference"] = _amount(float(np.quantile(ref, 0.9)), column)
    f["tail_current"] = _amount(float(np.quantile(cur, 0.9)), column)
    deciles = np.arange(1, 10) / 10
    ratios = np.quantile(cur, deciles) / np.quantile(ref, deciles)
    low, high = f"{ratios.min():.2f}", f"{ratios.max():.2f}"
    f["decile_ratios"] = low if low == high else f"{low}–{high}"
    without = v.without("covariate-shift")
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
    f["peers_churn_current"] = pct_range([s.current_rate for s in peers])
    f["peers_churn_reference"] = pct_range([s.reference_rate for s in peers])
    f["segment_gap"] = f"{100 * target.gap:.0f}"
    in_ref_rows = (v.reference["region"] == p["region"]) & (v.reference["contract_type"] == p["contract"])
    t_once = _once(v) & (v.current.true["region"] == p["region"]) & (v.current.true["contract_type"] == p["contract"])
    f["stands_out"] = ("With labels it stands out" if visible(v.reference["churned"][in_ref_rows],
                                                              v.current.rows["churned"][t_once])
                       else "With labels it shows, though only just beyond what chance could do")
    in_ref = (v.reference["region"] == p["region"]) & (v.reference["contract_type"] == p["contract"])
    t = v.current.true
    in_cur_all = (t["region"] == p["region"]) & (t["contract_type"] == p["contract"])
    in_cur = in_cur_all & _once(v)
    f["segment_share_reference"] = pct(float(in_ref.mean()))
    f["segment_share_current"] = pct(float(in_cur.sum() / _once(v).sum()))
    f["segment_flagged_reference"] = pct(float(v.reference["predicted_churn"][in_ref].mean()))
    f["segment_flagged_current"] = pct(float(v.current.rows["predicted_churn"][in_cur].mean()))
    score = v.current.rows["churn_score"][in_cur]
    f["segment_score_current"] = f"{float(score.mean()):.2f}"
    # Under-predicting is visible when churn minus score, row by row, is above 0 beyond chance; an
    # input fault that raises the scores (charges in cents) can hide it on this month's rows.
    churned = v.current.rows["churned"][in_cur].astype(float)
    if visible(churned - score, np.zeros(2)) and churned.mean() > score.mean():
        f["segment_underpredicts"] = "it has not seen the change, so it under-predicts churn in the segment"
    else:
        f["segment_underpredicts"] = ("it has not seen the change, but the input faults above raise its scores "
                                      "there too, so on this month's rows it does not under-predict beyond "
                                      "chance: the sign is the churn rate against the other regions")
    f["segment_accuracy_reference"] = pct(accuracy(v.reference, in_ref))
    f["segment_accuracy_current"] = pct(accuracy(v.current.rows, in_cur))
    return f


def unit_change(v: Stage2Variant) -> dict[str, str]:
    f = _common(v, "unit-change")
    p = v.planted("unit-change")
    once = _once(v)
    after = _dates(v) >= p.params["first_day"]
    column = v.current.rows[p.column]
    f["affected_share"] = pct(float(after[once].mean()))
    digits = 2 if p.column == "monthly_charges_usd" else 1
    f["median_before"] = f"{_median(column[~after & once]):.{digits}f}"
    f["median_after"] = f"{_median(column[after & once]):,.0f}"
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
    once = _once(v)
    dates = _dates(v)[once]
    column = v.current.rows[p.column][once].astype(float)
    expired = dates >= expired_from.isoformat()
    before = dates < frozen_from.isoformat()
    frozen = ~before & ~expired
    f["zero_reference"] = pct(float((v.reference[p.column] == 0).mean()))
    f["zero_before_expiry"] = pct(float((column[~expired] == 0).mean()))
    f["zero_expired"] = pct(float((column[expired] == 0).mean()))
    f["mean_before"] = f"{float(column[before].mean()):.2f}"
    f["mean_frozen"] = f"{float(column[frozen].mean()):.2f}"
    what = "the mean number of days since the last login" if p.column == "last_login_days" else "the mean count"
    numbers = f"{f['mean_before']} before {f['frozen_from']}, {f['mean_frozen']} from then until {f['expired_from']}"
    if visible(column[before], column[frozen]):
        f["frozen_phase"] = (f"Plotted by date, {what} sags while the feature is frozen ({numbers}), a fall "
                             f"well beyond chance, and then drops to 0 on {f['expired_from']}.")
    else:
        f["frozen_phase"] = (f"While the feature is frozen its values look like ordinary ones ({what} is "
                             f"{numbers}, a difference chance explains), so the freeze itself cannot be dated "
                             f"from the data: what shows is the drop to 0 on {f['expired_from']}.")
    f.update(effect_on_rows(v, "stale-feature"))
    return f


def renamed_category(v: Stage2Variant) -> dict[str, str]:
    f = _common(v, "renamed-category")
    p = v.planted("renamed-category")
    column = v.current.rows[p.column]
    once = _once(v)
    f["new_rows"] = f"{int((column[once] == p.params['new']).sum()):,}"
    f["old_share_reference"] = pct(float((v.reference[p.column] == p.params["old"]).mean()))
    after = _dates(v) >= p.params["first_day"]
    f["old_after"] = str(int((column[after & once] == p.params["old"]).sum()))
    f.update(effect_on_rows(v, "renamed-category"))
    return f


def missing_values(v: Stage2Variant) -> dict[str, str]:
    f = _common(v, "missing-values")
    p = v.planted("missing-values")
    column = v.current.rows[p.column].astype(float)
    once = _once(v)
    after = _dates(v) >= p.params["first_day"]
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
    low, high = int(counts[hit].min()), int(counts[hit].max())
    f["rows_per_day_affected"] = f"{low}" if low == high else f"{low}–{high}"
    f["rows_per_day_other"] = f"{int(np.median(counts[~hit]))}"
    f["extra_rows"] = f"{int(v.current.copy.sum()):,}"
    once = _once(v)
    f["accuracy_deduplicated"] = pct(accuracy(v.current.rows, once))
    f["accuracy_as_logged"] = pct(accuracy(v.current.rows))
    f["rows_logged"] = f"{len(dates):,}"
    f["rows_unique"] = f"{int(once.sum()):,}"
    return f


def label_delay(v: Stage2Variant) -> dict[str, str]:
    f = _common(v, "label-delay")
    export = dt.date.fromisoformat(v.planted("label-delay").params["export_day"])
    immature_from = export - dt.timedelta(days=29)
    f["immature_from"] = day(immature_from)
    once = _once(v)
    dates = _dates(v)[once]
    early = dates < immature_from.isoformat()
    last_week = dates >= LAST_WEEK.isoformat()
    churned = v.current.rows["churned"][once]
    flagged = v.current.rows["predicted_churn"][once]
    f["churn_early"] = pct(float(churned[early].mean()))
    f["churn_last_week"] = pct(float(churned[last_week].mean()))
    f["churn_trend"] = ("falls through the end of the month" if visible(churned[early], churned[last_week])
                        and churned[last_week].mean() < churned[early].mean()
                        else "does not fall by more than chance allows")
    flags = f"goes from {pct(float(flagged[early].mean()))} to {pct(float(flagged[last_week].mean()))}"
    if not visible(flagged[early], flagged[last_week]):
        f["flag_trend"] = f"the model's flag rate {flags}, a change chance explains"
    else:
        way = "falls" if flagged[last_week].mean() < flagged[early].mean() else "rises"
        f["flag_trend"] = (f"the model's flag rate {flags}: it {way} too, because the input faults above "
                           "change what the model is served late in the month")
    mature = v.without("label-delay")
    mature_once = ~mature.copy
    mature_last_week = mature.rows["scored_on"][mature_once] >= LAST_WEEK.isoformat()
    f["churn_last_week_mature"] = pct(float(mature.rows["churned"][mature_once][mature_last_week].mean()))
    f["missing_churners"] = f"{int(mature.rows['churned'][mature_once].sum() - churned.sum()):,}"
    f["accuracy_as_logged"] = pct(accuracy(v.current.rows, once))
    f["accuracy_mature"] = pct(accuracy(mature.rows, mature_once))
    gap = 100 * (accuracy(mature.rows, mature_once) - accuracy(v.current.rows, once))
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

# The scoring log's sampling rate, by design (the brief states it): rows a day in each window.
REFERENCE_PER_DAY = REFERENCE_ROWS / ((REFERENCE_END - REFERENCE_START).days + 1)
CURRENT_PER_DAY = CURRENT_ROWS / ((CURRENT_END - CURRENT_START).days + 1)


def headline(v: Stage2Variant) -> dict[str, str]:
    """Figures of the whole variant, as the candidate's brief and the key's opening quote them."""
    ref_caught, ref_false = _rates(v.reference["churned"], v.reference["predicted_churn"])
    cur_caught, cur_false = _rates(v.current.rows["churned"], v.current.rows["predicted_churn"])
    return {
        "seed": str(v.seed),
        "reference_rows": f"{REFERENCE_ROWS:,}",
        "current_rows": f"{len(v.current.rows['churned']):,}",
        "reference_per_day": f"{REFERENCE_PER_DAY:.0f}",
        "current_per_day": f"{CURRENT_PER_DAY:.0f}",
        "accuracy_reference": pct(v.accuracy_reference),
        "accuracy_current": pct(v.accuracy_current),
        "accuracy_drop_points": points(v.accuracy_drop_points),
        "recall_reference": pct(ref_caught),
        "recall_current": pct(cur_caught),
        "false_alarm_reference": pct(ref_false),
        "false_alarm_current": pct(cur_false),
        "churn_reference": pct(float(v.reference["churned"].mean())),
        "churn_current": pct(float(v.current.rows["churned"].mean())),
        "flag_reference": pct(float(v.reference["predicted_churn"].mean())),
        "flag_current": pct(float(v.current.rows["predicted_churn"].mean())),
        "october_start": day(CURRENT_START),
    }
