"""Pay data for MLOps roles: the compensation ranges by level and market, with their source and date."""

from .compensation import Compensation, Level, Market, PayRange, load_compensation, parse_compensation

__all__ = ["Compensation", "Level", "Market", "PayRange", "load_compensation", "parse_compensation"]
