"""A tiny comparison run once after the evaluator loads, so the reader's first real one is quick.

In the browser, the first comparison spends most of its time importing numpy's and scipy's modules
(scipy.stats alone takes seconds in Pyodide); running the same code once on a few rows, while the
reader is still choosing files, moves that cost out of their way.
"""

from __future__ import annotations

# Numeric, categorical and boolean columns, a date column for the split, a label and a prediction:
# every code path of a lab comparison that imports something.
REFERENCE = b"""day,amount,plan,active,label,prediction
2026-01-05,10.5,basic,yes,1,1
2026-01-06,12.0,plus,no,0,0
2026-01-07,9.75,basic,yes,0,1
2026-01-08,11.25,pro,no,1,1
2026-01-09,10.0,basic,yes,0,0
2026-01-12,13.5,plus,no,1,0
"""
CURRENT = b"""day,amount,plan,active,label,prediction
2026-02-02,14.5,plus,yes,1,1
2026-02-03,15.0,pro,no,0,0
2026-02-04,13.75,plus,yes,1,0
2026-02-09,16.25,pro,no,1,1
2026-02-10,15.5,basic,yes,0,0
2026-02-11,14.0,plus,no,0,1
"""
OPTIONS = {"by": ["day"], "period": "week"}
PERFORMANCE = {"label": "label", "prediction": "prediction"}

# A numeric column with more distinct values than a profile keeps one by one (bucket mode), so the
# warm-up also runs a comparison from a drift profile with its error bounds.
BUCKET_REFERENCE = ("x\n" + "".join(f"{i * 1.0009765625:.10g}\n" for i in range(4200))).encode()
BUCKET_CURRENT = ("x\n" + "".join(f"{i * 1.0009765625 + 7:.10g}\n" for i in range(4200))).encode()
