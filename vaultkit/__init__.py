"""vaultkit: a networking assistant over a folder of markdown notes."""

__version__ = "0.1.0"
