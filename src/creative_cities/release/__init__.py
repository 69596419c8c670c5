"""Release files built from a validated package: zip, JSON, SQLite, XLSX, Parquet, checksums.

``build.build()`` writes them; ``formats.FORMATS`` names them without importing any writer.
"""
