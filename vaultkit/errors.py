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


class WriteFailed(VaultkitError):
    """The system could not write into the vault (a read-only folder, a full disk); the
    write happens whole or not at all, so nothing was changed."""

    exit_code = 1

    def __init__(self, path: object, reason: str):
        super().__init__(f"cannot write {path}: {reason}; nothing was changed")
        self.path = path
        self.strerror = reason


class IndexUnwritable(VaultkitError):
    """The index in the cache folder cannot be written (a full disk, a read-only cache); the
    vault itself is only read, so nothing in it was changed."""

    exit_code = 1

    def __init__(self, path: object, reason: str):
        super().__init__(f"cannot write the index {path}: {reason}; free some space (or make "
                         "the folder writable) and run the command again; the vault was not changed")
        self.path = path
