"""The index's tables: their statements, the schema version, and the silent rebuild.

An index made by another schema, another version of vaultkit or another config
is emptied and made again when opened, without a word: it is a cache of the
files, and the next refresh reads them all.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3

SCHEMA_VERSION = 12
# larger pages than SQLite's 4 KiB: fewer pages to write, copy and checkpoint in a build
# (0.05 to 0.08 s of a 1.1 s first build of 13,000 notes), no slower for queries
PAGE_SIZE = 16384

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE notes(path TEXT, mtime_ns INTEGER, size INTEGER, inode INTEGER,
    kind TEXT, name TEXT, date TEXT, data TEXT, body TEXT);
CREATE UNIQUE INDEX notes_path ON notes(path);
CREATE INDEX notes_generated ON notes(path) WHERE body IS NULL;
CREATE INDEX notes_unread ON notes(path) WHERE mtime_ns = -1;
CREATE TABLE keys(key TEXT, path TEXT, rank INTEGER);
CREATE INDEX keys_key ON keys(key);
CREATE INDEX keys_path ON keys(path);
CREATE TABLE edges(src TEXT, key TEXT, target TEXT, line INTEGER, field TEXT, date TEXT, dst TEXT);
CREATE INDEX edges_src ON edges(src);
CREATE INDEX edges_dst ON edges(dst, date, src);
CREATE TABLE sections(path TEXT, date TEXT, title TEXT, text TEXT, line INTEGER);
CREATE INDEX sections_path ON sections(path, date);
CREATE TABLE tasks(path TEXT, line INTEGER, text TEXT, done INTEGER, due TEXT, links TEXT);
CREATE INDEX tasks_path ON tasks(path);
CREATE INDEX tasks_due ON tasks(due, path, line);
CREATE INDEX tasks_open ON tasks(due, done) WHERE done = 0;
CREATE TABLE contacts(path TEXT, name TEXT, norm TEXT, is_me INTEGER,
    emails TEXT, linkedin TEXT, companies TEXT, tags TEXT, cadence_days INTEGER,
    birthday TEXT, follow_up TEXT, snooze TEXT, last_contact TEXT, lang TEXT, met TEXT, role TEXT,
    needs TEXT, offers TEXT, interests TEXT, knows TEXT, remind_before INTEGER, dates TEXT, reach INTEGER);
CREATE UNIQUE INDEX contacts_path ON contacts(path);
CREATE INDEX contacts_brief ON contacts(path, is_me, norm, needs, offers, tags, last_contact);
CREATE INDEX contacts_tags ON contacts(tags, is_me);
CREATE TABLE events(path TEXT, title TEXT, date TEXT, end_date TEXT,
    kind TEXT, status TEXT, rrule TEXT, follow_ups INTEGER);
CREATE UNIQUE INDEX events_path ON events(path);
CREATE INDEX events_date ON events(date);
CREATE TABLE problems(path TEXT, line INTEGER, message TEXT, level TEXT);
CREATE INDEX problems_path ON problems(path);
CREATE VIRTUAL TABLE fts USING fts5(path UNINDEXED, name, body,
    tokenize='unicode61 remove_diacritics 2');
CREATE TABLE search_stale(path TEXT PRIMARY KEY);
CREATE TABLE captured(path TEXT, hash TEXT);
CREATE INDEX captured_path ON captured(path);
CREATE TABLE changes(seq INTEGER, path TEXT, what TEXT, linked TEXT);
CREATE INDEX changes_seq ON changes(seq);
"""
# `contacts_brief` holds the few columns read of everyone or of many, in path order: what the
# network of needs and offers reads (``Reads.network_people``: no pass over the wide rows, no
# sort) and the `last_contact` field (``Reads.last_contacts_of``); `contacts_tags` the
# distinct lists of tags and who holds one (`list contacts --tag`)
# `edges_dst` holds `src`: the latest dated link to someone from another note is read from
# the index alone (``Reads.last_contacts_of``)
# `notes_generated` and `notes_unread` hold a few rows: counted without a pass over the notes
# (0.1 s at 130,000 notes); `tasks_open` counts the open tasks due by a day without reading the
# tasks (0.5 s at 100,000 contacts: the agenda's tasks section, made again after a task changed)
# table indexes by name (unique ones instead of primary keys: a first build makes them all
# after the rows, and SQLite copies rows between tables without indexes record by record)
INDEXES = {stmt.split(" INDEX ")[1].split()[0]: stmt.strip()
           for stmt in SCHEMA.split(";") if " INDEX " in stmt}
# each table's statement, without its indexes (for the workers' files)
TABLES = {stmt.split("(", 1)[0].split()[-1]: stmt.strip()
          for stmt in SCHEMA.split(";") if "CREATE TABLE" in stmt}
# Tables filled from each note's rows; `edges` (resolved links) and `fts` (built on the
# first search after a change) are derived from them.
ROW_TABLES = ("notes", "keys", "sections", "tasks", "contacts", "events", "problems", "captured")
ALL_TABLES = (*ROW_TABLES, "edges")


def stamp(app_version: str, config_fingerprint: str) -> str:
    """What an index must have been made by to be used as it is: this schema, this version
    of vaultkit, this config."""
    schema = hashlib.sha1(SCHEMA.encode()).hexdigest()[:8]
    return f"{SCHEMA_VERSION}:{schema}:{app_version}:{config_fingerprint}"


def ensure_schema(db: sqlite3.Connection, want: str) -> None:
    """Make the tables again, empty, unless the index was made with the stamp ``want``."""
    if _stamp_of(db) == want:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        if _stamp_of(db) != want:  # another process may have made them meanwhile
            tables = [r[0] for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'fts_%'")]
            for name in tables:
                db.execute(f'DROP TABLE IF EXISTS "{name}"')
            for stmt in SCHEMA.strip().split(";"):
                if stmt.strip():
                    db.execute(stmt)
            db.execute("INSERT INTO meta VALUES ('version', ?)", (want,))
        db.execute("COMMIT")
    except BaseException:
        rollback(db)
        raise


def rollback(db: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not ended it itself (it does on a full disk)."""
    if db.in_transaction:
        db.execute("ROLLBACK")


def _stamp_of(db: sqlite3.Connection) -> str | None:
    with contextlib.suppress(sqlite3.DatabaseError):  # no such table, or not a database
        row = db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        return row[0] if row else None
    return None
