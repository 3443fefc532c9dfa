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
                 paths: Collection[str] | None = None, shown: int | None = None,
                 charts: bool = True) -> Health:
    """Every contact but the user in a bucket, with reasons; only those with one of ``tags``
    and at one of ``companies`` (keys compared, a company by any part of its name) when given,
    and only those of ``paths`` when given. ``buckets`` keeps the contacts of those buckets in
    ``contacts`` (the counts are of all); ``shown`` keeps only the first ``shown`` of each
    bucket there (what text and markdown show: the others are neither worded nor listed).
    ``charts``: with what the Network note's charts show (``per_month``, ``most_seen``)."""
    day = dt.date.fromisoformat(today)
    people = [c for c in index.cadenced_contacts(paths) if not c.is_me and _kept(c, tags, companies)]
    year_start = _month_start(day, MONTHS - 1)
    recent = (day - dt.timedelta(days=TREND_DAYS - 1)).isoformat()
    before = (day - dt.timedelta(days=2 * TREND_DAYS - 1)).isoformat()
    since = min(year_start.isoformat(), before) if charts else before
    few = sorted({c.path for c in people}) if paths is not None else None  # read for them alone
    last = index.last_contacts(today) if few is None else index.last_contacts_of(few, today)
    # only someone never contacted, or contacted in the last NEW_DAYS days, can be new
    recently = (day - dt.timedelta(days=NEW_DAYS)).isoformat()
    met = index.first_met(today, [c.path for c in people if last.get(c.path, "~") >= recently])
    wanted = {c.path for c in people}
    promises = _overdue_tasks(index, today, wanted, few is not None)
    jobs = _job_changes(index, day, wanted)
    booked = booked_meetings(index, today, (day + dt.timedelta(days=BOOKED_DAYS)).isoformat())
    # the days with a contact of everyone; with a few shown of each bucket (and no chart),
    # of those whose bucket hangs on their trend, then of those shown
    every = shown is None or charts or few is not None
    days = index.contact_days(since, today, few) if every else {}

    def trend(path: str) -> tuple[int, int] | None:
        if not every and path not in days:
            return None
        seen = days.get(path, ())
        start = bisect_left(seen, recent)
        return len(seen) - start, start - bisect_left(seen, before)

    def place(c: CadencedContact) -> _Place | None:
        return _place(c, day, last.get(c.path), met.get(c.path), trend(c.path),
                      c.path in promises or c.path in jobs, c.path in booked)

    placed = [(c, place(c)) for c in people]
    if not every:
        days = dict.fromkeys((c.path for c, p in placed if p is None), ())
        days.update(index.contact_days(since, today, list(days)))
        placed = [(c, p or place(c)) for c, p in placed]
    rank = {b: n for n, b in enumerate(BUCKETS)}
    keyed = [(rank[p.bucket], -(p.ratio or 0), c.name_key, c.path, c, p)  # type: ignore[union-attr]
             for c, p in placed]
    counts = Counter(k[0] for k in keyed)
    keyed.sort(key=itemgetter(0, 1, 2, 3))
    picked = [k for k in keyed if not buckets or BUCKETS[k[0]] in buckets]
    if shown is not None:
        first: dict[int, int] = {}  # each bucket's first place in the sorted list
        for n, k in enumerate(picked):
            first.setdefault(k[0], n)
        picked = [k for n, k in enumerate(picked) if n - first[k[0]] < shown]
    if not every:  # the trend of those shown, for their reasons
        unread = [k[3] for k in picked if k[3] not in days]
        if unread:
            days.update(dict.fromkeys(unread, ()))
            days.update(index.contact_days(since, today, unread))
        picked = [(*k[:5], place(k[4])) for k in picked]
    sources = index.cadence_sources(None if shown is None and few is None else [k[3] for k in picked])
    contacts = [_judge(c, p, last.get(c.path), met.get(c.path), sources, _promise_words(day, promises.get(c.path)),
                       jobs.get(c.path), booked.get(c.path)) for *_, c, p in picked]
    return Health(today, {b: counts.get(n, 0) for n, b in enumerate(BUCKETS)}, contacts,
                  _per_month(days, wanted, day) if charts else [],
                  _most_seen(people, days, year_start.isoformat()) if charts else [])


def health_of(index: Index, config: Config, today: str, paths: Collection[str]) -> dict[str, ContactHealth]:
    """The health of the contacts of ``paths`` (never the user), by path: how warm the user's
    relationship with each is, with why (``reach`` ranks connectors by it)."""
    return {h.path: h for h in build_health(index, config, today, paths=paths, charts=False).contacts}


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


@dataclass(slots=True)
class _Place:
    """Where a contact stands (``_place``): their bucket, and which rule put them there
    (``case``), what ``_judge`` words."""

    bucket: str
    case: str  # new, never, dormant, far, trend, waiting, past, within; booked: cooling_booked, active_booked
    cadence: int
    source_default: bool
    since: int | None
    ratio: float | None
    new_days: int | None
    down: bool  # fewer contacts lately, still to say
    last_90: int
    previous_90: int


def _place(c: CadencedContact, day: dt.date, last: str | None, met: str | None,
           trend: tuple[int, int] | None, waiting: bool, booked: bool) -> _Place | None:
    """The bucket of a contact (the rules of the module's docstring, in their order);
    ``trend``: the days with a contact in the last 90 days and in the 90 before (None: not
    read, and None is returned when the bucket hangs on it); ``waiting``: an overdue promise
    or a job change; ``booked``: a meeting booked soon."""
    own = bool(c.cadence_days and c.cadence_days > 0)
    cadence = c.cadence_days if own else DEFAULT_CADENCE  # type: ignore[assignment]
    since = (day - dt.date.fromisoformat(last)).days if last else None
    ratio = round(since / cadence, 2) if since is not None else None
    new_days = (day - dt.date.fromisoformat(met[:10])).days if met and _is_day(met) else None
    last_90, previous_90 = trend or (0, 0)
    down = previous_90 >= 2 and last_90 * 2 <= previous_90
    if new_days is not None and 0 <= new_days <= NEW_DAYS:
        bucket, case = "new", "new"
    elif since is None:
        bucket, case = "dormant", "never"
    elif ratio is not None and (ratio >= DORMANT or since >= DORMANT_DAYS):
        bucket, case = "dormant", "dormant"
    elif ratio >= AT_RISK:
        bucket, case = "at_risk", "far"
    elif ratio >= 1 and trend is None:
        return None
    elif ratio >= 1 and down:
        bucket, case, down = "at_risk", "trend", False
    elif waiting:
        bucket, case = "at_risk", "waiting"
    elif ratio >= 1:
        bucket, case = "cooling", "past"
    else:
        bucket, case = "active", "within"
    if bucket == "at_risk" and booked:  # already seeing them: not at risk
        bucket = "cooling" if ratio >= 1 else "active"
        case, down = f"{bucket}_booked", False
    return _Place(bucket, case, cadence, not own, since, ratio, new_days, down, last_90, previous_90)


def _judge(c: CadencedContact, place: _Place, last: str | None, met: str | None, sources: dict[str, str],
           promises: list[str], job: str | None, booked: tuple[str, str] | None = None) -> ContactHealth:
    """A contact's health, with why in words (``place``: where they stand)."""
    cadence, since, ratio, case = place.cadence, place.since, place.ratio, place.case
    source = "default" if place.source_default else sources.get(c.path, "cadence")
    pace = _cadence_words(cadence, source)
    extra = [*promises, *([job] if job else [])]
    why: list[str]
    if case == "new":
        why = [f"first met {_ago(place.new_days)}"]  # type: ignore[arg-type]
    elif case == "never":
        why = ["no contact on record"]
    elif case == "dormant":
        why = [f"no contact for {elapsed(since, 'en')} ({ratio:.1f}× {pace})"]  # type: ignore[arg-type]
    elif case == "far":
        why = [f"{ratio:.1f}× past {pace} ({since} days without contact)"]
    elif case == "trend":
        why = [f"past {pace} ({since} days without contact)", _trend(place)]
    elif case == "waiting":
        why = [f"{'past' if ratio >= 1 else 'within'} {pace} (last contact {_ago(since)})"]  # type: ignore[operator,arg-type]
    elif case == "past":
        why = [f"{ratio:.1f}× past {pace} ({since} days without contact)"]
    elif case == "within":
        why = [f"within {pace} (last contact {_ago(since)})"]  # type: ignore[arg-type]
    else:  # booked
        why = [f"meeting booked on {booked[0]} ({booked[1]})",  # type: ignore[index]
               f"{ratio:.1f}× past {pace} ({since} days without contact)" if case == "cooling_booked"
               else f"within {pace} (last contact {_ago(since)})"]  # type: ignore[arg-type]
    if place.down:
        why.append(_trend(place))
    return ContactHealth(c.name, c.path, place.bucket, last, met[:10] if met else None, since, cadence, source,
                         ratio, place.last_90, place.previous_90, why + extra)


def _trend(place: _Place) -> str:
    return f"fewer contacts lately: {place.last_90} in the last 90 days, {place.previous_90} in the 90 before"


def _overdue_tasks(index: Index, today: str, wanted: set[str], few: bool = False
                   ) -> dict[str, tuple[OpenTask, str, int]]:
    """Per contact with an open task about them due before today: the most overdue one,
    their name, and how many are overdue; with ``few``, the tasks about them are read alone."""
    day = dt.date.fromisoformat(today)
    yesterday = (day - dt.timedelta(days=1)).isoformat()
    out: dict[str, tuple[OpenTask, str, int]] = {}
    for task in index.open_tasks(sorted(wanted) if few else None, due_by=yesterday):  # the most overdue first
        for who in task.about:
            if who.path in wanted:
                have = out.get(who.path)
                out[who.path] = (have[0] if have else task, who.name, have[2] + 1 if have else 1)
    return out


def _promise_words(day: dt.date, overdue: tuple[OpenTask, str, int] | None) -> list[str]:
    """What the most overdue task about a contact says (``_overdue_tasks``), and how many
    more are overdue: ``you promised “the slides”, due 2 weeks ago (and 1 more overdue)``."""
    if overdue is None:
        return []
    task, name, count = overdue
    late = (day - dt.date.fromisoformat(task.due[:10])).days if task.due else 0
    text = " ".join(DUE_RE.sub("", task.text).split())
    said = promise(text, (name, name.split()[0] if name else ""))
    what = f"you promised “{said[1]}”" if said else f"“{display(text)}”"
    more = count - 1
    return [f"{what}, due {_ago(late)}" + (f" (and {more} more overdue)" if more else "")]


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
