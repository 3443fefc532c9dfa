"""Exchanges captured from files on the machine (mail stores, chat and LinkedIn exports,
calendars) and recorded as dated headings in the contacts' notes (docs/capture.md)."""
