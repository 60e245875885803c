"""How one stage-3 variant writes its pipeline: names, constants, order and helper shapes, drawn
from the whole seed (and a private pack's hash), apart from which faults are planted.

Without this, the candidate's code would depend only on the faults drawn (a few hundred
combinations), and a candidate could find a seed that writes the same code by searching the
public generator, then read that seed's key. With it, two seeds share little more than the code
any such pipeline needs (tests/unit/interview/test_stage3_uniqueness.py measures how much).
Nothing drawn here changes what a planted fault does or what the key says about it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

# {{name}} marks of the templates -> the words a variant may use for them. Every word is a name a
# team could have chosen; none hints at a fault.
NAME_CHOICES: dict[str, tuple[str, ...]] = {
    "feature_names": ("FEATURE_NAMES", "FEATURES", "FEATURE_ORDER", "MODEL_INPUTS"),
    "build_features": ("build_features", "make_features", "featurize", "to_feature_vector", "customer_features"),
    "request_features": ("request_features", "serving_features", "features_for_request", "vectorize_request"),
    "read_request": ("read_request", "parse_request", "validated_request", "request_fields"),
    "get_model": ("get_model", "current_model", "loaded_model", "model_in_use"),
    "log_prediction": ("log_prediction", "record_prediction", "emit_prediction"),
    "load_production": ("load_production", "production_model", "read_production", "load_live_model"),
    "load_production_or_none": ("load_production_or_none", "production_model_if_any", "maybe_load_production"),
    "save_version": ("save_version", "register", "store_version", "archive_model"),
    "promote": ("promote", "set_production", "make_live", "publish"),
    "registry_dir": ("REGISTRY_DIR", "MODEL_STORE", "REGISTRY_ROOT", "MODELS_DIR", "STORE_DIR", "BASE"),
    "registry_folder": ("registry", "model_registry", "models", "model_store"),
    "version_prefix": ("model-", "churn-", "v", "churn-model-"),
    "stamp": ("%Y%m%d-%H%M%S", "%Y%m%dT%H%M%S", "%Y-%m-%d_%H%M%S", "%y%m%d%H%M%S"),
    "indent": ("2", "4", "1"),
    "logger": ("churn.predictions", "churn.scoring", "scoring", "churn_model.serving"),
    "data_path": ("DATA_PATH", "EXPORT_PATH", "CSV_PATH", "TRAINING_FILE"),
    "seed_name": ("SEED", "RANDOM_SEED", "TRAIN_SEED", "RNG_SEED"),
    "learning_rate": ("LEARNING_RATE", "STEP_SIZE", "LR", "ALPHA"),
    "epochs": ("EPOCHS", "N_EPOCHS", "PASSES", "NUM_EPOCHS"),
    "batch_size": ("BATCH_SIZE", "BATCH", "MINIBATCH", "ROWS_PER_STEP"),
    "holdout": ("HOLDOUT", "VALIDATION_SHARE", "VAL_FRACTION", "HOLDOUT_SHARE"),
    "min_accuracy_const": ("MIN_VAL_ACCURACY", "MIN_ACCURACY", "ACCURACY_BAR", "PROMOTION_ACCURACY"),
    "load_rows": ("load_rows", "read_export", "read_rows", "load_export"),
    "sigmoid": ("sigmoid", "logistic", "expit", "squash", "inv_logit", "to_probability"),
    "fit": ("train", "fit", "gradient_descent", "fit_weights"),
    "log_loss": ("log_loss", "cross_entropy", "mean_log_loss", "bce"),
    "refusal": ("refusal", "promotion_blocker", "why_not_promote", "reason_to_refuse"),
    "model_name": ("churn", "churn-model", "customer-churn", "churn-lr"),
    "f_bias": ("bias", "intercept", "constant"),
    "row": ("row", "record", "customer", "r", "entry", "line"),
    "rows": ("rows", "records", "customers", "export_rows", "data", "table"),
    "req": ("request", "payload", "req", "body", "fields", "incoming"),
    "contract": ("contract", "plan", "contract_kind", "kind", "term", "contract_name"),
    "cache": ("_model", "_cached_model", "_production", "_loaded", "_live_model", "_MODEL"),
    "answer": ("answer", "result", "response", "out", "reply", "scored"),
    "prob": ("probability", "p", "score", "churn_p", "risk", "prob"),
    "w": ("weights", "w", "coef", "theta", "beta", "params"),
    "val_acc": ("val_accuracy", "accuracy", "val_acc", "holdout_accuracy", "acc", "validation_accuracy"),
    "readme_data": ("the customer export the model trains on (refreshed every night)",
                    "nightly customer export; training reads it", "the training data, overwritten by the nightly export"),
    "readme_features": ("feature engineering", "turns a customer record into model inputs", "the model's features"),
    "readme_train": ("trains a logistic regression and promotes it to production",
                     "fits the model (logistic regression) and releases it", "the nightly training job"),
    "readme_registry": ("a small file-based model registry", "keeps every trained model on disk", "model storage and promotion"),
    "readme_serve": ("online scoring: the API handler calls predict() once per request",
                     "the scoring service; the API calls predict() per request", "scores one request at a time with predict()"),
    "readme_run": ("Run it", "Usage", "How to run", "Running"),
    "readme_files": ("Files", "What is here", "Contents", "Layout"),
    "split_order": ("order", "perm", "shuffled", "idx", "positions", "permutation"),
    "meta": ("model", "artifact", "trained", "candidate", "model_info", "bundle"),
    "trained_key": ("trained_at", "created_at", "built_at", "timestamp"),
    "msg_promoted": ("saved {path.name} and promoted it to production", "promoted {path.name}",
                     "{path.name} is now in production", "released {path.name}"),
    "prod_dir": ("production", "live", "target", "prod"),
    "versions_dir": ("versions", "archive", "history", "kept"),
    "doc_promote": ("Make the model the one that serve.py loads.", "Put the model into production (serve.py loads it).",
                    "Release the model: serve.py picks it up on its next start."),
    "doc_save": ("Keep a copy of the model and return its path.", "Store this model among the versions; return the file.",
                 "Archive the model under the registry, returning where it went."),
    "readme_app": (
        'The app sends each request as the customer\'s account page shows it: contract_type is\n'
        '"Month-to-month", "One-year" or "Two-year"; the export writes it in lower case.',
        'Requests come from the app, with contract_type as shown to the customer ("Month-to-month",\n'
        '"One-year" or "Two-year"); the nightly export has it in lower case.',
        'Note: the app writes contract_type as displayed ("Month-to-month", "One-year", "Two-year"),\n'
        'while the export uses lower case.',
    ),
    "col_id": ("the customer's account id", "account id", "unique customer id"),
    "col_tenure": ("months since the customer joined", "tenure in months", "months as a customer"),
    "col_contract": ("month-to-month, one-year or two-year", "the contract: month-to-month, one-year, two-year",
                     "contract length (month-to-month / one-year / two-year)"),
    "col_charges": ("the last monthly bill, in US dollars", "monthly bill (USD)", "latest monthly charge in USD"),
    "col_usage": ("mobile data used in the last 30 days, in GB", "data used over the last 30 days (GB)",
                  "GB of mobile data in the past 30 days"),
    "col_calls": ("calls to customer support in the last 30 days", "support calls, last 30 days",
                  "number of support calls in the past 30 days"),
    "col_payment": ("days since the customer's last payment, as of the export", "days since the last payment (at export time)",
                    "how many days ago the customer last paid, when the export ran"),
    "col_churned": ("1 if the customer left within 30 days of the snapshot, else 0", "1 = left within 30 days of the export, 0 = stayed",
                    "churn label: 1 if the customer left in the 30 days after the snapshot"),
    "f_tenure": ("tenure_years", "years_as_customer", "tenure_in_years"),
    "f_monthly": ("is_month_to_month", "contract_monthly", "on_monthly_contract"),
    "f_two_year": ("is_two_year", "contract_two_year", "on_two_year_contract"),
    "f_charges": ("monthly_charges_100usd", "charges_hundreds", "bill_100usd"),
    "f_usage": ("log_data_usage_gb", "log_usage", "data_usage_log"),
    "f_calls": ("support_calls_30d", "support_calls", "recent_support_calls"),
    "f_payment": ("months_since_last_payment", "payment_gap_months", "months_unpaid"),
    "doc_features": (
        "Feature engineering for the churn model: one customer record in, one feature vector out.",
        "Model inputs: how a customer record becomes the numbers the churn model reads.",
        "Features of the churn model, built from one customer's record.",
    ),
    "doc_build_features": (
        "Turn a customer record (values as read from the CSV export) into model inputs.",
        "The model's inputs for one customer record, as read from the export.",
        "One row of the export in, one feature vector out.",
    ),
    "doc_serve": (
        "Online scoring for the churn model: the API handler calls predict() once per request.",
        "Scores one customer per request with the production churn model.",
        "The serving side of the churn model; the API calls predict() for each request.",
    ),
    "doc_registry": (
        "A minimal file-based model registry: every trained model is kept, one is in production.",
        "Model registry on the local disk: all versions are kept, one of them serves.",
        "Where trained churn models are kept, and which one is in production.",
    ),
    "doc_train": (
        "Train the churn model on the latest customer export and put it into production.",
        "Nightly training job: fit the churn model on the export and release it.",
        "Fits the churn model on the customer export, then hands it to the registry.",
    ),
    "readme_title": ("Churn model pipeline\n====================", "Customer churn model\n====================",
                     "churn-model\n===========", "Churn scoring: training and serving\n==================================="),
    "readme_intro": (
        "A small training-and-serving pipeline for a customer churn model, as a team might have it after\n"
        "its first year in production. It runs with Python 3.11 or later and numpy.",
        "The retention team's churn model: the nightly training job and the scoring service, as they\n"
        "stand after a year in production. Python 3.11 or later and numpy are all it needs.",
        "This folder holds the churn model's whole pipeline, from the nightly export to the scoring\n"
        "API. Requirements: Python 3.11+ and numpy.",
    ),
}
# Constants: each a list of values a team might have picked; none changes what a fault does.
VALUE_CHOICES: dict[str, tuple[str, ...]] = {
    # Steps and holdouts that train a sound first model (a larger step or a smaller holdout
    # sometimes fails the sound gate's log-loss check by noise: tests/unit/interview/test_stage3_interactions.py).
    "learning_rate_value": ("0.03", "0.04", "0.05", "0.06", "0.08"),
    "epochs_value": ("120", "150", "180", "200", "240", "300"),
    "batch_size_value": ("32", "48", "50", "64", "100", "128"),
    "holdout_value": ("0.3", "0.35", "0.4"),
    "init_scale": ("0.1", "0.01", "0.05"),
    # At most the no-skill accuracy of every export (its churn rate stays below 30%).
    "min_accuracy_value": ("0.6", "0.62", "0.65", "0.66", "0.68"),
    "churn_rate_range": ("(0.05, 0.6)", "(0.03, 0.5)", "(0.05, 0.5)", "(0.02, 0.6)", "(0.04, 0.55)"),
    "max_loss_increase": ("0.01", "0.005", "0.02", "0.015"),
    "example_contract": ("Month-to-month", "One-year", "Two-year"),
}
# Helper shapes: each flag switches one way of writing a helper for another that does the same.
STYLE_FLAGS = ("style.contract-map", "style.missing-loop", "style.log-helper", "style.rows-loop",
               "style.stable-sigmoid", "style.array-split")
EXPORT_ROWS = (560, 1001)  # the export's size: from 560 to 1,000 customers


@dataclass(frozen=True)
class Style:
    names: dict[str, str]
    flags: frozenset[str]
    rows: int
    words: tuple[int, ...]  # what seeds the order of every shuffle region

    def order(self, region: str, count: int) -> list[int]:
        """The order of a shuffle region's parts: the same region name gives the same order in
        every file (the export's columns and README's list of them agree)."""
        key = b"".join(w.to_bytes(4, "big") for w in self.words)
        return sorted(range(count), key=lambda i: hashlib.blake2b(f"{region}/{count}/{i}".encode(), key=key,
                                                                  digest_size=8).digest())


def draw_style(rng: np.random.Generator) -> Style:
    names = {key: str(choices[int(rng.integers(0, len(choices)))]) for key, choices in NAME_CHOICES.items()}
    names.update({key: str(choices[int(rng.integers(0, len(choices)))]) for key, choices in VALUE_CHOICES.items()})
    names["seed_value"] = str(int(rng.integers(10**7, 10**9)))
    flags = frozenset(f for f in STYLE_FLAGS if rng.random() < 0.5)
    rows = int(rng.integers(*EXPORT_ROWS))
    names["export_rows"] = f"{rows:,}"
    names["example_tenure"] = str(int(rng.integers(2, 72)))
    names["example_charges"] = f"{float(rng.integers(2000, 11000)) / 100:.2f}"
    names["example_usage"] = f"{float(rng.integers(5, 300)) / 10:.1f}"
    names["example_calls"] = str(int(rng.integers(0, 5)))
    names["example_payment"] = str(int(rng.integers(1, 30)))
    words = tuple(int(w) for w in rng.integers(0, 2**32, 4))
    return Style(names, flags, rows, words)


def plain_style() -> Style:
    """The first choice of everything, in the written order: for tests that read a fixed text."""
    names = {key: choices[0] for key, choices in {**NAME_CHOICES, **VALUE_CHOICES}.items()}
    names.update(seed_value="20260301", export_rows="600", example_tenure="30", example_charges="70.50",
                 example_usage="12.0", example_calls="2", example_payment="12")
    return _Plain(names, frozenset(), 600, (0, 0, 0, 0))


class _Plain(Style):
    def order(self, region: str, count: int) -> list[int]:
        return list(range(count))
