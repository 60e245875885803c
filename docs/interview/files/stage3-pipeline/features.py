"""Feature engineering for the churn model: one customer record in, one feature vector out."""

import math

FEATURE_NAMES = [
    "bias",
    "tenure_years",
    "is_month_to_month",
    "is_two_year",
    "monthly_charges_100usd",
    "log_data_usage_gb",
    "support_calls_30d",
]


def build_features(row):
    """Turn a customer record (values as read from the CSV export) into model inputs."""
    contract = row["contract_type"].strip().lower()
    return [
        1.0,
        float(row["tenure_months"]) / 12,
        1.0 if contract == "month-to-month" else 0.0,
        1.0 if contract == "two-year" else 0.0,
        float(row["monthly_charges_usd"]) / 100,
        math.log1p(float(row["data_usage_gb"])),
        float(row["support_calls_30d"]),
    ]
