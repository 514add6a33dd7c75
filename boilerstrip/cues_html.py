"""Class/id cues: tokens in an element's ``class``, ``id``, ``itemprop`` and ``itemtype``
that say what a region of the page is.

Attribute values are split into tokens at every non-alphanumeric character and at
camelCase humps (``relatedPosts`` → ``related``, ``posts``), lower-cased. A token
matches a category when it equals one of the category's ``exact`` tokens or starts
with one of its ``prefixes``. Prefixes are stems long enough not to hit ordinary
words ("advert" but not "ad": "address", "admin", "add" must not read as ads).

Utility-class frameworks make some words useless as cues: Tailwind's ``text-lg``,
``bottom-0`` and ``hidden``, print stylesheets' ``no-print``; such words are left out.
Paywalled and premium article bodies carry "paywall"/"premium" classes, so those are
not promotion cues either.

The lists are generic: the names that CMS themes, front-end frameworks and ad/consent
vendors use across sites, in English and in the languages of the evaluation sets
(German, Spanish, French, Polish). None is keyed to a site. Each category becomes one
0/1 feature ``dom_cue_<category>`` on every block inside a matching element; the
classifier learns how much each is worth.
"""
from __future__ import annotations

import re

# category: (exact tokens, prefixes)
CUES: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    # reader comments and their furniture (WordPress "comment-list", Disqus, "respond" forms)
    "comment": (frozenset({"reply", "replies", "respond", "discussion", "discuss", "disqus", "antworten",
                           "respuestas", "reponses", "odpowiedzi"}),
                ("comment", "komment", "coment", "koment", "commentaire", "leserbrief")),
    # other articles: "related posts", "read more", "you may also like", recommendation widgets
    "related": (frozenset({"more", "also", "next", "prev", "previous", "siehe"}),
                ("related", "relacionad", "similar", "verwandt", "aehnlich", "ähnlich", "recommend", "empfehl",
                 "suggest", "teaser", "trending", "popular", "mostread", "readmore", "readnext", "upnext",
                 "outbrain", "taboola", "recirc", "weiterlesen", "polecane", "powiazane", "autres", "meistgelesen")),
    # share buttons and social links
    "share": (frozenset({"facebook", "twitter", "whatsapp", "linkedin", "pinterest", "reddit", "telegram", "xing",
                         "mastodon"}),
              ("share", "sharing", "social", "teilen", "compartir", "partag", "udostepnij", "addthis", "sharethis",
               "shariff")),
    # house promotion, sponsored content, calls to action
    "promo": (frozenset({"cta", "paid", "partner", "partners", "affiliate", "upsell"}),
              ("promo", "sponsor", "campaign", "marketing", "gesponsert", "patrocin")),
    # advertising slots
    "ad": (frozenset({"ad", "ads", "adv", "adunit", "adslot", "adsense", "dfp", "gpt", "werbung", "anzeige", "anzeigen",
                      "publicidad", "publicite", "reklama", "banner", "banners"}),
           ("advert", "adsbygoogle", "googlead", "doubleclick", "adcontainer", "adwrapper", "adblock")),
    # newsletter and subscription boxes
    "newsletter": (frozenset({"signup", "optin", "mailing", "mailchimp", "abo"}),
                   ("newsletter", "subscri", "abonn", "suscri", "suscrib", "subskrypc", "prenumerat")),
    # sidebars and widget areas
    "sidebar": (frozenset({"aside", "rail", "widget", "widgets", "secondary", "marginal"}),
                ("sidebar", "seitenleiste", "barra", "lateral", "sidebox")),
    # menus, breadcrumbs, pagination, skip links
    "nav": (frozenset({"nav", "menu", "menus", "breadcrumb", "breadcrumbs", "pagination", "pager", "paging", "skip",
                       "tabs", "topbar", "toolbar", "submenu", "megamenu", "dropdown", "hamburger"}),
            ("navigation", "navbar", "breadcrumb", "menue", "menu", "paginat", "nawigacj")),
    # page footer, legal lines
    "footer": (frozenset({"copyright", "legal", "colophon", "impressum", "imprint", "stopka"}),
               ("footer", "fusszeile")),
    # page header, masthead, logo
    "header": (frozenset({"masthead", "branding", "logo", "brand"}),
               ("header", "kopfzeile", "cabecera", "naglowek")),
    # cookie and consent banners
    "cookie": (frozenset({"gdpr", "dsgvo", "rgpd", "cmp", "onetrust", "didomi", "usercentrics", "cookiebot"}),
               ("cookie", "consent", "einwillig", "zustimm", "privacy")),
    # author and date lines
    "byline": (frozenset({"author", "authors", "byline", "autor", "autore", "auteur", "writer", "date", "dateline",
                          "published", "posted", "datum", "fecha", "timestamp", "time"}),
               ("byline", "author", "autor", "pubdate", "publish", "dateline")),
    # captions and photo credits
    "caption": (frozenset({"credit", "credits", "legende", "leyenda", "podpis"}),
                ("caption", "figcaption", "bildunterschrift", "photocredit", "bildnachweis")),
    # tag and category lists
    "tags": (frozenset({"tag", "tags", "category", "categories", "keywords", "topics", "schlagworte", "etiquetas",
                        "tagi", "rubrik"}),
             ("taglist", "tagcloud", "schlagw")),
    # login, account and search boxes
    "account": (frozenset({"login", "logout", "signin", "register", "account", "search", "suche", "buscar",
                           "recherche", "szukaj", "searchform"}),
                ("login", "signin", "account", "searchbox", "searchform")),
    # screen-reader-only text ("Share on Facebook", "opens in a new window")
    "screenreader": (frozenset({"sr", "visuallyhidden", "offscreen"}),
                     ("sronly", "screenreader", "visuallyhidden", "assistive")),
    # the article itself: CMS and framework names of the content region
    "content": (frozenset({"article", "articles", "content", "entry", "post", "story", "body", "prose",
                           "artikel", "articulo", "tresc", "main", "blogpost", "richtext", "markdown", "single"}),
                ("articlebody", "articletext", "entrycontent", "postcontent", "postbody", "storybody", "maincontent",
                 "artikeltext", "contenido", "contenu")),
}

CATEGORIES: tuple[str, ...] = tuple(CUES)

_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPLIT = re.compile(r"[^0-9a-zA-Z\u00c0-\u024f]+")
# attributes whose values carry cues; at most this many characters of them are read
# (class lists generated by CSS-in-JS tools run to kilobytes and say nothing more)
_MAX_ATTRIBUTE_CHARS = 400


def tokens(value: str) -> list[str]:
    """``"relatedPosts widget_area"`` → ``["related", "posts", "widget", "area"]``; joined
    two-token compounds are added too (``"read-more"`` also gives ``"readmore"``)."""
    value = value[:_MAX_ATTRIBUTE_CHARS]
    lowered = value.lower()
    if lowered != value:  # (a value its lower case leaves as it is has no capital to split at)
        lowered = _HUMP.sub(" ", value).lower()
    parts = [p for p in _SPLIT.split(lowered) if p]
    return parts + [a + b for a, b in zip(parts, parts[1:])]


def cue_bits(value: str, memo: dict[str, int] | None = None) -> int:
    """A bit mask over `CATEGORIES` (bit i set: the value matches category i).

    ``memo`` (token → bits) may be passed to share work across one page's elements."""
    bits = 0
    for token in tokens(value):
        found = memo.get(token) if memo is not None else None
        if found is None:
            found = _token_bits(token)
            if memo is not None:
                memo[token] = found
        bits |= found
    return bits


def _token_bits(token: str) -> int:
    bits = _EXACT.get(token, 0)
    if _ANY_PREFIX.match(token):
        for i, prefixes in enumerate(_PREFIXES):
            if prefixes.match(token):
                bits |= 1 << i
    return bits


def _alternation(words) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


_EXACT: dict[str, int] = {}
for _i, (_exact, _) in enumerate(CUES.values()):
    for _word in _exact:
        _EXACT[_word] = _EXACT.get(_word, 0) | 1 << _i
_PREFIXES = tuple(_alternation(prefixes) for _, prefixes in CUES.values())
_ANY_PREFIX = _alternation({p for _, prefixes in CUES.values() for p in prefixes})
