"""The messages of an introduction (a double opt-in: each side is asked first) and of
sharing an article, in English and in French with ``tu`` or ``vous``."""

from __future__ import annotations

from vaultkit.engines.drafts import Voice
from vaultkit.engines.phrasing import has_article_fr, to_find, with_article


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
    sign = f",\n{me}" if me else ""
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
        return (f"{'Salut' if tu else 'Bonjour'} {first},\n\n" + " ".join(lines) + f"\n\n{ask} "
                f"Si oui, je vérifie aussi avec {other}, puis je vous mets en relation par e-mail.\n\n"
                + ("À bientôt" if tu else "Bien à vous") + sign)
    lines = [f"I think you should meet {who}."]
    if offers:
        lines.append(f"{other} could help you {helping(offers, 'en')}.")
    if needs:
        lines.append(f"{'In return, you' if offers else 'You'} could help {other} {helping(needs, 'en')}.")
    if interests:
        lines.append(f"You both care about {_join(interests, 'en')}.")
    return (f"Hi {first},\n\n" + " ".join(lines) + "\n\nWould you like an introduction? If so, "
            f"I'll check with {other} too, then connect you both by email.\n\nBest" + sign)


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
        return f"{'Salut' if tu else 'Bonjour'} {first},\n\n{body}\n\nBelle journée" + sign
    why = {"needs": f", since you're looking for {_join(items, 'en')}",
           "interests": f", given your interest in {_join(items, 'en')}",
           "tags": f", given your interest in {_join(items, 'en')}",
           }.get(what, ", after our last chat")
    thing = "this" if url else f"a piece on {subject}"
    body = f"I came across {thing} and thought of you{why}" + (f":\n{url}" if url else ".")
    return f"Hi {first},\n\n{body}\n\nHope you're well" + sign
