"""Cleaning rules for the text of a web page, beyond what trafilatura already leaves out.

Two kinds of rule:

- :data:`PRUNE_XPATHS`: elements removed from the page before extraction: reference and
  footnote markers (Wikipedia's ``<sup>[3]</sup>``, ``<sup><a href="#fn1">1</a></sup>``), the
  back-links of a reference list, and ``[edit]`` links. They are tiny, so removing them does not
  change what the extraction keeps.
- :func:`clean_blocks`: blocks dropped or trimmed after extraction: share, comment, "continue
  reading", "read also", newsletter and follow-us lines, comment counters, "From the section
  ...", video promotions, copyright and photo-credit lines, advertisement labels, reading times,
  "last updated" stamps, a byline repeated in the next block, scripts left in the text
  ("(function() {...});"), and ``[edit]`` left after a heading. Every rule but the one for
  scripts looks only at short blocks (a label, a teaser, a credit line), so a paragraph of
  the article is never dropped for a word it contains.
"""

from __future__ import annotations

import re
import unicodedata

from briefreader.ingest.page_text import Block, retext

#: Removed from the page before extraction (XPath 1.0, run by trafilatura on its copy).
# After some text of its parent: a marker that starts a line is a note's own label, kept.
_AFTER_TEXT = "preceding-sibling::node()[normalize-space(.) != '']"
PRUNE_XPATHS: tuple[str, ...] = (
    # A superscript that only holds a bracketed marker: [3], [a], [src], [citation needed].
    "//sup[starts-with(normalize-space(.), '[') and string-length(normalize-space(.)) <= 40"
    " and substring(normalize-space(.), string-length(normalize-space(.))) = ']'"
    f" and {_AFTER_TEXT}]",
    # A superscript that is only a link to a note on the same page: <sup><a href="#fn1">1</a>.
    f"//sup[a[starts-with(@href, '#')] and string-length(normalize-space(.)) <= 12"
    f" and {_AFTER_TEXT}]",
    "//sup[contains(concat(' ', normalize-space(@class), ' '), ' reference ')]",
    "//a[contains(concat(' ', normalize-space(@class), ' '), ' footnote-ref ')"
    " or @role = 'doc-noteref']",
    # A note's link back to its marker: <a href="#fnref:1" class="footnote-backref">↩</a>.
    "//a[contains(concat(' ', normalize-space(@class), ' '), ' footnote-backref ')"
    " or @role = 'doc-backlink' or (starts-with(@href, '#')"
    " and (normalize-space(.) = '↩' or normalize-space(.) = '↑' or normalize-space(.) = '^'))]",
    # Edit links after headings, and the "^ a b" back-links of a reference list.
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' mw-editsection ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' editsection ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' mw-cite-backlink ')]",
)

#: A block longer than this (in words) is never dropped by a rule below.
SHORT_WORDS = 30

_WORD = re.compile(r"\w+")
# "[edit]" and its translations, left at the end of a heading.
_EDIT_LINK = re.compile(
    r"\s*\[\s*(?:edit|edit source|bearbeiten|quelltext bearbeiten|modifier|modifier le code|"
    r"editar|editar código|modifica|modifica wikitesto|edytuj|edytuj kod|bewerken|"
    r"redigera|muokkaa|rediger|редактировать|править код|编辑|編集|편집)"
    r"(?:\s*\|\s*[^\]]{1,40})?\s*\]\s*\Z",
    re.IGNORECASE,
)
# Whole blocks that are labels of the page around the article (compared case-folded, without
# trailing punctuation).
_LABELS = frozenset(
    re.split(
        r"\s*;\s*",
        """
    share; share this; share this article; share this story; share this page; share on facebook;
    share on twitter; tweet; email; print; print this page; comments; comment; leave a comment;
    leave a reply; post a comment; add a comment; show comments; view comments; continue reading;
    continue reading the main story; read more; read the full story; read full article;
    related; related articles; related stories; related posts; related content; recommended;
    more on this story; more stories; you may also like; you might also like; advertisement;
    sponsored; sponsored content; subscribe; sign up; newsletter; sign up for our newsletter;
    most popular; most read; trending; contents; table of contents; tags; topics; skip advert;
    back to top; teilen; drucken; kommentare; kommentar schreiben; kommentieren; weiterlesen;
    mehr lesen; mehr zum thema; weitere artikel zum thema; kommentierte artikel; weitere themen;
    auch interessant; das könnte sie auch interessieren; schon gelesen; anzeige; werbung;
    inhaltsverzeichnis; seite drucken; zum newsletter anmelden; newsletter abonnieren; themen;
    schlagworte; artikel teilen; zurück nach oben; partager; imprimer; commentaires;
    lire la suite; à lire aussi; lire aussi; publicité; sommaire; compartir; imprimir;
    comentarios; leer más; notas relacionadas; publicidad; temas; te puede interesar;
    le puede interesar; contenido relacionado; compartilhar; comentários; leia mais;
    leia também; publicidade; condividi; commenti; leggi anche; pubblicità; udostępnij;
    komentarze; czytaj też; czytaj także; czytaj więcej; reklama; zobacz też; поделиться;
    читайте также; читать далее; комментарии; شارك; شارك هذا المقال; شارك المقال; اقرأ أيضا;
    اقرأ أيضاً; اقرأ المزيد; تعليقات; إعلان; שתפו; שתף; קראו עוד; קראו גם; תגובות; פרסומת; 分享;
    分享到; 相关阅读; 相关新闻; 阅读全文; 评论; 广告; 返回顶部; 编辑; シェア; 関連記事; 続きを読む;
    コメント; 広告; 공유; 관련기사; 댓글; 광고
    """.strip(),
    )
)
# A label and then a teaser (a link to another story): "Read also: ...", "LE PUEDE INTERESAR:".
_TEASER = re.compile(
    r"\A(?:read (?:also|more)|see also|also read|related|recommended|more|watch|watch now|"
    r"video|listen|lesen sie (?:auch|hier|mehr)|auch interessant|mehr zum thema|siehe auch|"
    r"das könnte sie (?:auch )?interessieren|lire aussi|à lire aussi|à voir aussi|voir aussi|"
    r"(?:le|te) puede interesar|puedes ver|mira|lea también|lee también|ver también|"
    r"relacionado|leia também|veja também|saiba mais|leggi anche|czytaj (?:też|także|więcej)|"
    r"zobacz (?:też|także)|dowiedz się więcej|читайте также|اقرأ أيضا|اقرأ أيضاً|קראו גם|"
    r"相关阅读|相关新闻|関連記事)\s*[:：»›→|]",
    re.IGNORECASE,
)
_COUNTER = re.compile(
    r"\A(?:\d[\d.,\s]*\s*(?:comments?|responses?|replies|kommentare?|commentaires?|"
    r"comentarios?|comentários?|commenti|komentarz[ey]?|reacties)|"
    r"(?:comments?|kommentare|commentaires|comentarios|komentarze)\s*\(?\d[\d.,]*\)?)\Z",
    re.IGNORECASE,
)
# Lines about the page, not the article: sections, sharing, following, subscribing, promotions,
# reading time, update stamps, credits.
_AROUND = re.compile(
    r"\A(?:from the section\b|continue reading\b|read more\b|weiterlesen\b|"
    r"share (?:this|on)\b|teilen (?:sie )?auf\b|"
    r"(?:follow|like) (?:us|@?[\w.]+(?: [\w.]+)?) on "
    r"(?:twitter|facebook|instagram|telegram|linkedin|youtube|tiktok|whatsapp|x)\b|"
    r"folgen sie uns\b|folge uns\b|s[ií]guenos\b|suivez-nous\b|"
    r"obserwuj nas\b|sign up for (?:our|the)\b.*\bnewsletter|subscribe to (?:our|the)\b|"
    r"melden sie sich (?:hier )?für (?:unseren|den) newsletter|"
    r"media playback is unsupported\b|watch:|video:|watch the video\b|play video\b|"
    r"video abspielen\b|image source,|image copyright\b|bildquelle:|titelbild:|"
    r"photo credit:|foto:|copyright\b|\(c\) \d{4}\b|©|"
    r"(?:estimated )?reading time\b|lesezeit\b|temps de lecture\b|tiempo de lectura\b|"
    r"\d+\s*(?:min(?:ute)?s?|minuten)\s*(?:read|lesezeit|de lecture|de lectura)\b|"
    r"ten tekst przeczytasz\b|last (?:updated|modified)\b|letzte änderung\b|"
    r"zuletzt (?:aktualisiert|geändert)\b|aktualisiert am\b|letzte aktualisierung\b|"
    r"mis à jour le\b|(?:责任编辑|責任編輯)\s*[:：]|\*?(?:werbung|anzeige|advertisement)\s*[.:|]|"
    r"(?:to (?:view|read|continue)|please)\b.{0,40}\bsubscribe\b|"
    r"(?:let us know|tell us|verraten sie)\b.*\b(?:comments|kommentaren)\b)",
    re.IGNORECASE,
)
# A short line pointing elsewhere: "Weitere Artikel zum Thema", "Hier geht es zur ...".
_MORE = re.compile(
    r"\A(?:weitere\s+(?:aktuelle\s+|interessante\s+)?(?:artikel|beiträge|themen|infos?|"
    r"informationen|nachrichten|meldungen|news|links|\w*tipps|videos|bilder|fotos|rezepte)\b|"
    r"more (?:from|on|stories)\b|lesen sie auch\b|das könnte sie\b|"
    r"hier geht(?:'s| es) zu|(?:\.\.\.|…)?\s*weiter (?:zu|lesen)\b)",
    re.IGNORECASE,
)
#: A line starting as :data:`_MORE` says is dropped only up to this many words.
MORE_WORDS = 8
_RIGHTS = re.compile(
    r"\balready a subscriber\b|\bsign up here\b|\brss-feed abonnieren\b|\ball rights reserved\b|"
    r"\balle rechte vorbehalten\b|\btous droits réservés\b|"
    r"\btodos los derechos reservados\b|\bwszelkie prawa zastrzeżone\b|"
    r"\bmateriał chroniony prawem autorskim\b|\btutti i diritti riservati\b|"
    r"\bвсе права защищены\b|جميع الحقوق محفوظة|כל הזכויות שמורות|版权所有|版權所有|"
    r"無断転載を禁じます",
    re.IGNORECASE,
)
# A script the page left in its text: "(function() { document.addEventListener(...".
_SCRIPT = re.compile(
    r"\A(?:\(\s*function\s*\(|!function\s*\(|(?:window|document|googletag|jQuery)[.(])"
)
_BYLINE_WORD = re.compile(r"\A(?:by|von|por|par|di|door|av|przez)\s+", re.IGNORECASE)
_LABEL_TRIM = " \t\n:.…»›→|•·-–—?!"


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _label(text: str) -> str:
    return text.strip(_LABEL_TRIM).casefold()


def is_boilerplate(text: str) -> bool:
    """True if ``text`` (one block) is a line about the page rather than part of the article."""
    if _words(text) > SHORT_WORDS:
        return False
    line = " ".join(unicodedata.normalize("NFC", text).split())  # no-break spaces too
    label = _label(line)
    if label in _LABELS or _COUNTER.match(label):
        return True
    if _words(line) <= MORE_WORDS and _MORE.match(line):
        return True
    return bool(_TEASER.match(line) or _AROUND.match(line) or _RIGHTS.search(line))


def _byline_key(text: str) -> str:
    return " ".join(_BYLINE_WORD.sub("", text.strip()).casefold().split())


def clean_blocks(blocks: list[Block]) -> list[Block]:
    """``blocks`` without the lines around the article (see the module docstring)."""
    kept: list[Block] = []
    for block in blocks:
        if block.kind in ("code", "row"):
            kept.append(block)
            continue
        text = block.text
        if block.kind == "heading":
            text = _EDIT_LINK.sub("", text)
            if text != block.text:
                block = retext(block, text)
        if not text.strip() or is_boilerplate(text) or (_SCRIPT.match(text) and ";" in text):
            continue
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and previous.kind not in ("code", "row")
            and _words(text) <= 12
            and _byline_key(previous.text) == _byline_key(text)
        ):
            continue  # the byline (or any short line) again, in capitals or after "By"
        kept.append(block)
    return kept


def dedupe_names(names: str) -> str:
    """An author field with each name once: "Jeffrey Gettleman; JEFFREY GETTLEMAN" -> the first
    spelling that is not all capitals ("Jeffrey Gettleman")."""
    parts = [part.strip() for part in re.split(r"[;|]", names)]
    chosen: dict[str, str] = {}
    for part in parts:
        if not part:
            continue
        key = _byline_key(part)
        if key not in chosen or (chosen[key].isupper() and not part.isupper()):
            chosen[key] = _BYLINE_WORD.sub("", part)
    return "; ".join(chosen.values())
