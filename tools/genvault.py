#!/usr/bin/env python3
"""Write a synthetic networking vault, the same one for the same seed and day.

    python tools/genvault.py OUT [--contacts N] [--events M] [--seed S] [--today YYYY-MM-DD]
                                 [--daily D] [--broken B]

The vault is what vaultkit meets in real life, at any size: contacts under
``people/`` (aliases, companies as text or links, tags, interests, needs and
offers drawn from one vocabulary so that introductions have something to
match, cadences, birthdays, people they know, dated conversation headings,
tasks with due dates in every accepted spelling), events under ``events/``
(attendees, goals, people to meet, what was learned about each attendee,
introductions with a status, a month of upcoming events), daily notes under
``daily/`` that link the people met that day, company notes, a template, and
a small share of what goes wrong in real vaults: other spellings of field
names, CRLF line ends, byte-order marks, tabs, a bad date or cadence, links
to nobody, two contacts with one email, and notes under ``inbox/`` whose
front matter does not parse. Files vaultkit must ignore (``.obsidian/``,
``.trash/``) are there too.

Exactly N notes are contacts and M are events; nothing else is. Standard
library only; importable (``generate()``) as well as runnable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

FIRST = (
    "Aaliyah Abel Adèle Adrien Agnès Aiko Akira Alba Alejandro Alexandra Amadou Amina Anders Angela Anouk "
    "Arnav Astrid Aurélien Bea Benedikt Bilal Blanca Bruno Caio Carla Cédric Chiara Clément Dalia Dario "
    "Delphine Dmitri Ebru Eitan Elif Elsa Emeka Enzo Esther Fatou Felix Filipa Gaspard Giulia Gökhan Hana "
    "Hannes Helena Idris Ilse Imani Ines Irene Ivo Jana Javier Joaquim Johanna Kalani Kasia Keanu Laila "
    "Lars Leonor Liam Lorenzo Maëlys Magnus Malik Mariam Mathis Maya Mirela Moritz Nadège Naomi Nils "
    "Noémie Olamide Oscar Pauline Rafael Rania Rémi Renata Rohan Salomé Samir Selin Siddharth Solène "
    "Tariq Teodora Thandiwe Théo Tove Ugo Valentina Viktor Wanjiru Xavier Yara Youssef Zainab Zoltan"
).split()
LAST = (
    "Abara Achterberg Aguilar Almeida Arslan Aubert Baptiste Barros Bauer Benoît Berger Bertrand Blanc "
    "Bondarenko Brennan Carvalho Castellanos Chevalier Colombo Delacroix Deschamps Dimitrov "
    "Eriksen Esposito Faure Ferreira Fischer Fournier Gallo Gauthier Gomes Guerin Haas Hakimi Hansen "
    "Hoffmann Ibrahim Iversen Jaramillo Jovanović Kaya Keller Kovač Kruger Lacroix Lambrecht Leclerc "
    "Lindgren Lombardi Lund Maalouf Marchetti Meier Mendes Meunier Moreno Navarro Ndiaye Nguyen Nowak "
    "O'Connell Okonkwo Oliveira Ortega Park Pereira Perrin Pham Quintero Rahman Renard Ribeiro Richter "
    "Rousseau Saito Santos Schubert Sørensen Suzuki Takahashi Tran Vasquez Vidal Vogel Wagner Yamamoto "
    "Yıldız Zhang Ziegler"
).split()
NICKNAMES = {"Alexandra": "Sasha", "Alejandro": "Alex", "Benedikt": "Ben", "Dmitri": "Dima", "Giulia": "Giu",
             "Johanna": "Jo", "Lorenzo": "Enzo", "Siddharth": "Sid", "Valentina": "Vale", "Javier": "Javi",
             "Teodora": "Teo", "Wanjiru": "Wanji"}
MIDDLE = "ABCDEFGHJKLMNPRSTVW"

COMPANIES = (
    "Arbor Analytics", "Baltic Freight", "Canal Robotics", "Cedar Health", "Cobalt Grid", "Dune Mobility",
    "Ember Foods", "Fernhill Capital", "Fjord Materials", "Gale Energy", "Granite Bank", "Harbor Labs",
    "Helix Bio", "Indigo Retail", "Juniper Legal", "Kelp Works", "Lantern Media", "Larch & Co",
    "Meridian Insurance", "Moss Ventures", "Nimbus Cloud", "Northwind Logistics", "Oakline Studio",
    "Opal Payments", "Orchard Schools", "Pebble Games", "Pine Street Partners", "Quarry Data",
    "Reed Architecture", "Rivet Hardware", "Saffron Kitchens", "Sable Security", "Slate Consulting",
    "Solstice Solar", "Spruce Hiring", "Tidal Water", "Tundra Climate Fund", "Umber Textiles",
    "Vale University", "Willow Care", "Yarrow Farms", "Zephyr Air",
)
ROLES = ("founder", "co-founder & CTO", "CEO", "head of product", "product designer", "staff engineer",
         "data scientist", "VC partner", "angel investor", "principal", "head of sales", "recruiter",
         "journalist", "professor", "PhD student", "operations lead", "community manager", "lawyer",
         "CFO", "growth marketer", "UX researcher", "policy advisor", "chef", "architect")
# one vocabulary for needs, offers and interests, in the forms people write them
SKILLS = ("seed funding", "pilot customers", "UX research", "hiring engineers", "B2B sales", "fundraising advice",
          "climate investors", "a technical co-founder", "design review", "legal advice", "grant writing",
          "press coverage", "intros to grocers", "supply chain expertise", "data engineering", "cloud credits",
          "mentoring", "public speaking coaching", "user interviews", "pricing strategy", "a lab space",
          "hardware prototyping", "go-to-market", "impact measurement", "a first hire", "beta testers",
          "accounting help", "recruiting designers", "marketing strategy", "product feedback",
          "regulatory advice", "office space in Paris", "investor intros", "customer discovery",
          "open source maintainers", "translation help", "a podcast guest", "retail partners",
          "energy storage expertise", "machine learning")
INTERESTS = ("climate tech", "food waste", "open source", "healthcare", "edtech", "fintech", "robotics",
             "urban cycling", "circular economy", "cold chain", "batteries", "design systems", "jazz",
             "trail running", "sourdough", "chess", "photography", "sailing", "podcasts", "typography",
             "biotech", "agritech", "public policy", "architecture", "mental health", "board games",
             "science fiction", "wine", "languages", "mountaineering")
TAGS = ("founder", "investor", "client", "mentor", "press", "alumni", "friend", "ex-colleague", "speaker",
        "potential-hire", "partner", "neighbour")
CADENCES = ("2w", "30d", "1m", "6 weeks", "3 months", "quarterly", "6m", "1y", "close", "regular", "casual",
            "yearly", "monthly")
PLACES = ("Station F, Paris", "Schoolab, Paris 11e", "online", "Lyon, La Cordée", "Berlin, Factory Görlitzer Park",
          "Lisbon, Hub Criativo do Beato", "Montréal, Maison Notman", "Nantes", "Brussels, BeCentral",
          "Amsterdam, B. Amsterdam", "London, Somerset House", "Café Oberkampf")
EVENT_KINDS = {
    "meetup": ("Climate Tech Meetup", "Product Circle", "Open Source Evening", "Design Systems Night",
               "Founders Breakfast", "Hardware Pizza Night"),
    "conference": ("VivaTech", "Web Summit", "ChangeNOW", "PyCon FR", "Slush", "Future of Food Summit"),
    "dinner": ("Founders Dinner", "Supper Club", "Alumni Dinner", "Investors Dinner"),
    "call": ("Call", "Video call", "Catch-up call"),
    "workshop": ("Pricing Workshop", "User Research Workshop", "Fundraising Clinic"),
}
LEARNED = ("is raising a {skill} round next spring", "needs {skill} before the summer",
           "can help anyone with {skill}", "moved to {place} last month", "loves {interest}",
           "asked for an intro to someone in {interest}", "is hiring for {skill}",
           "just shipped a pilot, wants {skill}", "works on {interest} now")
EXCHANGES = ("Coffee with [[{link}]]: {topic}.", "Call with [[{link}]] about {topic}.",
             "Lunch with [[{link}]], mostly about {topic}.", "Long email exchange with [[{link}]] on {topic}.",
             "Bumped into [[{link}]] at the bakery, talked {topic}.", "Déjeuner avec [[{link}]] : {topic}.")
DUE_FORMS = ("📅 {d}", "(due: {d})", "@due({d})", "[due:: {d}]")


@dataclass
class Contact:
    name: str
    first: str
    company: str
    email: str
    alias: str | None = None
    events: list[str] = field(default_factory=list)  # file stems of the events attended, in date order


@dataclass
class Summary:
    contacts: int = 0
    events: int = 0
    daily: int = 0
    companies: int = 0
    broken: int = 0
    other: int = 0

    @property
    def files(self) -> int:
        return self.contacts + self.events + self.daily + self.companies + self.broken + self.other


def slug(text: str) -> str:
    """``Clément O'Connell`` → ``clement.oconnell``: for email addresses and URLs."""
    plain = unicodedata.normalize("NFKD", text.lower().replace("'", ""))
    ascii_text = plain.encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "." for c in ascii_text).strip(".") or "x"


def yaml_list(items: list[str]) -> str:
    return "[" + ", ".join(f'"{i}"' if (":" in i or i.startswith(("[", "&", "*"))) else i for i in items) + "]"


def link_list(names: list[str]) -> str:
    return "[" + ", ".join(f'"[[{n}]]"' for n in names) + "]"


class Writer:
    """Files go out as bytes: the line ends and byte-order marks are part of the data."""

    def __init__(self, root: Path, rng: random.Random):
        self.root = root
        self.rng = rng

    def write(self, rel: str, text: str, odd: bool = True) -> None:
        data = text
        if odd and self.rng.random() < 0.03:
            data = data.replace("\n", "\r\n")
        raw = data.encode("utf-8")
        if odd and self.rng.random() < 0.02:
            raw = b"\xef\xbb\xbf" + raw
        self.write_bytes(rel, raw)

    def write_bytes(self, rel: str, raw: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)


class Vault:
    def __init__(self, root: Path, seed: int, today: dt.date):
        self.rng = random.Random(seed)
        self.today = today
        self.out = Writer(root, self.rng)
        self.summary = Summary()
        self.company_notes: set[str] = set()
        self.daily_days: set[dt.date] = set()

    # -- people -----------------------------------------------------------------------------

    def people(self, count: int) -> list[Contact]:
        rng, seen, people = self.rng, set(), []
        while len(people) < count:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            name = f"{first} {last}"
            if name in seen:  # a namesake: told apart by a middle initial, as people do
                name = f"{first} {rng.choice(MIDDLE)}. {last}"
            if name in seen:
                continue
            seen.add(name)
            company = rng.choice(COMPANIES)
            email = f"{slug(first)}.{slug(last)}{len(people)}@{slug(company).replace('.', '')}.example"
            alias = NICKNAMES.get(first) if rng.random() < 0.5 else None
            if alias is None and rng.random() < 0.25:
                alias = first
            people.append(Contact(name, first, company, email, alias))
        return people

    def when(self, back: int, ahead: int = 0) -> dt.date:
        """A day from ``back`` days before today to ``ahead`` days after it."""
        return self.today + dt.timedelta(days=self.rng.randint(-back, ahead))

    def due(self, near: dt.date) -> str:
        day = near + dt.timedelta(days=self.rng.randint(1, 30))
        return self.rng.choice(DUE_FORMS).format(d=day.isoformat())

    def contact_note(self, i: int, c: Contact, people: list[Contact]) -> str:
        rng = self.rng
        key = self.spelling
        lines = ["---"]
        if rng.random() < 0.7:
            lines.append("type: contact")
        elif rng.random() < 0.3:
            lines.append('categories: ["[[People]]"]')
        if rng.random() < 0.5:
            lines.append(f"name: {c.name}")
        if c.alias:
            lines.append(f"{key('aliases', 'alias', 'nickname')}: [{c.alias}]")
        emails = [c.email]
        if i % 997 == 5 and i > 0:  # now and then one person twice: same email in two notes
            emails.append(people[i - 1].email)
        elif rng.random() < 0.1:
            emails.append(f"{slug(c.first)}{rng.randint(1, 99)}@mail.example")
        lines.append(f"{key('email', 'e-mail', 'emails', 'mail')}: " + (emails[0] if len(emails) == 1
                                                                       else yaml_list(emails)))
        if rng.random() < 0.6:
            lines.append(f"{key('phone', 'mobile', 'tel')}: '+33 6 {rng.randint(10, 99)} {rng.randint(10, 99)} "
                         f"{rng.randint(10, 99)} {rng.randint(10, 99)}'")
        company = f'"[[{c.company}]]"' if c.company in self.company_notes and rng.random() < 0.6 else c.company
        lines.append(f"{key('company', 'org', 'organization', 'Company')}: {company}")
        role = rng.choice(ROLES)
        lines.append(f"{key('role', 'position', 'job_title')}: {role}")
        if rng.random() < 0.8:
            lines.append(f"linkedin: https://www.linkedin.com/in/{slug(c.name).replace('.', '-')}-{i}")
        tags = rng.sample(TAGS, k=rng.randint(0, 3))
        if tags:
            lines.append(f"{key('tags', 'tag')}: " + (", ".join(tags) if rng.random() < 0.15 else yaml_list(tags)))
        lines.append(f"{key('interests', 'topics')}: {yaml_list(rng.sample(INTERESTS, k=rng.randint(1, 4)))}")
        offers = rng.sample(SKILLS, k=rng.randint(0, 2))
        if offers:
            lines.append(f"{key('offers', 'can_help_with', 'skills', 'expertise')}: {yaml_list(offers)}")
        needs = rng.sample(SKILLS, k=rng.randint(0, 2))
        if needs:
            lines.append(f"{key('needs', 'looking_for', 'asks', 'wants')}: {yaml_list(needs)}")
        if rng.random() < 0.7 or i % 1009 == 3:
            cadence = "whenever" if i % 1009 == 3 else rng.choice(CADENCES)
            lines.append(f"{key('cadence', 'keep_in_touch', 'frequency', 'prm-cadence')}: {cadence}")
        if rng.random() < 0.4 or i % 1013 in (0, 2):
            born = dt.date(rng.randint(1955, 2003), rng.randint(1, 12), rng.randint(1, 28))
            if i % 1013 == 0:  # now and then a birthday in the coming week
                soon = self.when(-1, 6)
                born = soon.replace(year=1996 if (soon.month, soon.day) == (2, 29) else born.year)
            form = rng.random()
            text = (born.isoformat() if form < 0.7 else f"'--{born:%m-%d}'" if form < 0.9 else f"'{born:%m-%d}'")
            if i % 1013 == 2:
                text = f"{born.year}-02-30"  # no such day
            lines.append(f"{key('birthday', 'bday', 'birth-date', 'birthdate')}: {text}")
        if c.events:
            lines.append(f'{key("met", "met_at")}: "[[{c.events[0]}]]"')
        elif rng.random() < 0.2:
            lines.append(f"met: {rng.choice(PLACES).split(',')[0]}")
        if rng.random() < 0.05 and len(people) > 1:
            lines.append(f'introduced_by: "[[{people[(i + 7) % len(people)].name}]]"')
        if rng.random() < 0.15 and len(people) > 3:
            known = sorted({people[(i + rng.randint(1, len(people) - 1)) % len(people)].name for _ in range(3)})
            lines.append(f"knows: {link_list(known)}")
        if rng.random() < 0.05:
            lines.append(f"{key('last_contact', 'last-contact', 'lastContact')}: {self.when(400).isoformat()}")
        if rng.random() < 0.03:
            lines.append(f"{key('follow_up', 'next_contact')}: {self.when(10, 20).isoformat()}")
        if rng.random() < 0.02:
            lines.append(f"snooze: {self.when(0, 60).isoformat()}")
        if rng.random() < 0.1:
            lines.append("lang: fr")
        lines.append("---")
        lines += self.contact_body(i, c, role)
        return "\n".join(lines) + "\n"

    def spelling(self, canonical: str, *others: str) -> str:
        """The canonical field name most of the time, another accepted spelling now and then."""
        return self.rng.choice(others) if others and self.rng.random() < 0.1 else canonical

    def contact_body(self, i: int, c: Contact, role: str) -> list[str]:
        rng = self.rng
        body = [f"{role[0].upper()}{role[1:]} at {c.company}; into {rng.choice(INTERESTS)}.", ""]
        if rng.random() < 0.2:
            body += [f"topic:: your work on {rng.choice(INTERESTS)}", ""]
        if rng.random() < 0.02:
            body += ["![[portrait.jpg]]", ""]
        day = self.today - dt.timedelta(days=rng.randint(30, 900))
        for n in range(rng.randint(0, 6)):
            if day > self.today:
                break
            title = rng.choice(("Coffee", "Call", "Lunch", "Drinks", "Video call", "Walk by the canal"))
            level = "##" if rng.random() < 0.85 else "###"
            date = f"[[{day.isoformat()}]]" if day in self.daily_days and rng.random() < 0.5 else day.isoformat()
            sep = rng.choice((" ", " ", " - ", ": "))
            body.append(f"{level} {date}{sep}{title}")
            body.append(f"- Talked about {rng.choice(INTERESTS)}; {c.first} {self.learned()}.")
            if n == 0 and c.events and rng.random() < 0.3:
                body.append(f"- First met at [[{c.events[0]}]].")
            if rng.random() < 0.1:
                body.append("\t- a line indented with a tab")
            if rng.random() < 0.3:
                body.append(f"- [ ] send {c.first} the piece on {rng.choice(INTERESTS)} {self.due(day)}")
            if rng.random() < 0.15:
                body.append(f"- [x] thank-you note sent ✅ {day.isoformat()}")
            body.append("")
            day += dt.timedelta(days=rng.randint(7, 150))
        if rng.random() < 0.01:
            body += ["```", "[[not a link inside code]]", "```", ""]
        if i % 1019 == 4:
            body.append("Said I should meet [[Someone Not In This Vault]].")
        return body

    def learned(self) -> str:
        return self.rng.choice(LEARNED).format(skill=self.rng.choice(SKILLS), interest=self.rng.choice(INTERESTS),
                                               place=self.rng.choice(PLACES).split(",")[0])

    # -- events -----------------------------------------------------------------------------

    def plan_events(self, count: int, people: list[Contact]) -> list[dict]:
        rng, events, stems = self.rng, [], set()
        for n in range(count):
            # spread over the last two and a half years and the next month; the first one in the
            # coming week and the second a few days ago, so that any vault has one to prepare
            # and one to follow up
            date = self.when(-1, 6) if n == 0 else self.when(10, -2) if n == 1 else self.when(900, 30)
            place = rng.choice(PLACES)
            intro = rng.random() < 0.03 and len(people) >= 2
            if intro:
                who = rng.sample(range(len(people)), k=2)
                kind = "introduction"
                title = f"Intro {people[who[0]].name} and {people[who[1]].name}"
            else:
                kind = rng.choice(tuple(EVENT_KINDS))
                size = rng.randint(1, 2) if kind == "call" else rng.randint(1, 12)
                who = rng.sample(range(len(people)), k=min(len(people), size))
                base = rng.choice(EVENT_KINDS[kind])
                title = f"{base} with {people[who[0]].first}" if kind == "call" else \
                    f"{base} {place.split(',')[0]}"
            stem = f"{date.isoformat()} {title}"
            again = 2
            while stem in stems:
                stem = f"{date.isoformat()} {title} ({again})"
                again += 1
            stems.add(stem)
            events.append({"stem": stem, "title": title, "date": date, "kind": kind, "who": who, "place": place,
                           "first": n == 0})
        for event in sorted(events, key=lambda e: e["date"]):
            for p in event["who"]:
                people[p].events.append(event["stem"])
        return events

    def event_note(self, e: dict, people: list[Contact]) -> str:
        rng = self.rng
        lines = ["---"]
        if e["kind"] == "introduction":
            lines.append("type: introduction")
        elif rng.random() < 0.8:
            lines.append(f"type: {rng.choice(('event', 'event', 'meeting'))}")
        elif rng.random() < 0.5:
            lines.append('categories: ["[[Meetings]]"]')
        lines.append(f"title: {e['title']}")
        day = e["date"].isoformat()
        form = rng.random()
        if form < 0.55:
            value = day
        elif form < 0.85:
            value = f"{day} {rng.randint(8, 20):02d}:{rng.choice(('00', '30'))}"
        else:
            value = f"'{day}'"
        lines.append(f"{self.spelling('date', 'start', 'when')}: {value}")
        if e["kind"] == "conference" and rng.random() < 0.5:
            lines.append(f"end: {(e['date'] + dt.timedelta(days=rng.randint(1, 2))).isoformat()}")
        lines.append(f"{self.spelling('location', 'loc', 'place')}: {e['place']}")
        lines.append(f"kind: {e['kind']}")
        if e["kind"] == "introduction":
            lines.append(f"status: {rng.choice(('proposed', 'accepted', 'declined', 'made', 'made'))}")
        names = [people[p].name for p in e["who"]]
        spelled = self.spelling("attendees", "people", "participants", "with")
        if rng.random() < 0.5:
            lines.append(f"{spelled}:")
            lines += [f'  - "[[{n}]]"' for n in names]
            if rng.random() < 0.1:
                lines.append(f"  - {rng.choice(FIRST)} from {rng.choice(COMPANIES)}")  # not a contact yet
        else:
            lines.append(f"{spelled}: {link_list(names)}")
        upcoming = e["date"] >= self.today
        goals = rng.randint(1, 3) if upcoming else rng.randint(0, 2)
        if goals:
            lines.append(f"{self.spelling('goals', 'objectives')}:")
            lines += [f"  - meet someone who offers {rng.choice(SKILLS)}" for _ in range(goals)]
        if upcoming and (e["first"] or rng.random() < 0.02):  # people to meet there: now and then
            wanted = rng.choice(people)
            lines.append(f'to_meet: ["[[{wanted.name}]]", {rng.choice(FIRST)} {rng.choice(LAST)}, '
                         f"someone from {rng.choice(COMPANIES)}]")
        lines.append("---")
        lines.append(f"{rng.choice(('Small room', 'Packed', 'Good energy', 'Quiet evening'))}, "
                     f"{rng.randint(4, 300)} people.")
        lines.append("")
        if not upcoming:
            for n in names:
                if rng.random() < 0.7:
                    link = n if rng.random() < 0.9 else f"{n}|{n.split()[0]}"
                    lines.append(f"- [[{link}]]{rng.choice((':', ':', ' -'))} {self.learned()}")
            if names and rng.random() < 0.2:
                lines.append(f"- [ ] send [[{names[0]}]] the slides {self.due(e['date'])}")
        return "\n".join(lines) + "\n"

    # -- daily notes, companies, templates, broken notes --------------------------------------

    def daily_note(self, day: dt.date, people: list[Contact], events_on: dict[dt.date, list[str]]) -> str:
        rng = self.rng
        lines = ["---", f"date: {day.isoformat()}", "tags: [daily]", "---"] if rng.random() < 0.5 else []
        lines.append(f"{rng.choice(('Slow morning.', 'Busy day.', 'Worked from the café.', 'Deep work day.'))}")
        lines.append("")
        for _ in range(rng.randint(1, 4)):
            c = rng.choice(people)
            link = f"{c.name}|{c.alias}" if c.alias and rng.random() < 0.3 else c.name
            lines.append(rng.choice(EXCHANGES).format(link=link, topic=rng.choice(INTERESTS)))
        if rng.random() < 0.3:
            c = rng.choice(people)
            lines.append(f"Read [[{c.name}]]'s newsletter on {rng.choice(INTERESTS)}.")
        for stem in events_on.get(day, [])[:2]:
            lines.append(f"Went to [[{stem}]].")
        if rng.random() < 0.5:
            c = rng.choice(people)
            lines.append("")
            lines.append(f"- [ ] send [[{c.name}]] the deck {self.due(day)}")
        if rng.random() < 0.3:
            lines.append("- [ ] renew the passport")
        if rng.random() < 0.2:
            lines += ["", "## 15:00 Team sync", "- nothing about anyone"]
        return "\n".join(lines) + "\n"

    def company_note(self, company: str, people: list[Contact]) -> str:
        rng = self.rng
        staff = [c.name for c in people if c.company == company][:3]
        lines = ["---", "type: company", f"url: https://{slug(company).replace('.', '')}.example", "---",
                 f"{company}: {rng.choice(INTERESTS)}.", ""]
        if staff:
            day = self.when(300)
            lines += [f"## {day.isoformat()} Board meeting", f"- [[{staff[0]}]] presented the roadmap."]
        return "\n".join(lines) + "\n"

    BROKEN = (
        ("Unclosed quote", '---\ntitle: "Lunch with the team\ntags: [lunch]\n---\nNotes.\n'),
        ("Unclosed bracket", "---\ntags: [ideas, later\nstatus: draft\n---\nSome ideas.\n"),
        ("Never closed", "---\ntitle: A note whose front matter never ends\ntags: [draft]\n\nText.\n"),
        ("A list", "---\n- first\n- second\n---\nFront matter that is a list.\n"),
        ("Bad indentation", "---\ntitle: x\n  nested: wrong\n---\nText.\n"),
        ("Placeholder", "---\ncreated: {{date}}\ntags: [draft]\n---\nA template copied by hand.\n"),
    )

    def broken_note(self, n: int) -> tuple[str, bytes]:
        kind = n % (len(self.BROKEN) + 1)
        suffix = f" {n // (len(self.BROKEN) + 1) + 1}"
        if kind == len(self.BROKEN):  # not UTF-8
            return f"inbox/Latin-1 note{suffix}.md", "---\ntitle: Réunion à Genève\n---\nCafé.\n".encode("latin-1")
        title, text = self.BROKEN[kind]
        return f"inbox/{title}{suffix}.md", text.encode("utf-8")


def generate(out: str | Path, contacts: int = 10_000, events: int = 3_000, *, seed: int = 42,
             today: dt.date | str | None = None, daily: int | None = None, broken: int | None = None) -> Summary:
    """Write the vault under ``out`` (created; must be empty); what was written, by kind."""
    root = Path(out)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty")
    if isinstance(today, str):
        today = dt.date.fromisoformat(today)
    today = today or dt.date.today()
    if daily is None:
        daily = min(365, (contacts + events) // 10)
    if broken is None:
        broken = max(len(Vault.BROKEN) + 1, (contacts + events) // 1000)
    root.mkdir(parents=True, exist_ok=True)
    vault = Vault(root, seed, today)
    rng, summary, out_ = vault.rng, vault.summary, vault.out

    people = vault.people(contacts)
    vault.company_notes = {c for c in COMPANIES if rng.random() < 0.5}
    if not people:
        daily = 0
    backs = sorted(rng.sample(range(1, daily * 3 // 2 + 1), k=daily)) if daily else []
    vault.daily_days = {today - dt.timedelta(days=back) for back in backs}
    plan = vault.plan_events(events, people) if people else []
    for e in plan:
        out_.write(f"events/{e['stem']}.md", vault.event_note(e, people))
    summary.events = len(plan)
    for i, c in enumerate(people):
        out_.write(f"people/{c.name}.md", vault.contact_note(i, c, people))
    summary.contacts = len(people)

    events_on: dict[dt.date, list[str]] = {}
    for e in plan:
        events_on.setdefault(e["date"], []).append(e["stem"])
    for day in sorted(vault.daily_days):
        out_.write(f"daily/{day.isoformat()}.md", vault.daily_note(day, people, events_on))
    summary.daily = len(vault.daily_days)
    for company in sorted(vault.company_notes):
        out_.write(f"companies/{company}.md", vault.company_note(company, people), odd=False)
    summary.companies = len(vault.company_notes)
    for n in range(broken):
        rel, raw = vault.broken_note(n)
        out_.write_bytes(rel, raw)
    summary.broken = broken

    out_.write("templates/Contact Template.md",
               "---\ntype: contact\ncreated: {{date}}\ncompany:\ntags: []\n---\n## {{date}} First meeting\n", odd=False)
    for category, note in (("People", "People I know."), ("Meetings", "Meetings and events.")):
        out_.write(f"categories/{category}.md", f"---\ntags: [categories]\n---\n{note}\n", odd=False)
    out_.write(".obsidian/app.json", "{}\n", odd=False)
    out_.write(".trash/Old contact.md", "---\ntype: contact\n---\nDeleted; must not be read.\n", odd=False)
    summary.other = 3  # the template and two category notes; the ignored files are not notes
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="folder to create (must be empty or absent)")
    ap.add_argument("--contacts", type=int, default=10_000)
    ap.add_argument("--events", type=int, default=3_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(),
                    help="the day the vault is written as of (default: today)")
    ap.add_argument("--daily", type=int, default=None, help="daily notes (default: (contacts+events)/10, at most 365)")
    ap.add_argument("--broken", type=int, default=None,
                    help="notes under inbox/ that do not parse (default: one per 1,000 notes, at least 7)")
    args = ap.parse_args(argv)
    try:
        s = generate(args.out, args.contacts, args.events, seed=args.seed, today=args.today, daily=args.daily,
                     broken=args.broken)
    except FileExistsError as exc:
        print(f"genvault: {exc}; give a new folder", file=sys.stderr)
        return 2
    print(f"wrote {s.contacts} contacts, {s.events} events, {s.daily} daily notes, {s.companies} company notes, "
          f"{s.broken} broken notes under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
