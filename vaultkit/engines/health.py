"""Relationship health: every contact in a bucket (active, cooling, at risk, dormant, new),
with the reasons why, from their contacts, their cadence and the trend of the last 90 days.

The buckets, in the order they are decided (docs/health.md):
- ``new``: first met in the last ``NEW_DAYS`` days (never someone last seen before that);
- ``dormant``: no contact on record, or none for 3× their cadence or a year;
- ``at_risk``: past 1.5× their cadence; past their cadence with fewer contacts lately (the
  trend); an open task about them overdue (a promise); a job change nobody followed up on;
  never someone with a meeting booked in the next ``BOOKED_DAYS`` days (the agenda's rule,
  ``booked.booked_meetings``): cooling (past their cadence) or active, "meeting booked on DAY";
- ``cooling``: past their cadence;
- ``active``: within their cadence.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from vaultkit.engines.booked import booked_meetings
from vaultkit.engines.phrasing import elapsed, promise
from vaultkit.notes.jobs import read_job_change
from vaultkit.notes.values import DUE_RE, display, norm_key

if TYPE_CHECKING:
    from vaultkit.config import Config
    from vaultkit.store.index import Index
    from vaultkit.store.records import CadencedContact, OpenTask

BOOKED_DAYS = 7  # a meeting booked this many days ahead or less (the agenda's default horizon)
BUCKETS = ("at_risk", "cooling", "new", "active", "dormant")  # the order they are shown in
DEFAULT_CADENCE = 90  # days, for a contact without a cadence of their own, a tier or a tag's
NEW_DAYS = 30  # first met this many days ago or less: new
TREND_DAYS = 90  # the trend: contacts in the last 90 days against the 90 before
JOB_CHANGE_DAYS = 90  # a job change this recent, not followed up yet, is a reason
AT_RISK, DORMANT = 1.5, 3.0  # times the cadence
DORMANT_DAYS = 365
MONTHS = 12  # the chart of contacts per month
TOP = 10  # the most seen people
_CADENCE_WORDS = {7: "weekly", 14: "fortnightly", 30: "monthly", 60: "two-monthly", 90: "quarterly",
                  180: "half-yearly", 365: "yearly"}


@dataclass(slots=True)
class ContactHealth:
    """One contact's bucket and why."""

    contact: str
    path: str
    bucket: str
    last_contact: str | None
    first_met: str | None  # asked only of those who can be new (see ``build_health``): not in the JSON
    days_since: int | None  # days since the last contact
    cadence_days: int
    cadence_from: str  # cadence, tier NAME, tag TAG (VALUE), default
    ratio: float | None  # days since the last contact / cadence
    last_90: int  # days with a contact in the last 90 days
    previous_90: int  # ...and in the 90 before
    why: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"contact": self.contact, "path": self.path, "bucket": self.bucket,
                "last_contact": self.last_contact, "days_since": self.days_since,
                "cadence_days": self.cadence_days, "cadence_from": self.cadence_from, "ratio": self.ratio,
                "trend": {"last_90": self.last_90, "previous_90": self.previous_90}, "why": list(self.why)}


@dataclass(slots=True)
class Health:
    """The health of a network on a day: the count of each bucket (of the contacts the filters
    kept), the contacts of the buckets asked for, and what the charts of the note show."""

    date: str
    buckets: dict[str, int]
    contacts: list[ContactHealth]
    per_month: list[tuple[str, int]] = field(default_factory=list)  # (YYYY-MM, days with a contact)
    most_seen: list[tuple[str, str, int]] = field(default_factory=list)  # (name, path, days in a year)

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date, "buckets": dict(self.buckets),
                "contacts": [c.to_json() for c in self.contacts]}


def build_health(index: Index, config: Config, today: str, *, tags: Collection[str] = (),
                 companies: Collection[str] = (), buckets: Collection[str] = (),
                 paths: Collection[str] | None = None) -> Health:
    """Every contact but the user in a bucket, with reasons; only those with one of ``tags``
    and at one of ``companies`` (keys compared, a company by any part of its name) when given,
    and only those of ``paths`` when given. ``buckets`` keeps the contacts of those buckets in
    ``contacts`` (the counts are of all)."""
    day = dt.date.fromisoformat(today)
    people = [c for c in index.cadenced_contacts(paths) if not c.is_me and _kept(c, tags, companies)]
    year_start = _month_start(day, MONTHS - 1)
    since = min(year_start, day - dt.timedelta(days=2 * TREND_DAYS - 1)).isoformat()
    few = sorted({c.path for c in people}) if paths is not None else None  # read for them alone
    days = index.contact_days(since, today, few)
    last = index.last_contacts(today) if few is None else index.last_contacts_of(few, today)
    # only someone never contacted, or contacted in the last NEW_DAYS days, can be new
    recently = (day - dt.timedelta(days=NEW_DAYS)).isoformat()
    met = index.first_met(today, [c.path for c in people if last.get(c.path, "~") >= recently])
    sources = index.cadence_sources()
    wanted = {c.path for c in people}
    promises = _overdue(index, today, wanted, few is not None)
    jobs = _job_changes(index, day, wanted)
    booked = booked_meetings(index, today, (day + dt.timedelta(days=BOOKED_DAYS)).isoformat())
    recent = (day - dt.timedelta(days=TREND_DAYS - 1)).isoformat()
    before = (day - dt.timedelta(days=2 * TREND_DAYS - 1)).isoformat()
    rank = {b: n for n, b in enumerate(BUCKETS)}
    keyed = []
    for c in people:
        seen = days.get(c.path, ())
        start = bisect_left(seen, recent)
        last_90, previous_90 = len(seen) - start, start - bisect_left(seen, before)
        item = _judge(c, day, last.get(c.path), met.get(c.path), sources, last_90, previous_90,
                      promises.get(c.path, []), jobs.get(c.path), booked.get(c.path))
        keyed.append((rank[item.bucket], -(item.ratio or 0), c.name_key, c.path, item))
    counts = Counter(k[0] for k in keyed)
    keyed.sort(key=itemgetter(0, 1, 2, 3))
    shown = [k[4] for k in keyed if not buckets or k[4].bucket in buckets]
    return Health(today, {b: counts.get(n, 0) for n, b in enumerate(BUCKETS)}, shown,
                  _per_month(days, wanted, day), _most_seen(people, days, year_start.isoformat()))


def health_of(index: Index, config: Config, today: str, paths: Collection[str]) -> dict[str, ContactHealth]:
    """The health of the contacts of ``paths`` (never the user), by path: how warm the user's
    relationship with each is, with why (``reach`` ranks connectors by it)."""
    return {h.path: h for h in build_health(index, config, today, paths=paths).contacts}


def _kept(c: CadencedContact, tags: Collection[str], companies: Collection[str]) -> bool:
    """Whether a contact has one of ``tags`` and works at one of ``companies`` (when given)."""
    if tags:
        have = {norm_key(t) for t in c.tags}
        if not any(norm_key(t) in have for t in tags):
            return False
    if companies:
        names = [norm_key(x) for x in c.companies]
        if not any(norm_key(want) and norm_key(want) in name for want in companies for name in names):
            return False
    return True


def _judge(c: CadencedContact, day: dt.date, last: str | None, met: str | None, sources: dict[str, str],
           last_90: int, previous_90: int, promises: list[str], job: str | None,
           booked: tuple[str, str] | None = None) -> ContactHealth:
    cadence = c.cadence_days if c.cadence_days and c.cadence_days > 0 else DEFAULT_CADENCE
    source = sources.get(c.path, "cadence") if c.cadence_days and c.cadence_days > 0 else "default"
    since = (day - dt.date.fromisoformat(last)).days if last else None
    ratio = round(since / cadence, 2) if since is not None else None
    new_days = (day - dt.date.fromisoformat(met[:10])).days if met and _is_day(met) else None
    down = previous_90 >= 2 and last_90 * 2 <= previous_90
    trend = f"fewer contacts lately: {last_90} in the last 90 days, {previous_90} in the 90 before"
    pace = _cadence_words(cadence, source)
    extra = [*promises, *([job] if job else [])]
    why: list[str]
    if new_days is not None and 0 <= new_days <= NEW_DAYS:
        bucket, why = "new", [f"first met {_ago(new_days)}"]
    elif since is None:
        bucket, why = "dormant", ["no contact on record"]
    elif ratio is not None and (ratio >= DORMANT or since >= DORMANT_DAYS):
        bucket, why = "dormant", [f"no contact for {elapsed(since, 'en')} ({ratio:.1f}× {pace})"]
    elif ratio >= AT_RISK:
        bucket, why = "at_risk", [f"{ratio:.1f}× past {pace} ({since} days without contact)"]
    elif ratio >= 1 and down:
        bucket, why = "at_risk", [f"past {pace} ({since} days without contact)", trend]
        down = False
    elif extra:
        bucket = "at_risk"
        why = [f"{'past' if ratio >= 1 else 'within'} {pace} (last contact {_ago(since)})"]
    elif ratio >= 1:
        bucket, why = "cooling", [f"{ratio:.1f}× past {pace} ({since} days without contact)"]
    else:
        bucket, why = "active", [f"within {pace} (last contact {_ago(since)})"]
    if bucket == "at_risk" and booked is not None:  # already seeing them: not at risk
        bucket = "cooling" if ratio >= 1 else "active"
        why = [f"meeting booked on {booked[0]} ({booked[1]})",
               f"{ratio:.1f}× past {pace} ({since} days without contact)" if ratio >= 1
               else f"within {pace} (last contact {_ago(since)})"]
        down = False
    if down:
        why.append(trend)
    return ContactHealth(c.name, c.path, bucket, last, met[:10] if met else None, since, cadence, source, ratio,
                         last_90, previous_90, why + extra)


def _overdue(index: Index, today: str, wanted: set[str], few: bool = False) -> dict[str, list[str]]:
    """Per contact, what the most overdue open task about them (due before today) says, and
    how many more are overdue; with ``few``, the tasks about them are read alone."""
    day = dt.date.fromisoformat(today)
    yesterday = (day - dt.timedelta(days=1)).isoformat()
    tasks: dict[str, list[OpenTask]] = {}
    names: dict[str, str] = {}
    for task in index.open_tasks(sorted(wanted) if few else None, due_by=yesterday):  # the most overdue first
        for who in task.about:
            if who.path in wanted:
                tasks.setdefault(who.path, []).append(task)
                names[who.path] = who.name
    out: dict[str, list[str]] = {}
    for path, found in tasks.items():
        task = found[0]
        late = (day - dt.date.fromisoformat(task.due[:10])).days if task.due else 0
        text = " ".join(DUE_RE.sub("", task.text).split())
        name = names[path]
        said = promise(text, (name, name.split()[0] if name else ""))
        what = f"you promised “{said[1]}”" if said else f"“{display(text)}”"
        more = len(found) - 1
        out[path] = [f"{what}, due {_ago(late)}" + (f" (and {more} more overdue)" if more else "")]
    return out


def _job_changes(index: Index, day: dt.date, wanted: set[str]) -> dict[str, str]:
    """Per contact whose latest dated section of the last ``JOB_CHANGE_DAYS`` days records a job
    change (nobody followed it up yet), what changed."""
    latest: dict[str, tuple[str, int, str]] = {}
    since = (day - dt.timedelta(days=JOB_CHANGE_DAYS)).isoformat()
    for s in index.contact_sections(since, day.isoformat()):
        have = latest.get(s.path)
        if s.path in wanted and (have is None or (s.date, s.line) > have[:2]):
            latest[s.path] = (s.date, s.line, s.title)
    out = {}
    for path, (when, _, title) in latest.items():
        change = read_job_change(title)
        if change is None:
            continue
        ago = _ago((day - dt.date.fromisoformat(when[:10])).days)
        what = "changed jobs" if change.new_company else "new role"
        role = f" ({change.role})" if change.new_company and change.role else ""
        out[path] = f"{what} {ago}: {change.old or '?'} → {change.new or '?'}{role}"
    return out


def _per_month(days: dict[str, list[str]], wanted: set[str], day: dt.date) -> list[tuple[str, int]]:
    """Days with a contact per month, summed over the contacts kept, for the last ``MONTHS``
    months (this one included)."""
    months = [_month_start(day, n).isoformat()[:7] for n in range(MONTHS - 1, -1, -1)]
    counts = Counter(d[:7] for path in wanted for d in days.get(path, ()))
    return [(m, counts.get(m, 0)) for m in months]


def _most_seen(people: Iterable[CadencedContact], days: dict[str, list[str]],
               since: str) -> list[tuple[str, str, int]]:
    counted = []
    for c in people:
        seen = days.get(c.path, ())
        n = len(seen) - bisect_left(seen, since)
        if n:
            counted.append((-n, c.name_key, c.path, c.name))
    counted.sort()
    return [(name, path, -n) for n, _, path, name in counted[:TOP]]


def _month_start(day: dt.date, back: int) -> dt.date:
    """The first day of the month ``back`` months before ``day``'s."""
    n = day.year * 12 + day.month - 1 - back
    return dt.date(n // 12, n % 12 + 1, 1)


@lru_cache(maxsize=1024)
def _cadence_words(days: int, source: str) -> str:
    """``their monthly cadence``, ``their 45-day cadence``, ``the default quarterly cadence``."""
    word = _CADENCE_WORDS.get(days, f"{days}-day")
    return f"the default {word} cadence" if source == "default" else f"their {word} cadence"


def _ago(days: int) -> str:
    """``today``, ``yesterday``, ``5 days ago``, ``3 weeks ago``, ``4 months ago``."""
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    return f"{elapsed(days, 'en')} ago"


def _is_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True
