"""The static site: a map of every place and a page per record, built from the release files."""
