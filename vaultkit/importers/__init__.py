"""Parsers for third-party contact and calendar files (vCard, LinkedIn CSV, iCalendar).

Each parser is a pure function: it reads one file and returns plain records plus the
problems it met; merging the records into a vault is left to the caller.
"""
