"""A minimal file-based model registry: every trained model is kept, one is in production."""

import json
import time
from pathlib import Path

REGISTRY_DIR = Path(__file__).resolve().parent / "registry"


def save_version(model):
    """Keep a copy of the model under registry/versions/ and return its path."""
    versions = REGISTRY_DIR / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    path = versions / f"model-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 1000000:06d}.json"
    path.write_text(json.dumps(model, indent=2))
    return path


def promote(model):
    """Make the model the one that serve.py loads."""
    production = REGISTRY_DIR / "production"
    production.mkdir(parents=True, exist_ok=True)
    (production / "model.json").write_text(json.dumps(model, indent=2))


def load_production():
    return json.loads((REGISTRY_DIR / "production" / "model.json").read_text())
