"""Drafted messages: templates (English, French with tu and vous), what may go into them,
the voice of each contact, mailto links, the optional draft_command, template checks."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.engines.drafts import (
    BUILTIN,
    FACTS,
    KINDS,
    VARIANTS,
    Drafter,
    Voice,
    at_event,
    event_name,
    language,
    mailto,
    register,
    render,
    template_problems,
    when,
)
from vaultkit.engines.phrasing import de, elapsed, language_of, ordinal, promise, with_article
from vaultkit.engines.talking import facts as talking_facts
from vaultkit.notes.marks import marks

from .conftest import as_json, write_vault

SAMPLE = {
    "first_name": "Ada", "name": "Ada Lovelace", "me": "Sam", "company": "Coldline", "role": "CEO",
    "event": "Station F Demo Day", "at_event": "at Station F Demo Day", "when": "on Tuesday",
    "topic": "your grocery pilot", "promise": "the article on cold chain", "needs": "seed funding",
    "de_needs": "d'un data engineer", "needs_bare": "recrutement", "help_need": "with seed funding",
    "helper": "Élodie Marchand", "helper_first": "Élodie", "helper_company": "Canopée Ventures",
    "neutral": "I hope you enjoyed the rest of the event.", "last_when": "on 3 May", "elapsed": "3 months",
    "age": 41, "age_ordinal": "41st",
}
# a slot left empty: a preposition or an article before punctuation, empty brackets, doubled spaces
EMPTY_SLOT = re.compile(r"\b(about|with|at|on|for|since|de|du|pour|sur|chez|lors de|côté|the|a|an|le|la|les)"
                        r"\s*[.,:;!?)]|\(\s*\)|« *»|  | [,.]|^[,.:;!?]", re.MULTILINE | re.IGNORECASE)


def test_builtin_templates_exist_for_every_kind_and_voice() -> None:
    for kind in KINDS:
        for variant in VARIANTS:
            assert (kind, variant) in BUILTIN


def test_builtin_templates_use_only_documented_facts() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "agenda.md").read_text(encoding="utf-8")
    for (kind, _), text in BUILTIN.items():
        for fact in re.findall(r"\{([a-z_]+)\}", text):
            assert fact in FACTS[kind], (kind, fact)
    for fact in set().union(*FACTS.values()):
        assert f"`{fact}`" in docs, f"{fact} is not documented in docs/agenda.md"


@settings(max_examples=300)
@given(st.sets(st.sampled_from(sorted(SAMPLE))), st.sampled_from(KINDS), st.sampled_from(VARIANTS))
def test_no_builtin_template_leaves_an_empty_slot(keys, kind, variant) -> None:
    text = render(BUILTIN[(kind, variant)], {k: SAMPLE[k] for k in keys})
    assert not re.search(r"[{}\[\]]", text), text
    assert not EMPTY_SLOT.search(text), text
    assert "\n\n\n" not in text and text == text.strip()


def test_every_builtin_with_sparse_facts_reads_as_whole_sentences() -> None:
    for (kind, variant), template in BUILTIN.items():
        for facts in ({}, {"first_name": "Ada"}, {"first_name": "Ada", "me": "Sam"}):
            text = render(template, facts)
            for line in filter(None, text.split("\n")):
                if line == "Sam":
                    continue  # the signature
                assert line[0].isupper() and line[-1] in ".!?,", (kind, variant, line)


def test_english_follow_up_names_the_event_the_topic_the_promise_and_the_helper() -> None:
    facts = {k: SAMPLE[k] for k in ("first_name", "at_event", "when", "topic", "promise", "helper",
                                    "helper_company", "help_need")}
    text = Drafter(None, "en", "Sam Rivera").draft("followup", "en", facts)
    assert text == (
        "Hi Ada,\n\nGreat talking with you at Station F Demo Day on Tuesday.\n"
        "I really enjoyed our conversation about your grocery pilot.\n"
        "As promised, I'm sending you the article on cold chain.\n"
        "I thought of Élodie Marchand (Canopée Ventures), who could help with seed funding: happy to introduce you.\n"
        "Let's keep in touch!\n\nBest,\nSam")


def test_french_drafts_say_tu_or_vous_throughout() -> None:
    drafter = Drafter(None, "fr", "Sam Rivera")
    facts = {"first_name": "Léa", "at_event": "lors du salon Data & IA", "when": "hier",
             "promise": "la liste des business angels", "helper": "Paul Morin", "help_need": "à trouver un CTO"}
    vous = drafter.draft("followup", "fr", facts, register="vous")
    tu = drafter.draft("followup", "fr", facts, register="tu")
    assert "je vous envoie la liste des business angels" in vous and "qui pourrait vous aider à trouver" in vous
    assert "je t'envoie la liste des business angels" in tu and "qui pourrait t'aider à trouver" in tu
    assert not re.search(r"\b(tu|te|t'|ton|ta|tes|toi)\b", vous.replace("Salut", "")), vous
    assert not re.search(r"\b(vous|votre|vos)\b", tu.replace("vous mettre en relation", "")), tu
    for kind in KINDS:
        for reg, banned in (("vous", r"\b(tu|te|ton|tes|toi|es-tu|vas-tu)\b|\bt'"), ("tu", r"\b(votre|vos|allez)\b")):
            text = drafter.draft(kind, "fr", dict(SAMPLE, topic="le pilote", promise="le deck"), register=reg)
            assert not re.search(banned, text), (kind, reg, text)


def test_a_register_from_the_front_matter_else_the_vault_default() -> None:
    assert register({"register": "tu"}) == "tu" and register({"register": "Vous"}, "tu") == "vous"
    assert register({"tutoiement": True}) == "tu" and register({"tutoiement": "non"}, "tu") == "vous"
    assert register({"vouvoiement": False}) == "tu" and register({"register": "informal"}) == "tu"
    assert register({}, "tu") == "tu" and register({}) == "vous" and register({"register": "?"}, "x") == "vous"
    assert Voice("fr", "tu").variant == "fr-tu" and Voice("en", "tu").variant == "en"


def test_the_vault_default_register_and_a_contacts_own(make_vault, run) -> None:
    vault = make_vault({
        "people/Léa.md": "---\ntype: contact\nlang: fr\n---\n",
        "people/Hugo.md": "---\ntype: contact\nlang: fr\nregister: vous\n---\n",
        "events/2027-02-20 Salon.md": "---\ntype: event\ndate: 2027-02-20\nattendees: ['[[Léa]]', '[[Hugo]]']\n---\n",
    }, config="me: Sam Rivera\nregister: tu\n")
    drafts = {i["contact"]: i["draft"] for i in as_json(run("followup", "--date", "2027-02-22", "--format", "json",
                                                             vault=vault))}
    assert drafts["Léa"].startswith("Salut Léa,") and "t'a plu" in drafts["Léa"]
    assert drafts["Hugo"].startswith("Bonjour Hugo,") and "vous a plu" in drafts["Hugo"]
    bad = make_vault({}, config="register: toi\n", name="bad")
    result = run("agenda", vault=bad)
    assert result.exit_code != 0 and "`register` must be `tu` or `vous`" in result.output


def test_a_check_in_after_an_exchange_the_same_day_names_no_day() -> None:
    for lang in ("en", "fr"):
        text = Drafter(None, lang).draft("checkin", lang, {"first_name": "Ada"})
        assert "today" not in text and "aujourd'hui" not in text and "dernier échange" not in text
    assert "Quelles seraient les disponibilités" not in BUILTIN[("checkin", "fr")]


def test_render_rules() -> None:
    template = "Hi {a},\n\n\n\nTalked[ about {topic}] at {event}[ {when}].\n[Help: {h}[ ({c})].]\nBye"
    assert render(template, {"a": "Ada", "event": "E"}) == "Hi Ada,\n\nTalked at E.\nBye"
    assert render(template, {"a": "Ada", "event": "E", "topic": "X", "h": "Bo", "c": "Co"}) == (
        "Hi Ada,\n\nTalked about X at E.\nHelp: Bo (Co).\nBye")
    assert render(template, {"event": "E", "h": "Bo"}) == "Talked at E.\nHelp: Bo.\nBye"
    # a fact holding braces is written as is, never expanded again
    assert render("See {x}.", {"x": "{y}"}) == "See {y}."
    assert render("[only {gone}]\nkept", {}) == "kept"
    assert render("x {a}", {"a": "   "}) == ""


def test_templates_can_be_overridden_per_language(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "followup.fr.md").write_text("Salut {first_name} ! Vu à {event}.\n[Note : {topic}]\n", encoding="utf-8")
    (folder / "reconnect.md").write_text("---\nnote: front matter is skipped\n---\nYo {first_name}\n",
                                         encoding="utf-8")
    drafter = Drafter(folder, "en")
    assert drafter.draft("followup", "fr", {"first_name": "Léa", "event": "Demo"}) == "Salut Léa ! Vu à Demo."
    assert drafter.draft("followup", "en", {"first_name": "Léa", "at_event": "at Demo"}).startswith("Hi Léa,")
    assert drafter.draft("reconnect", "fr", {"first_name": "Léa"}) == "Yo Léa"


def test_language_when_and_event_names() -> None:
    assert language("fr", "en") == "fr" and language("FR-ca", "en") == "fr"
    assert language("de", "fr") == "fr" and language(None, "en") == "en"
    assert when("2027-02-23", "2027-02-25", "en") == "on Tuesday"
    assert when("2027-02-24", "2027-02-25", "en") == "yesterday"
    assert when("2027-02-25", "2027-02-25", "fr") == "aujourd'hui"
    assert when("2027-02-01", "2027-02-25", "fr") == "le 1er février"
    assert when("2026-12-18", "2027-02-25", "en") == "on 18 December 2026"
    assert when(None, "2027-02-25", "en") is None
    assert event_name("2026-11-23 Call with Hugo") == "Call with Hugo"
    assert at_event("2026-11-23 Call with Hugo", "call", "en") == "on our call"
    assert at_event("Demo Day", None, "fr") == "lors de « Demo Day »"
    assert at_event("Salon Data & IA", "conference", "en") == "at the Salon Data & IA"
    assert at_event("Salon Data & IA", "conference", "fr") == "lors du salon Data & IA"
    assert at_event("2026-12-01 Petit-déjeuner French Tech", None, "fr") == "lors du petit-déjeuner French Tech"
    assert at_event("Soirée des fondateurs", None, "fr") == "lors de la soirée des fondateurs"
    assert at_event("Atelier dbt", None, "fr") == "lors de l'atelier dbt"




def test_vault_templates_change_the_agenda_drafts(make_vault, run) -> None:
    vault = make_vault({
        "people/Ada.md": "---\ntype: contact\nlang: fr\n---\n",
        "people/Bob.md": "---\ntype: contact\n---\n",
        "events/Demo.md": "---\ntype: event\ndate: 2027-02-20\nattendees: ['[[Ada]]', '[[Bob]]']\n---\n"
                          "- [[Ada]]: cherche un associé technique\n"
                          "- [[Bob]]: needs a designer topic:: your designer search\n",
    })
    folder = vault / ".vaultkit" / "templates"
    folder.mkdir(parents=True)
    (folder / "followup.en.md").write_text("Hey {first_name}, good to see you {at_event}.\n[About {topic}.]\n",
                                           encoding="utf-8")
    data = as_json(run("agenda", "--date", "2027-02-23", "--format", "json", vault=vault))
    drafts = {i["contact"]: i["draft"] for i in data["follow_up"]}
    assert drafts["Bob"] == "Hey Bob, good to see you at Demo.\nAbout your designer search."
    assert drafts["Ada"].startswith("Bonjour Ada,") and "cherche un associé technique" not in drafts["Ada"]
    assert "« Demo »" in drafts["Ada"]


def test_french_tu_templates_fall_back_to_the_french_ones(tmp_path: Path) -> None:
    (tmp_path / "birthday.fr.md").write_text("Bon anniversaire {first_name} !\n", encoding="utf-8")
    drafter = Drafter(tmp_path, "fr")
    assert drafter.draft("birthday", "fr", {"first_name": "Léa"}, register="tu") == "Bon anniversaire Léa !"
    (tmp_path / "birthday.fr-tu.md").write_text("Bon anniv {first_name} !\n", encoding="utf-8")
    assert Drafter(tmp_path, "fr").draft("birthday", "fr", {"first_name": "Léa"}, register="tu") == "Bon anniv Léa !"


def test_introduction_and_share_messages_in_each_voice() -> None:
    from vaultkit.engines.introducing import opt_in, share

    tu = opt_in(Voice("fr", "tu"), "Nina", "Paul Morin (Data & Co)", "Paul", ["un data analyst"], ["seed funding"],
                ["jazz"], "Sam")
    assert tu == ("Salut Nina,\n\nJe pense que tu devrais rencontrer Paul Morin (Data & Co). Paul pourrait t'aider "
                  "à trouver un data analyst. En retour, tu pourrais aider Paul côté seed funding. Vous vous "
                  "intéressez tous les deux à « jazz ».\n\nVeux-tu que je vous présente ? Si oui, je vérifie aussi "
                  "avec Paul, puis je vous mets en relation par e-mail.\n\nÀ bientôt,\nSam")
    en = opt_in(Voice("en"), "Ada", "Bob Smith", "Bob", ["a CTO", "seed funding"], [], [], "")
    assert "Bob could help you find a CTO, and with seed funding." in en and en.endswith("Best")
    assert share(Voice("fr", "tu"), "Yann", "la chaîne du froid", None, "interests", ["chaîne du froid"], "Sam") == (
        "Salut Yann,\n\nJ'ai lu un article sur la chaîne du froid et j'ai pensé à toi, vu ton intérêt pour "
        "« chaîne du froid ».\n\nBelle journée,\nSam")


# -- what may go into a message ---------------------------------------------------------------


def test_marks_are_inline_fields_of_the_message_names_only() -> None:
    assert marks("- [[Inès]]: lève un seed. sujet:: votre levée de seed") == [("sujet", "votre levée de seed")]
    assert marks("notes [topic:: your pilot] and (Sujet:: ton projet) more") == [
        ("topic", "your pilot"), ("sujet", "ton projet")]
    assert marks("talking_point:: the **launch**.") == [("topic", "the launch")]
    assert marks("status:: done") == [] and marks("see http://x::y") == [] and marks("topic::   ") == []


def test_the_reader_keeps_marks_with_the_day_of_their_section(make_vault) -> None:
    from vaultkit.config import load_config
    from vaultkit.store.index import Index

    vault = make_vault({"people/Ada.md": "---\ntype: contact\n---\ntopic:: your pilot\n"
                                         "## 2027-01-05 Coffee\nprivate words [sujet:: ta levée]\n"})
    with Index(load_config(vault)) as ix:
        ix.refresh()
        note = ix.notes(["people/Ada.md"])["people/Ada.md"]
    assert [(m.key, m.text, m.line, m.date) for m in note.marks] == [
        ("topic", "your pilot", 4, None), ("sujet", "ta levée", 6, "2027-01-05")]


def test_grammar_of_structured_fields() -> None:
    assert with_article("A/B testing expert") == "an A/B testing expert"
    assert with_article("data engineer") == "a data engineer" and with_article("investor") == "an investor"
    assert with_article("dbt freelancers") == "dbt freelancers" and with_article("seed funding") == "seed funding"
    assert with_article("a job in Lyon") == "a job in Lyon" and with_article("UX designer") == "a UX designer"
    assert de("le tableau de bord") == "du tableau de bord" and de("les CV") == "des CV"
    assert de("un data analyst") == "d'un data analyst" and de("la chaîne du froid") == "de la chaîne du froid"
    assert de("hier") == "d'hier" and de("mardi") == "de mardi"
    assert ordinal(41) == "41st" and ordinal(12) == "12th" and ordinal(22) == "22nd"


def test_how_long_it_has_been_in_words() -> None:
    assert [elapsed(d, "en") for d in (5, 21, 92, 330, 365, 430, 800)] == [
        "a few days", "3 weeks", "3 months", "11 months", "a year", "over a year", "over two years"]
    assert [elapsed(d, "fr") for d in (92, 430, 800)] == ["3 mois", "plus d'un an", "plus de deux ans"]


def test_promises_are_what_the_user_will_send() -> None:
    names = ("Ada Lovelace", "Ada")
    assert promise("send [[Ada Lovelace]] the article on cold chain", names) == ("en", "the article on cold chain")
    assert promise("Send Ada the deck #work", names) == ("en", "the deck")
    assert promise("share the reading list with [[Ada Lovelace|Ada]]", names) == ("en", "the reading list")
    assert promise("envoyer à [[Ada Lovelace]] la liste des business angels", names) == (
        "fr", "la liste des business angels")
    assert promise("lui envoyer le deck", names) == ("fr", "le deck")
    assert promise("call [[Ada Lovelace]] back", names) is None and promise("send [[Ada]]", names) is None


def test_the_language_of_a_short_text() -> None:
    assert language_of("your search for a data analyst role") == "en"
    assert language_of("votre levée de seed") == "fr" and language_of("la proposition") == "fr"
    assert language_of("seed funding") == "en" and language_of("coaching de fondateurs") == "fr"
    assert language_of("dbt freelancers") is None and language_of("Coldline") is None


def test_facts_leave_out_text_in_another_language_with_a_notice() -> None:
    facts, notices = talking_facts(Voice("fr", "vous"), "Inès Haddad", ["votre levée", "your pilot"],
                                   ["send [[Inès Haddad]] the deck"], ["un CTO", "a data engineer"],
                                   ("un CTO", "Paul Morin", "Freelance"), ["GreenCart"])
    assert facts["topic"] == "votre levée" and facts["promise"] is None
    assert facts["de_needs"] == "d'un CTO" and facts["help_need"] == "à trouver un CTO"
    assert facts["helper"] == "Paul Morin" and facts["helper_company"] is None  # `Freelance` is no company
    assert facts["company"] == "GreenCart"
    assert len(notices) == 3 and all("English" in n and "French draft" in n for n in notices)
    facts, notices = talking_facts(Voice("en"), "Kim Lee", needs=["A/B testing expert", "seed funding"])
    assert facts["needs"] == "an A/B testing expert and seed funding" and notices == []


# -- sending ------------------------------------------------------------------------------------


def test_mailto_follows_rfc_6068() -> None:
    body = "Hi Ada,\n\nQ&A: 100% sure? #1 café = ok\nBest"
    link = mailto("ada+work@example.org", "Suite à notre échange – Salon", body)
    assert link is not None and link.startswith("mailto:ada%2Bwork@example.org?subject=Suite%20%C3%A0%20")
    assert not re.search(r"[\s\n#]", link) and "%0D%0A%0D%0A" in link
    parts = urlsplit(link)
    query = dict(parse_qsl(parts.query))
    assert unquote(parts.path) == "ada+work@example.org"
    assert query == {"subject": "Suite à notre échange – Salon", "body": body.replace("\n", "\r\n")}
    assert mailto(None, "x", "y") is None and mailto("not an address", "x", "y") is None


# -- draft_command ------------------------------------------------------------------------------

REWRITER = """\
import json, sys, time
data = json.load(sys.stdin)
mode = sys.argv[1]
if mode == "ok":
    print("REWRITTEN " + data["kind"] + " " + data["lang"] + " " + str(data["register"]) + " "
          + str(len(data["context"])) + "\\n" + data["draft"].upper())
elif mode == "fail":
    sys.exit("model not loaded")
elif mode == "slow":
    time.sleep(5)
"""


def _rewriter(tmp_path: Path, mode: str) -> str:
    script = tmp_path / "rewrite.py"
    script.write_text(REWRITER, encoding="utf-8")
    return f"'{sys.executable}' '{script}' {mode}"


def test_draft_command_rewrites_each_draft(tmp_path: Path) -> None:
    drafter = Drafter(None, "fr", "Sam", command=_rewriter(tmp_path, "ok"))
    draft = drafter.compose("birthday", Voice("fr", "tu"), {"first_name": "Léa"}, "lea@example.org",
                            context=["private note"])
    assert draft.text.startswith("REWRITTEN birthday fr tu 1\nJOYEUX ANNIVERSAIRE, LÉA !")
    assert draft.notices == [] and draft.context == ["private note"]
    assert unquote(draft.mailto or "").endswith("JOYEUX ANNIVERSAIRE, LÉA !\r\nJE TE SOUHAITE UNE TRÈS BELLE "
                                                "JOURNÉE.\r\n\r\nSAM")


def test_draft_command_failures_keep_the_built_in_draft(tmp_path: Path) -> None:
    builtin = Drafter(None, "en", "Sam").compose("birthday", Voice("en"), {"first_name": "Ada"}).text
    for mode, notice in (("fail", "draft_command failed (exit status 1: model not loaded)"),
                         ("empty", "draft_command answered nothing"),
                         ("slow", "draft_command took more than 1 s")):
        drafter = Drafter(None, "en", "Sam", command=_rewriter(tmp_path, mode), timeout=1)
        draft = drafter.compose("birthday", Voice("en"), {"first_name": "Ada"})
        assert draft.text == builtin
        assert len(draft.notices) == 1 and draft.notices[0].startswith(notice), draft.notices
    missing = Drafter(None, "en", command="/no/such/model").compose("birthday", Voice("en"), {})
    assert missing.notices[0].startswith("draft_command could not run")


def test_a_draft_command_that_hangs_is_not_waited_for_again(tmp_path: Path) -> None:
    import time

    drafter = Drafter(None, "en", "Sam", command=_rewriter(tmp_path, "slow"), timeout=1)
    start = time.monotonic()
    drafts = [drafter.compose("birthday", Voice("en"), {"first_name": name}) for name in ("Ada", "Bob", "Cy")]
    assert time.monotonic() - start < 2.5  # one timeout, not three
    assert all(d.notices == drafts[0].notices and "took more than 1 s" in d.notices[0] for d in drafts)
    assert drafts[2].text.startswith("Happy birthday, Cy!")


def test_draft_command_from_the_config_reaches_the_agenda(make_vault, run, tmp_path: Path) -> None:
    command = _rewriter(tmp_path, "ok").replace("'", '"')
    vault = make_vault({"people/Ada.md": "---\ntype: contact\nbirthday: 1990-02-26\n---\n"},
                       config=f"me: Sam Rivera\ndraft_command: '{command}'\ndraft_timeout: 20\n")
    item = as_json(run("agenda", "--date", "2027-02-25", "--format", "json", vault=vault))["birthdays"][0]
    assert item["draft"].startswith("REWRITTEN birthday en None 0\nHAPPY 37TH BIRTHDAY, ADA!")
    default = make_vault({"people/Ada.md": "---\ntype: contact\nbirthday: 1990-02-26\n---\n"}, name="plain")
    plain = as_json(run("agenda", "--date", "2027-02-25", "--format", "json", vault=default))["birthdays"][0]
    assert plain["draft"].startswith("Happy 37th birthday, Ada!")  # off by default


# -- checking templates -------------------------------------------------------------------------


def test_check_reports_an_unknown_placeholder_with_its_file_and_line(make_vault, run) -> None:
    vault = make_vault({})
    folder = vault / ".vaultkit" / "templates"
    folder.mkdir(parents=True)
    (folder / "followup.en.md").write_text("---\nnote: mine\n---\nHi {firstname},\n\n{topic}\n", encoding="utf-8")
    (folder / "contact.md").write_text("---\nname: {{name}}\n---\n{whatever}\n", encoding="utf-8")  # not a draft
    problems = template_problems(folder)
    assert [(name, line) for name, line, _ in problems] == [("followup.en.md", 4)]
    result = run("check", vault=vault)
    assert result.exit_code == 1
    assert ".vaultkit/templates/followup.en.md:4: error: unknown placeholder {firstname}" in result.output


# -- the property: private notes stay private ----------------------------------------------------

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéàç ,.'", min_size=12, max_size=60).map(
    lambda s: " ".join(s.split())).filter(lambda s: len(s) >= 12 and "::" not in s)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event_lines=st.lists(WORDS, min_size=1, max_size=3), own_lines=st.lists(WORDS, min_size=1, max_size=3),
       marked=st.lists(st.sampled_from(["your pilot", "the launch", "votre projet"]), max_size=2),
       lang=st.sampled_from(["en", "fr"]), reg=st.sampled_from(["tu", "vous"]))
def test_no_note_line_reaches_a_draft_unless_marked(tmp_path_factory, event_lines, own_lines, marked, lang,
                                                    reg) -> None:
    from click.testing import CliRunner

    from vaultkit.cli.main import cli

    event_body = "\n".join(f"- [[Ada]]: {line}" for line in event_lines)
    if marked:
        event_body += " " + " ".join(f"[topic:: {m}]" for m in marked)
    own = "\n".join(own_lines)
    vault = write_vault(tmp_path_factory.mktemp("prop") / "v", {
        "people/Ada.md": f"---\ntype: contact\nlang: {lang}\nregister: {reg}\nfollow_up: 2027-02-22\n"
                         f"needs: [a pilot]\n---\n{own}\n## 2027-02-20 Coffee\n{own}\n",
        "events/2027-02-20 Demo.md": f"---\ntype: event\ndate: 2027-02-20\nattendees: ['[[Ada]]']\n---\n"
                                     f"{event_body}\n",
    })
    runner = CliRunner()
    texts = []
    for args in (("agenda", "--date", "2027-02-22"), ("followup", "ada", "--date", "2027-02-22"),
                 ("followup", "ada", "--date", "2027-06-22")):
        result = runner.invoke(cli, [*args, "--format", "json", "--vault", str(vault)], catch_exceptions=False)
        data = json.loads(result.stdout)
        items = data["follow_up"] if isinstance(data, dict) else data
        texts += [i["draft"] for i in items]
    assert texts
    private = [line.strip(" ,.'") for line in event_lines + own_lines]
    for text in texts:
        for line in private:
            if len(line) >= 12:
                assert line not in text, (line, text)
    if marked and lang == "en":  # what is marked (in the draft's language) is said
        assert all(any(m in text for text in texts) for m in marked if m != "votre projet")
