"""One exception family; the CLI turns each into a message and an exit code."""

from __future__ import annotations


class VaultkitError(Exception):
    """Base error: its message says what went wrong and how to fix it."""

    exit_code = 2


class VaultNotFound(VaultkitError):
    """No vault given and none found upward from the current folder."""


class ConfigError(VaultkitError):
    """The vault's config file is invalid (message holds path:line)."""


class NotFound(VaultkitError):
    """A name given on the command line matches no note."""


class Ambiguous(VaultkitError):
    """A name given on the command line matches several notes."""


class WriteRefused(VaultkitError):
    """A write into the vault was refused to protect the user's text."""


class UsageError(VaultkitError):
    """The command was called with values that cannot work."""
