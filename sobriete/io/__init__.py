"""Input and output: the only layer where files are read or written and strings become units."""
