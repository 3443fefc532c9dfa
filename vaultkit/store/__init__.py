"""The index: the SQLite cache of the parsed vault and every question asked of it."""
