"""The figures the published stage-2 answer key quotes, computed from the generated rows.

The key page writes ``%stage2.NAME%`` where a figure goes; the build fills each one from
`key_figures`, so the key can never disagree with the files a candidate downloads.
"""

from __future__ import annotations

import numpy as np

from ..drift import resolve
from ..drift.report import compare_files
from ..performance import classification_summary, compare_windows
from . import stage2
from .stage2 import Stage2Dataset


def key_figures(data: Stage2Dataset) -> dict[str, str]:
    """The figures the stage-2 answer key quotes (``%stage2.NAME%`` in the pages), from the rows."""
    ref, cur = data.reference, data.current
    perf = compare_windows(data.reference_csv, data.current_csv, "churned", "predicted_churn",
                           ("region", "contract_type"))
    seg = next(s for s in perf["segments"] if s["values"] == stage2.CONCEPT_SEGMENT)
    others = [s for s in perf["segments"] if s["values"]["contract_type"] == "month-to-month" and s is not seg]
    dates = cur["scored_on"]
    cents = dates >= stage2.UNIT_CHANGE_DATE.isoformat()
    expired_from = (stage2.STALE_SINCE + stage2.dt.timedelta(days=stage2.STALE_TTL_DAYS)).isoformat()
    expired = dates >= expired_from

    def window(rows, mask=None):
        label, predicted = rows["churned"] == 1, rows["predicted_churn"] == 1
        if mask is not None:
            label, predicted = label[mask], predicted[mask]
        summary = classification_summary(label, predicted)
        c = summary["confusion"]
        return summary["recall"], c["fp"] / (c["fp"] + c["tn"])

    stale_only = (dates >= expired_from) & ~cents
    recall_ref, false_alarm_ref = window(ref)
    recall_stale_only, _ = window(cur, stale_only)
    _, false_alarm_cents = window(cur, cents)

    drift = {c["name"]: c["headline"] for c in compare_files(data.reference_csv.encode(), data.current_csv.encode(), resolve(None))["columns"]}
    untouched = [drift[n] for n in ("region", "contract_type", "payment_method", "tenure_months", "support_calls_30d")]

    def headline(name: str) -> str:
        h = drift[name]
        return f"{h['label']} {h['value']:.2f} ({'drift' if h['drifted'] else 'no drift'}; threshold {h['threshold']:g})"

    def pct(x: float) -> str:
        return f"{100 * x:.1f}%"

    def day(d) -> str:
        return f"{d.day} {d.strftime('%B')} {d.year}"

    return {
        "seed": str(data.seed),
        "reference_rows": f"{len(ref['churned']):,}",
        "current_rows": f"{len(cur['churned']):,}",
        "accuracy_reference": pct(perf["reference"]["accuracy"]),
        "accuracy_current": pct(perf["current"]["accuracy"]),
        "accuracy_drop_points": f"{-100 * perf['accuracy_change']:.1f}",
        "recall_reference": pct(perf["reference"]["recall"]),
        "recall_current": pct(perf["current"]["recall"]),
        "unit_change_date": day(stage2.UNIT_CHANGE_DATE),
        "cents_share": pct(cents.mean()),
        "charges_median_before": f"{np.median(cur['monthly_charges_usd'][~cents]):.2f}",
        "charges_median_after": f"{np.median(cur['monthly_charges_usd'][cents]):,.0f}",
        "charges_median_reference": f"{np.median(ref['monthly_charges_usd']):.2f}",
        "stale_since": day(stage2.STALE_SINCE),
        "stale_ttl_days": str(stage2.STALE_TTL_DAYS),
        "stale_expired_from": day(stage2.dt.date.fromisoformat(expired_from)),
        "login_zero_reference": pct((ref["last_login_days"] == 0).mean()),
        "login_zero_current": pct((cur["last_login_days"] == 0).mean()),
        "login_zero_expired": pct((cur["last_login_days"][expired] == 0).mean()),
        "usage_median_reference": f"{np.median(ref['data_usage_gb']):.1f}",
        "usage_median_current": f"{np.median(cur['data_usage_gb']):.1f}",
        "unlimited_share": f"{100 * stage2.UNLIMITED_PLAN_SHARE:.0f}%",
        "segment_churn_reference": pct(seg["reference"]["positive_rate"]),
        "segment_churn_current": pct(seg["current"]["positive_rate"]),
        "segment_predicted_reference": pct(seg["reference"]["predicted_positive_rate"]),
        "segment_predicted_current": pct(seg["current"]["predicted_positive_rate"]),
        "segment_accuracy_reference": pct(seg["reference"]["accuracy"]),
        "segment_accuracy_current": pct(seg["current"]["accuracy"]),
        "false_alarm_reference": pct(false_alarm_ref),
        "false_alarm_cents": pct(false_alarm_cents),
        "recall_stale_only": pct(recall_stale_only),
        "stale_only_last_day": day(stage2.UNIT_CHANGE_DATE - stage2.dt.timedelta(days=1)),
        "drift_charges": headline("monthly_charges_usd"),
        "drift_login": headline("last_login_days"),
        "drift_usage": headline("data_usage_gb"),
        "drift_untouched_max": f"{max(h['value'] for h in untouched):.3f}",
        "drift_untouched_flagged": str(sum(h["drifted"] for h in untouched)),
        "other_mtm_churn_range": (
            f"{100 * min(s['current']['positive_rate'] for s in others):.0f}–"
            f"{100 * max(s['current']['positive_rate'] for s in others):.0f}%"
        ),
    }
