"""Drafted messages as they are sent: the whole text for each situation, English and French
(``tu`` and ``vous``), read for grammar and tone. The notes never reach a message: only text
marked for messages, promises, structured fields and helpers do."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from .conftest import as_json

T = "2027-03-10"  # a Wednesday
CONFIG = "me: Sam Rivera\nlanguage: en\n"
VAULT = {
    # -- English contacts
    "people/Ada Okafor.md": """\
        ---
        type: contact
        company: Coldline
        role: CEO
        email: ada@coldline.example
        needs: [pilot customers]
        ---
        Met through Léa. Very direct, prefers short emails.
        """,
    "people/Ben Carter.md": """\
        ---
        type: contact
        email: ben@example.org
        ---
        """,
    "people/Jane Doe.md": """\
        ---
        type: contact
        company: Northwind
        email: jane@northwind.example
        ---
        """,
    "people/Julien Morel.md": """\
        ---
        type: contact
        company: Brightloop
        needs: [dbt freelancers]
        lang: en
        ---
        """,
    "people/Thomas Girard.md": """\
        ---
        type: contact
        company: Freelance
        role: Analytics engineer
        offers: [dbt freelancer]
        ---
        """,
    "people/Kim Lee.md": """\
        ---
        type: contact
        company: Acme
        follow_up: 2027-03-10
        needs: [A/B testing expert]
        ---
        ## 2027-02-20 Coffee
        She is unhappy with her manager, thinking of leaving. topic:: the Acme pricing experiment
        """,
    "people/Rachel Stone.md": """\
        ---
        type: contact
        company: Globex
        cadence: 1m
        ---
        ## 2026-12-08 Lunch
        Divorce going badly; do not bring it up.
        """,
    "people/Grace Hall.md": """\
        ---
        type: contact
        birthday: 1986-03-12
        email: grace@example.org
        ---
        """,
    "people/Omar Said.md": """\
        ---
        type: contact
        interests: [cold chain]
        email: omar@example.org
        ---
        """,
    "people/Tom Becker.md": """\
        ---
        type: contact
        ---
        """,
    # -- French contacts
    "people/Inès Haddad.md": """\
        ---
        type: contact
        lang: fr
        company: GreenCart
        email: ines@greencart.example
        ---
        """,
    "people/Hugo Lefèvre.md": """\
        ---
        type: contact
        lang: fr
        register: tu
        ---
        """,
    "people/Marie Lefebvre.md": """\
        ---
        type: contact
        lang: fr
        company: Banque Rhône
        needs: [un data analyst]
        ---
        """,
    "people/Nina Roux.md": """\
        ---
        type: contact
        lang: fr
        tutoiement: true
        ---
        """,
    "people/Paul Morin.md": """\
        ---
        type: contact
        lang: fr
        offers: [data analyst]
        company: Data & Co
        ---
        """,
    "people/Léa Moreau.md": """\
        ---
        type: contact
        lang: fr
        register: tu
        birthday: --03-11
        ---
        """,
    "people/Claire Petit.md": """\
        ---
        type: contact
        lang: fr
        birthday: 1980-03-13
        ---
        """,
    "people/Louis Blanc.md": """\
        ---
        type: contact
        lang: fr
        register: tu
        company: Atelier Blanc
        cadence: 6m
        ---
        ## 2026-01-05 Déjeuner
        Il pense vendre sa boîte, pas encore annoncé.
        """,
    "people/Sophie Martin.md": """\
        ---
        type: contact
        lang: fr
        follow_up: 2027-03-10
        ---
        ## 2027-03-10 Followed up
        Relancée pour le devis, elle hésite encore.
        """,
    "people/Yann Le Gall.md": """\
        ---
        type: contact
        lang: fr
        register: tu
        interests: [chaîne du froid]
        ---
        """,
    # -- events
    "events/2027-03-09 Salon Data & IA.md": """\
        ---
        type: event
        kind: conference
        date: 2027-03-09
        attendees: ["[[Ada Okafor]]", "[[Ben Carter]]", "[[Inès Haddad]]", "[[Hugo Lefèvre]]", "[[Marie Lefebvre]]"]
        ---
        ## Préparation
        - [[Inès Haddad]]: lui parler du besoin data de GreenCart
        ## Après
        - [[Ada Okafor]]: on the cold-chain panel; wants a French grocery pilot. topic:: your grocery pilot in France
        - [[Ben Carter]]: seemed bored, left early
        - [[Inès Haddad]]: lève un seed en janvier, cherche des business angels. sujet:: votre levée de seed
        - [[Hugo Lefèvre]]: a l'air de galérer avec son associé
        - [[Marie Lefebvre]]: y sera avec son équipe BI, bon moment pour relancer le tableau de bord financier
        """,
    "events/2027-03-08 Call Jane Doe.md": """\
        ---
        type: event
        kind: call
        date: 2027-03-08
        attendees: ["[[Jane Doe]]"]
        ---
        - [[Jane Doe]]: See 2027-03-08 Call Jane Doe. She wants the proposal by 10 March. topic:: la proposition
        """,
    "events/2027-03-05 Petit-déjeuner French Tech.md": """\
        ---
        type: event
        date: 2027-03-05
        attendees: ["[[Julien Morel]]", "[[Nina Roux]]"]
        ---
        - [[Julien Morel]]: cherche un freelance dbt pour 3 mois
        - [[Nina Roux]]: ouvre un bureau à Lyon
        """,
    "tasks.md": """\
        # Tasks
        - [ ] send [[Ada Okafor]] the article on cold chain in Europe
        - [ ] envoyer à [[Nina Roux]] la liste des business angels 📅 2027-03-12
        - [ ] call [[Ben Carter]] back about the budget
        """,
}

GOLDEN = {
    ('follow_up', 'Julien Morel'): (
        'Hi Julien,\n'
        '\n'
        'Great talking with you at the Petit-déjeuner French Tech on Friday.\n'
        'I thought of Thomas Girard, who could help you find dbt freelancers: happy to introduce you.\n'
        "Let's keep in touch!\n"
        '\n'
        'Best,\n'
        'Sam'
    ),
    ('follow_up', 'Nina Roux'): (
        'Salut Nina,\n'
        '\n'
        'Merci pour notre échange lors du petit-déjeuner French Tech vendredi.\n'
        "Comme promis, je t'envoie la liste des business angels.\n"
        'Au plaisir de te recroiser !\n'
        '\n'
        'À bientôt,\n'
        'Sam'
    ),
    ('follow_up', 'Jane Doe'): (
        'Hi Jane,\n'
        '\n'
        'Great talking with you on our call on Monday.\n'
        'Thanks again for your time.\n'
        "Let's keep in touch!\n"
        '\n'
        'Best,\n'
        'Sam'
    ),
    ('follow_up', 'Kim Lee'): (
        'Hi Kim,\n'
        '\n'
        'I wanted to check in after our conversation on 20 February.\n'
        'How are things going with the Acme pricing experiment?\n'
        'Are you still looking for an A/B testing expert?\n'
        'Would you have time for a quick call in the coming days?\n'
        '\n'
        'Best,\n'
        'Sam'
    ),
    ('follow_up', 'Ada Okafor'): (
        'Hi Ada,\n'
        '\n'
        'Great talking with you at the Salon Data & IA yesterday.\n'
        'I really enjoyed our conversation about your grocery pilot in France.\n'
        "As promised, I'm sending you the article on cold chain in Europe.\n"
        "Let's keep in touch!\n"
        '\n'
        'Best,\n'
        'Sam'
    ),
    ('follow_up', 'Ben Carter'): (
        'Hi Ben,\n'
        '\n'
        'Great talking with you at the Salon Data & IA yesterday.\n'
        'I hope you enjoyed the rest of the event.\n'
        "Let's keep in touch!\n"
        '\n'
        'Best,\n'
        'Sam'
    ),
    ('follow_up', 'Hugo Lefèvre'): (
        'Salut Hugo,\n'
        '\n'
        'Merci pour notre échange lors du salon Data & IA hier.\n'
        "J'espère que la suite de l'événement t'a plu.\n"
        'Au plaisir de te recroiser !\n'
        '\n'
        'À bientôt,\n'
        'Sam'
    ),
    ('follow_up', 'Inès Haddad'): (
        'Bonjour Inès,\n'
        '\n'
        'Merci pour notre échange lors du salon Data & IA hier.\n'
        "J'ai beaucoup apprécié notre discussion sur votre levée de seed.\n"
        'Au plaisir de vous recroiser !\n'
        '\n'
        'Bien à vous,\n'
        'Sam'
    ),
    ('follow_up', 'Marie Lefebvre'): (
        'Bonjour Marie,\n'
        '\n'
        'Merci pour notre échange lors du salon Data & IA hier.\n'
        "J'ai pensé à Paul Morin (Data & Co), qui pourrait vous aider à trouver un data analyst : je "
        'peux vous mettre en relation si vous le souhaitez.\n'
        'Au plaisir de vous recroiser !\n'
        '\n'
        'Bien à vous,\n'
        'Sam'
    ),
    ('birthdays', 'Léa Moreau'): (
        'Joyeux anniversaire, Léa !\n'
        'Je te souhaite une très belle journée.\n'
        '\n'
        'Sam'
    ),
    ('birthdays', 'Grace Hall'): (
        'Happy 41st birthday, Grace!\n'
        'I hope you have a wonderful day.\n'
        '\n'
        'Sam'
    ),
    ('birthdays', 'Claire Petit'): (
        'Joyeux anniversaire, Claire !\n'
        'Je vous souhaite une très belle journée pour vos 47 ans.\n'
        '\n'
        'Sam'
    ),
    ('followup', 'Rachel Stone'): (
        'Hi Rachel,\n'
        '\n'
        "It's been 3 months since we last talked: how are you?\n"
        'How are things at Globex?\n'
        'Would you be up for a coffee or a call soon?\n'
        '\n'
        'Best,\n'
        'Sam'
    ),
    ('followup', 'Louis Blanc'): (
        'Salut Louis,\n'
        '\n'
        "Ça fait plus d'un an qu'on ne s'est pas parlé : comment vas-tu ?\n"
        'Comment ça se passe chez Atelier Blanc ?\n'
        'Tu aurais un moment pour un café ou un appel prochainement ?\n'
        '\n'
        'À bientôt,\n'
        'Sam'
    ),
    ('followup', 'Sophie Martin'): (
        'Bonjour Sophie,\n'
        '\n'
        'Je reviens vers vous.\n'
        'Seriez-vous disponible pour en parler dans les prochains jours ?\n'
        '\n'
        'Bien à vous,\n'
        'Sam'
    ),
    ('followup', 'Tom Becker'): (
        'Hi Tom,\n'
        '\n'
        "It's been a while since we last talked: how are you?\n"
        'Would you be up for a coffee or a call soon?\n'
        '\n'
        'Best,\n'
        'Sam'
    ),
    ('intro_a', 'Julien Morel'): (
        'Hi Julien,\n'
        '\n'
        'I think you should meet Thomas Girard (Analytics engineer, Freelance). Thomas could help you '
        'find dbt freelancers.\n'
        '\n'
        "Would you like an introduction? If so, I'll check with Thomas too, then connect you both by email.\n"
        '\n'
        'Best,\n'
        'Sam'
    ),
    ('intro_b', 'Thomas Girard'): (
        'Hi Thomas,\n'
        '\n'
        'I think you should meet Julien Morel (Brightloop). You could help Julien find dbt freelancers.\n'
        '\n'
        "Would you like an introduction? If so, I'll check with Julien too, then connect you both by email.\n"
        '\n'
        'Best,\n'
        'Sam'
    ),
    ('intro_a', 'Marie Lefebvre'): (
        'Bonjour Marie,\n'
        '\n'
        'Je pense que vous devriez rencontrer Paul Morin (Data & Co). Paul pourrait vous aider à '
        'trouver un data analyst.\n'
        '\n'
        'Voulez-vous que je vous présente ? Si oui, je vérifie aussi avec Paul, puis je vous mets en '
        'relation par e-mail.\n'
        '\n'
        'Bien à vous,\n'
        'Sam'
    ),
    ('intro_b', 'Paul Morin'): (
        'Bonjour Paul,\n'
        '\n'
        'Je pense que vous devriez rencontrer Marie Lefebvre (Banque Rhône). Vous pourriez aider Marie '
        'à trouver un data analyst.\n'
        '\n'
        'Voulez-vous que je vous présente ? Si oui, je vérifie aussi avec Marie, puis je vous mets en '
        'relation par e-mail.\n'
        '\n'
        'Bien à vous,\n'
        'Sam'
    ),
    ('share_fr', 'Yann Le Gall'): (
        'Salut Yann,\n'
        '\n'
        "J'ai lu un article sur « chaîne du froid » et j'ai pensé à toi, vu ton intérêt pour « chaîne du froid ».\n"
        '\n'
        'Belle journée,\n'
        'Sam'
    ),
    ('share_url', 'Omar Said'): (
        'Hi Omar,\n'
        '\n'
        'I came across this and thought of you, given your interest in cold chain:\n'
        'https://example.org/cold-chain-europe\n'
        '\n'
        "Hope you're well,\n"
        'Sam'
    ),
    ('share_url', 'Ada Okafor'): (
        'Hi Ada,\n'
        '\n'
        'I came across this and thought of you, after our last chat:\n'
        'https://example.org/cold-chain-europe\n'
        '\n'
        "Hope you're well,\n"
        'Sam'
    ),
}


def _drafts(run, vault) -> dict[tuple[str, str], dict]:
    """Every draft of the golden vault, by (where it comes from, whom it is to)."""
    out: dict[tuple[str, str], dict] = {}
    agenda = as_json(run("agenda", "--date", T, "--days", "3", "--format", "json", vault=vault))
    for section in ("follow_up", "birthdays"):
        for item in agenda[section]:
            out[(section, item["contact"])] = item
    for name in ("rachel", "louis", "sophie", "tom"):
        for item in as_json(run("followup", name, "--date", T, "--format", "json", vault=vault)):
            out[("followup", item["contact"])] = item
    for item in as_json(run("intros", "--date", T, "--format", "json", vault=vault)):
        out[("intro_a", item["a"])] = item
        out[("intro_b", item["b"])] = {"draft": item["draft_b"], "mailto": item.get("mailto_b")}
    for key, topic in (("share_fr", "chaîne du froid"), ("share_url", "https://example.org/cold-chain-europe")):
        for item in as_json(run("share", topic, "--date", T, "--format", "json", vault=vault)):
            out[(key, item["name"])] = item
    return out


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> dict[tuple[str, str], dict]:
    from click.testing import CliRunner

    from vaultkit.cli.main import cli

    from .conftest import write_vault

    vault = write_vault(tmp_path_factory.mktemp("golden") / "vault", VAULT, CONFIG)

    def run(*args: str, vault: Path):
        return CliRunner().invoke(cli, [*args, "--vault", str(vault)], catch_exceptions=False)

    return _drafts(run, vault)


@pytest.mark.parametrize("key", sorted(GOLDEN), ids=lambda k: f"{k[0]}-{k[1]}")
def test_golden_draft(drafts, key) -> None:
    assert drafts[key]["draft"] == GOLDEN[key]


def test_the_golden_set_covers_the_situations_of_the_issue() -> None:
    assert len(GOLDEN) >= 20
    texts = list(GOLDEN.values())
    english = [t for t in texts if t.startswith(("Hi ", "Happy"))]
    tutoiement = [t for t in texts if t.startswith("Salut ") or "Je te souhaite" in t]
    vouvoiement = [t for t in texts if "vous" in t]
    assert len(english) >= 8 and len(tutoiement) >= 4 and len(vouvoiement) >= 4


def _private(line: str) -> str:
    """A body line without its marked part and without its ``- [[Name]]:`` lead."""
    line = re.split(r"\s(?:topic|sujet)::", line)[0]
    return re.sub(r"^- \[\[[^\]]+\]\]: ", "", line).strip()


PRIVATE = [_private(line) for text in VAULT.values() for line in textwrap.dedent(text).splitlines()
           if line.strip() and not re.match(r"---|#|- \[ \]|[a-z_]+:", line)]


def test_no_line_of_a_note_reaches_a_draft(drafts) -> None:
    private = [p for p in PRIVATE if len(p) > 12]
    assert "Divorce going badly; do not bring it up." in private  # the check checks something
    assert "y sera avec son équipe BI, bon moment pour relancer le tableau de bord financier" in private
    for key, item in drafts.items():
        for line in private:
            assert line not in item["draft"], (key, line)


def test_the_notes_are_given_beside_the_draft(drafts) -> None:
    rachel = drafts[("followup", "Rachel Stone")]
    assert rachel["context"] == ["Divorce going badly; do not bring it up."]
    ada = drafts[("follow_up", "Ada Okafor")]
    assert any("wants a French grocery pilot" in c for c in ada["context"])


def test_a_topic_in_another_language_is_left_out_with_a_notice(drafts) -> None:
    jane = drafts[("follow_up", "Jane Doe")]
    assert "proposition" not in jane["draft"]
    assert jane["notices"] == ["the marked topic 'la proposition' is written in French: left out of this "
                               "English draft (write it in English to have it said)"]
    assert "notices" not in drafts[("follow_up", "Ada Okafor")]  # the key only when there is one


def test_a_check_in_right_after_a_contact_names_no_day(drafts) -> None:
    sophie = drafts[("followup", "Sophie Martin")]["draft"]
    assert "aujourd'hui" not in sophie and "dernier échange" not in sophie


def test_each_draft_has_a_mailto_link_when_the_contact_has_an_email(drafts) -> None:
    ada = drafts[("follow_up", "Ada Okafor")]
    link = urlsplit(ada["mailto"])
    assert link.scheme == "mailto" and link.path == "ada@coldline.example"
    query = dict(parse_qsl(link.query))
    assert query["subject"] == "Great to meet you – Salon Data & IA"
    assert query["body"] == ada["draft"].replace("\n", "\r\n")
    assert " " not in ada["mailto"] and "\n" not in ada["mailto"] and "%0D%0A" in ada["mailto"]
    assert drafts[("birthdays", "Grace Hall")]["mailto"].startswith("mailto:grace@example.org?subject=Happy%20birthday")
    assert drafts[("share_url", "Omar Said")]["mailto"].startswith("mailto:omar@example.org?")
    assert drafts[("intro_b", "Thomas Girard")]["mailto"] is None  # no email: no link
    assert "mailto" not in drafts[("follow_up", "Julien Morel")]
