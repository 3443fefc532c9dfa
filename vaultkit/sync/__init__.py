"""Keeping the vault in git."""
