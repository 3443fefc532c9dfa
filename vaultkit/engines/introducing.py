"""The messages of an introduction (a double opt-in: each side is asked first) and of
sharing an article, in English and in French with ``tu`` or ``vous``."""

from __future__ import annotations

from vaultkit.engines.drafts import Voice
from vaultkit.engines.phrasing import has_article_fr, to_find, with_article


def _hello(voice: Voice, first: str) -> str:
    """The greeting: ``Hi Ada``, ``Bonjour Ada`` (vous) or ``Salut Ada`` (tu)."""
    if voice.lang == "fr":
        return f"{'Salut' if voice.tu else 'Bonjour'} {first}"
    return f"Hi {first}"


def _sign(voice: Voice, me: str) -> str:
    """The closing and the user's name: ``Best``, ``Bien à vous`` (vous), ``À bientôt`` (tu)."""
    close = ("À bientôt" if voice.tu else "Bien à vous") if voice.lang == "fr" else "Best"
    return close + (f",\n{me}" if me else "")


def _join(items: list[str], lang: str, quote: bool = False) -> str:
    items = [f"« {x} »" if quote else x for x in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" et " if lang == "fr" else " and ") + items[-1]


def helping(needs: list[str], lang: str) -> str:
    """What helping with ``needs`` is: ``find dbt freelancers and with seed funding``;
    ``à trouver un data analyst``, ``côté recrutement``."""
    if lang == "fr":
        parts = [f"à trouver {n}" if has_article_fr(n) else f"côté {n}" for n in needs]
        return _join(parts, "fr")
    found = [with_article(n) for n in needs if to_find(n)]
    mass = [n for n in needs if not to_find(n)]
    parts = ([f"find {_join(found, 'en')}"] if found else []) + ([f"with {_join(mass, 'en')}"] if mass else [])
    return ", and ".join(parts)


def opt_in(voice: Voice, first: str, who: str, other: str, offers: list[str], needs: list[str],
           interests: list[str], me: str) -> str:
    """The message asking ``first`` whether they would like to meet ``who`` (``other`` for
    short): what the other can help them with (``offers``: their own needs that the other
    meets), what they could help the other with (``needs``: the other's), what both care about."""
    if voice.lang == "fr":
        tu = voice.tu
        lines = [f"Je pense que {'tu devrais' if tu else 'vous devriez'} rencontrer {who}."]
        if offers:
            lines.append(f"{other} pourrait {'t' + chr(39) if tu else 'vous '}aider {helping(offers, 'fr')}.")
        if needs:
            lead = ("En retour, tu" if tu else "En retour, vous") if offers else ("Tu" if tu else "Vous")
            verb = "pourrais" if tu else "pourriez"
            lines.append(f"{lead} {verb} aider {other} {helping(needs, 'fr')}.")
        if interests:
            lines.append(f"Vous vous intéressez tous les deux à {_join(interests, 'fr', True)}.")
        ask = "Veux-tu que je vous présente ?" if tu else "Voulez-vous que je vous présente ?"
        return (f"{_hello(voice, first)},\n\n" + " ".join(lines) + f"\n\n{ask} "
                f"Si oui, je vérifie aussi avec {other}, puis je vous mets en relation par e-mail.\n\n"
                + _sign(voice, me))
    lines = [f"I think you should meet {who}."]
    if offers:
        lines.append(f"{other} could help you {helping(offers, 'en')}.")
    if needs:
        lines.append(f"{'In return, you' if offers else 'You'} could help {other} {helping(needs, 'en')}.")
    if interests:
        lines.append(f"You both care about {_join(interests, 'en')}.")
    return (f"{_hello(voice, first)},\n\n" + " ".join(lines) + "\n\nWould you like an introduction? If so, "
            f"I'll check with {other} too, then connect you both by email.\n\n" + _sign(voice, me))


def share(voice: Voice, first: str, subject: str, url: str | None, what: str, items: list[str], me: str) -> str:
    """A short message sending an article to ``first``, saying why they came to mind."""
    sign = f",\n{me}" if me else ""
    if voice.lang == "fr":
        tu = voice.tu
        ton, tes = ("ton", "tu cherches") if tu else ("votre", "vous cherchez")
        why = {"needs": f", puisque {tes} {_join(items, 'fr', True)}",
               "interests": f", vu {ton} intérêt pour {_join(items, 'fr', True)}",
               "tags": f", vu {ton} intérêt pour {_join(items, 'fr', True)}",
               }.get(what, ", après notre dernier échange")
        thing = "ceci" if url else f"un article sur {subject if has_article_fr(subject) else f'« {subject} »'}"
        body = f"J'ai lu {thing} et j'ai pensé à {'toi' if tu else 'vous'}{why}" + (f" :\n{url}" if url else ".")
        return f"{_hello(voice, first)},\n\n{body}\n\nBelle journée" + sign
    why = {"needs": f", since you're looking for {_join(items, 'en')}",
           "interests": f", given your interest in {_join(items, 'en')}",
           "tags": f", given your interest in {_join(items, 'en')}",
           }.get(what, ", after our last chat")
    thing = "this" if url else f"a piece on {subject}"
    body = f"I came across {thing} and thought of you{why}" + (f":\n{url}" if url else ".")
    return f"{_hello(voice, first)},\n\n{body}\n\nHope you're well" + sign


def ask_again(voice: Voice, first: str, other: str, me: str) -> str:
    """Asking ``first`` again whether they would like to meet ``other`` (no answer yet)."""
    if voice.lang == "fr":
        if voice.tu:
            body = (f"Je reviens vers toi au sujet de ma proposition de te présenter {other}. "
                    "Veux-tu que je vous mette en relation ? Si ce n'est pas le bon moment, aucun souci : "
                    "dis-le-moi simplement.")
        else:
            body = (f"Je reviens vers vous au sujet de ma proposition de vous présenter {other}. "
                    "Voulez-vous que je vous mette en relation ? Si ce n'est pas le bon moment, aucun souci : "
                    "dites-le-moi simplement.")
        return f"{_hello(voice, first)},\n\n{body}\n\n{_sign(voice, me)}"
    body = (f"I wanted to come back to my idea of introducing you to {other}. Would you like me to "
            "connect you? If now isn't the right time, no problem at all: just tell me.")
    return f"{_hello(voice, first)},\n\n{body}\n\n{_sign(voice, me)}"


def connect(voice: Voice, a_first: str, b_first: str, a_name: str, b_name: str, me: str) -> str:
    """The message to both, once both said yes: the introduction itself."""
    if voice.lang == "fr":
        body = (f"Comme promis, je vous mets en relation. {a_first}, voici {b_name} ; {b_first}, voici "
                f"{a_name}. Je pense que vous aurez beaucoup à vous dire : je vous laisse poursuivre.")
        return f"{_hello(voice, a_first)} et {b_first},\n\n{body}\n\n{_sign(voice, me)}"
    body = (f"As promised, I'm connecting you. {a_first}, meet {b_name}; {b_first}, meet {a_name}. "
            "I think you'll have a lot to talk about: I'll let you take it from here.")
    return f"{_hello(voice, a_first)} and {b_first},\n\n{body}\n\n{_sign(voice, me)}"


def check_in(voice: Voice, first: str, other: str, me: str) -> str:
    """Asking ``first``, some weeks after the introduction, whether they met ``other``."""
    if voice.lang == "fr":
        if voice.tu:
            body = (f"Ça fait quelques semaines que je t'ai présenté {other} : vous avez pu vous voir ? "
                    "J'aimerais beaucoup savoir comment ça s'est passé.")
        else:
            body = (f"Cela fait quelques semaines que je vous ai présenté {other} : avez-vous pu vous "
                    "rencontrer ? J'aimerais beaucoup savoir comment cela s'est passé.")
        return f"{_hello(voice, first)},\n\n{body}\n\n{_sign(voice, me)}"
    body = (f"It's been a few weeks since I introduced you to {other}: did you two get to meet? "
            "I'd love to hear how it went.")
    return f"{_hello(voice, first)},\n\n{body}\n\n{_sign(voice, me)}"
# how the user says why the connector knows the person (``ask_intro``), by kind of tie
_HOW = {
    "knows": ("I believe you know each other.", "Je crois que vous vous connaissez."),
    "introduced_by": ("I believe you know each other.", "Je crois que vous vous connaissez."),
    "introduced": ("You two met through me.", "Vous vous êtes rencontrés par mon intermédiaire."),
    "event": ("You were both {at}.", "Vous étiez tous les deux {at}."),
    "company": ("You both work at {label}.", "Vous travaillez tous les deux chez {label}."),
    "past_company": ("You both worked at {label}.", "Vous avez tous les deux travaillé chez {label}."),
}


def ask_intro(voice: Voice, first: str, who: str, other: str, how: str, label: str | None, at: str | None,
              need: str | None, company: str | None, me: str) -> str:
    """The message asking ``first`` to introduce the user to ``who`` (``other`` for short):
    how they know each other (``how``, a kind of tie, with the event or company ``label``
    and ``at``, where the event was said in the voice's language), and why the user asks
    (a ``need`` the other could help with, or a ``company`` to learn about)."""
    sign = f",\n{me}" if me else ""
    en, fr = _HOW.get(how, _HOW["knows"])
    said = (fr if voice.lang == "fr" else en).format(label=label or "", at=at or "")
    if voice.lang == "fr":
        tu = voice.tu
        lines = [f"{'Pourrais-tu' if tu else 'Pourriez-vous'} me présenter à {who} ?", said]
        if need:
            lines.append(f"{other} pourrait m'aider {helping([need], 'fr')}.")
        elif company:
            lines.append(f"J'aimerais en savoir plus sur {company}.")
        ok = ("Si tu es d'accord, un petit e-mail à nous deux suffit ; aucun souci sinon."
              if tu else "Si vous êtes d'accord, un court e-mail à nous deux suffira ; aucun souci sinon.")
        return (f"{_hello(voice, first)},\n\n" + " ".join(lines) + f"\n\n{ok}\n\n"
                + ("Merci d'avance" if tu else "Merci d'avance, bien à vous") + sign)
    lines = [f"Would you introduce me to {who}?", said]
    if need:
        lines.append(f"{other} could help me {helping([need], 'en')}.")
    elif company:
        lines.append(f"I'd love to learn more about {company}.")
    return (f"{_hello(voice, first)},\n\n" + " ".join(lines) + "\n\nIf you're happy to, a short email to both of us "
            "is perfect; no worries if not.\n\nThanks" + sign)
