"""Reading tables (CSV files) into typed columns: stdlib `csv` plus numpy, no pandas."""

from .csv_format import MISSING_MARKERS
from .csv_reader import read_csv, read_text_csv
from .table import Column, Table
from .labels import value_label

__all__ = ["MISSING_MARKERS", "Column", "Table", "read_csv", "read_text_csv", "value_label"]
