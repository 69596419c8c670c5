"""The release formats, importable without loading any writer or the validator."""

FORMATS = ("zip", "json", "geojson", "sqlite", "xlsx", "parquet")
