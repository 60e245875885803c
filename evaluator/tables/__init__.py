"""Reading tables (CSV files) into typed columns: stdlib `csv` plus numpy, no pandas."""

from .csv_reader import MISSING_MARKERS, Column, Table, read_csv
from .labels import value_label

__all__ = ["MISSING_MARKERS", "Column", "Table", "read_csv", "value_label"]
