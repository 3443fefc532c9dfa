"""Keeping the index and agenda fresh: the watcher and the background daemon."""
