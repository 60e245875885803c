"""Online scoring for the churn model: the API handler calls predict() once per request.

Try it:  python serve.py '{"tenure_months": 30, "contract_type": "Month-to-month",
                           "monthly_charges_usd": 70.5, "data_usage_gb": 12.0, "support_calls_30d": 2}'
"""

import json
import math
import sys

import registry

_model = None


def get_model():
    global _model
    if _model is None:
        _model = registry.load_production()
    return _model


def request_features(request):
    # Kept inline so the serving image does not need the training code.
    contract = request["contract_type"].strip().lower()
    return [
        1.0,
        request["tenure_months"] // 12,
        1.0 if contract == "month-to-month" else 0.0,
        1.0 if contract == "two-year" else 0.0,
        request["monthly_charges_usd"] / 100,
        math.log1p(request["data_usage_gb"]),
        float(request["support_calls_30d"]),
    ]


def predict(request):
    model = get_model()
    z = sum(w * x for w, x in zip(model["weights"], request_features(request)))
    probability = 1.0 / (1.0 + math.exp(-z))
    return {"churn_probability": round(probability, 4), "churn": probability >= model["threshold"]}


if __name__ == "__main__":
    print(json.dumps(predict(json.loads(sys.argv[1]))))
