"""Reading tables (CSV files) into typed columns: stdlib `csv` plus numpy, no pandas."""

from .csv_reader import MISSING_MARKERS, Column, Table, read_csv

__all__ = ["MISSING_MARKERS", "Column", "Table", "read_csv"]
