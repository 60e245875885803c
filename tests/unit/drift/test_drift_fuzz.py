"""Whatever the bytes, drift_report answers with a report or an input error, never a Python error."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluator import dispatch

cells = st.sampled_from(["", "1", "2.5", "-3", "1e3", "NA", "nan", "inf", "-inf", "a", "b", "yes", "no", '"x,y"', '"q""r"', " 7 ", "id", "3,5"])
rows = st.lists(cells, min_size=1, max_size=5).map(lambda r: ",".join(r))
csv_text = st.lists(rows, min_size=0, max_size=30).map(lambda rs: "\n".join(rs))
delimited = st.tuples(csv_text, st.sampled_from([",", ";", "\t"])).map(lambda t: t[0].replace(",", t[1]).encode())
raw = st.binary(max_size=200)
# well-formed files with a header and odd values: these reach the metrics
body = st.lists(st.lists(cells, min_size=3, max_size=3).map(lambda r: ",".join(r)), min_size=2, max_size=40)
headed = body.map(lambda rs: ("a,b,id\n" + "\n".join(rs)).encode())
options = st.one_of(
    st.none(),
    st.just({"preset": "evidently"}),
    st.just({"binning": {"method": "equal-width", "bins": 3}}),
    st.just({"epsilon": 0, "log_base": 2}),
    st.just({"headline": "psi"}),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(headed, delimited, raw), st.one_of(headed, delimited, raw), options)
def test_never_a_python_error(ref, cur, opts):
    reply = dispatch.call("drift_report", {"reference": ref, "current": cur, "options": opts})
    if not reply["ok"]:
        assert reply["error"]["kind"] == "input", reply["error"]
        assert reply["error"]["message"]
    else:
        json.dumps(reply["result"], allow_nan=False)
        assert reply["result"]["columns"]
