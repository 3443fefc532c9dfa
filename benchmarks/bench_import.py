"""Import speed: a 5,000-card vCard file and a 5,000-row LinkedIn CSV.

    python benchmarks/bench_import.py [--count N] [--seed S]

For each file, in one run: the parse alone (the baseline: what any import has to
do), the import into an empty vault, the index refresh that reads the new notes,
and the same import again into the vault that now holds them (the no-op case),
each as a whole `vaultkit` process. Prints the times and ratios, and checks that
the no-op rewrote no file (same bytes and modification times); the no-op's own
work (matching and comparing, timed in-process) is printed apart from the
parse, which dominates it for vCard. Targets: no file touched by the no-op; its
matching under 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

from common import VAULTKIT, env_with_cache, run_timed

FIRST = ("Ada Grace Alan Katherine Linus Margaret Tim Barbara Donald Frances Ken Radia Dennis Hedy Edsger "
         "Sophie Karim Lina Omar Yuki Priya Marco Chloé Élodie Inês Hugo Nadia Rachel Tom Paul Léa Julien "
         "Aisha Ben Camille Daniel François Mehdi Nikhil Sofia Bastien Antoine Margaux Sarah Amélie Jonas "
         "Mateo Zoé Noah Emma Louis Jade Arthur Alice Gabriel Rose Jules Anna Adam Mila Lucas Léna Hiro "
         "Sven Ingrid Kofi Amara Ravi Meera Diego Lucía Pavel Olga Tariq Leila Ana João Chen Mei").split()
LAST = ("Lovelace Hopper Turing Johnson Torvalds Hamilton Berners-Lee Liskov Knuth Allen Thompson Perlman "
        "Ritchie Lamarr Dijkstra Wilson Zerrouki Haddad Siddiqui Tanaka Nair Bianchi Fontaine Marchand Duarte "
        "Lefèvre Benali Adeyemi Becker Martin Moreau Petit Mensah Carter Roux Weiss Mercier Amrani Rao "
        "Lindqvist Laurent Girard Dubois Cohen Okafor Kim Schmidt Müller García López Rossi Novak Kowalski "
        "Nakamura Sato Osei Mwangi Singh Gupta Fernández Silva Costa Ivanova Petrov Haddou Nilsson Berg "
        "Jansen Visser Murphy O'Brien Dupont Lambert Fischer Wagner Ferrari Romano Yilmaz Demir").split()
COMPANIES = ("Coldline", "Tandem Health", "Reloop", "Kairos Cells", "Pantry Loop", "Canopée Ventures",
             "Station F", "Globex", "Initech", "Acme, Inc.", "Umbrella Labs", "Hooli", "Vandelay Industries",
             "Stark Industries", "Wayne Enterprises", "Soylent", "Cyberdyne", "Tyrell", "Aperture", "Black Mesa")
ROLES = ("CEO", "CTO", "Product Manager", "Designer", "Engineer", "Investor", "Head of Sales",
         "Director, Operations", "Researcher", "Founder")
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

MERGE = """
import sys, time
from pathlib import Path
from vaultkit.config import load_config
from vaultkit.formats.merge import import_contacts, parse_files
from vaultkit.store.index import Index
records, problems = parse_files(sys.argv[1], [sys.argv[2]])
config = load_config(Path(sys.argv[3]))
with Index(config) as ix:
    ix.refresh()
    start = time.perf_counter()
    result = import_contacts(ix, config, records, problems)
    print(time.perf_counter() - start, len(result.by_action("unchanged")))
"""

PARSE = """
import sys, time
from vaultkit.formats.merge import parse_files
start = time.perf_counter()
records, problems = parse_files(sys.argv[1], [sys.argv[2]])
print(time.perf_counter() - start, len(records), len(problems))
"""


def people(count: int, seed: int) -> list[dict[str, str]]:
    """Unique, plausible people (deterministic for a seed)."""
    rng = random.Random(seed)
    pairs = [(f, last) for f in FIRST for last in LAST]
    if count > len(pairs):
        raise SystemExit(f"at most {len(pairs)} people")
    out = []
    for first, last in rng.sample(pairs, count):
        company = rng.choice(COMPANIES)
        domain = company.lower().split(",")[0].replace(" ", "").replace("é", "e") + ".example"
        slug = f"{first}-{last}".lower().replace("'", "")
        out.append({
            "first": first, "last": last, "company": company, "role": rng.choice(ROLES),
            "email": f"{slug}@{domain}", "phone": f"+33 6 {rng.randrange(10**7, 10**8)}",
            "linkedin": f"https://www.linkedin.com/in/{slug}-{rng.randrange(1000, 9999)}/",
            "birthday": f"{rng.randrange(1950, 2004)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            "connected": f"{rng.randrange(1, 29):02d} {rng.choice(MONTHS)} {rng.randrange(2012, 2027)}",
        })
    return out


def write_vcf(path: Path, persons: list[dict[str, str]]) -> None:
    cards = []
    for p in persons:
        cards.append("\r\n".join([
            "BEGIN:VCARD", "VERSION:3.0", f"FN:{p['first']} {p['last']}", f"N:{p['last']};{p['first']};;;",
            f"EMAIL;TYPE=INTERNET:{p['email']}", f"TEL;TYPE=CELL:{p['phone']}",
            f"ORG:{p['company'].replace(',', chr(92) + ',')}", f"TITLE:{p['role']}",
            f"BDAY:{p['birthday']}", "NOTE:Imported from the phone.", "END:VCARD"]) + "\r\n")
    path.write_text("".join(cards), encoding="utf-8", newline="")


def write_csv(path: Path, persons: list[dict[str, str]]) -> None:
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        fh.write("Notes:\n\"When exporting your connection data, you may notice that some of the email "
                 "addresses are missing.\"\n\n")
        writer = csv.writer(fh)
        writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
        for i, p in enumerate(persons):
            email = p["email"] if i % 5 == 0 else ""  # most connections hide their email
            writer.writerow([p["first"], p["last"], p["linkedin"], email, p["company"], p["role"], p["connected"]])


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    out = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            out[str(path.relative_to(root))] = (path.stat().st_mtime_ns, path.read_bytes())
    return out


def bench(kind: str, source: Path, work: Path) -> dict[str, float]:
    vault = work / f"vault-{kind}"
    (vault / ".vaultkit").mkdir(parents=True)
    (vault / ".vaultkit" / "config.yaml").write_text("me: Sam Rivera\n", encoding="utf-8")
    env = env_with_cache(work / f"cache-{kind}")
    parse_time, out = run_timed([sys.executable, "-c", PARSE, kind, str(source)], env)
    inner_parse, records, _ = out.split()
    first, out = run_timed([*VAULTKIT, "import", kind, str(source), "--vault", str(vault)], env)
    print(f"  import into an empty vault:   {first:7.2f} s   ({out.strip()})")
    notes = len(list((vault / "people").glob("*.md")))
    assert notes == int(records), f"{notes} notes for {records} records"
    refresh, _ = run_timed([*VAULTKIT, "index", "--vault", str(vault)], env)
    before = snapshot(vault)
    noop, summary = run_timed([*VAULTKIT, "import", kind, str(source), "--vault", str(vault)], env)
    merge, out = run_timed([sys.executable, "-c", MERGE, kind, str(source), str(vault)], env)
    merge_inner, unchanged = out.split()
    after = snapshot(vault)
    changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
    print(f"  index refresh of the notes:   {refresh:7.2f} s")
    print(f"  the same import again:        {noop:7.2f} s   ({summary.strip()})")
    print(f"  of which matching and comparing {float(merge_inner):.2f} s ({unchanged} notes unchanged), "
          "the rest is start-up and parsing")
    print(f"  parse alone (baseline):       {parse_time:7.2f} s   (in-process {float(inner_parse):.2f} s, "
          f"{records} records)")
    print(f"  files rewritten by the no-op: {len(changed)}" + (f" e.g. {changed[:3]}" if changed else ""))
    print(f"  ratios: no-op / first import {noop / first:.2f}, first import / parse {first / parse_time:.1f}, "
          f"no-op / parse {noop / parse_time:.1f}")
    if changed:
        raise SystemExit("the no-op import rewrote files")
    return {"first": first, "noop": noop, "parse": parse_time, "merge": float(merge_inner)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=20261126)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vaultkit-bench-import-"))
    try:
        persons = people(args.count, args.seed)
        vcf, csv = work / "contacts.vcf", work / "Connections.csv"
        write_vcf(vcf, persons)
        write_csv(csv, people(args.count, args.seed + 1))
        for kind, source in (("vcard", vcf), ("linkedin", csv)):
            print(f"{kind}: {args.count} records ({source.stat().st_size / 1e6:.1f} MB)")
            bench(kind, source, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
