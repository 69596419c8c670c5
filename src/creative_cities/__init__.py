"""Open, sourced data about the UK's creative cities.

Importing the package reads nothing and imports nothing heavy: the data and
the validation machinery load on first use.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
