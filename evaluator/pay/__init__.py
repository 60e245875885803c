"""Pay for MLOps roles: compensation ranges by level and market with their sources, where in a band
to offer, and the pay-transparency rules for adverts."""

from .compensation import Compensation, Level, Market, PayRange, Source, load_compensation, parse_compensation

__all__ = ["Compensation", "Level", "Market", "PayRange", "Source", "load_compensation", "parse_compensation"]
