"""Who said it: guess the claimant of a sentence from the attribution cues around it.

:func:`guess_claimant` reads the text around a span for ``X said``, ``said X``, ``X told …``,
``according to X``, ``X: "…"``, a quotation's speaker before or after it (across sentences too),
``"…" — X``, ``…, saying …``, an organisation's spokesman, and, weakly, a pronoun or bare role
("the minister said") resolved to the speaker named just before. Vague speakers ("critics say"),
passives, relative clauses, the first person and two speakers give None rather than a guess.
Only the span's paragraph is read (at most :data:`WINDOW` characters each way).
``benchmarks/bench_attribution.py`` measures it on ``tests/unit/data/attribution_cases.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from briefreader.text.boundaries import sentence_at, sentence_spans

#: Characters read each way from the span, for its paragraph and the quotations around it.
WINDOW = 3000
#: Characters searched back for the speaker a pronoun or a bare role ("the minister") means.
LOOKBACK = 1500


class Confidence(StrEnum):
    """Strong: tied to the span by a cue; weak: inferred from a pronoun, role or neighbour."""

    STRONG = "strong"
    WEAK = "weak"


@dataclass(frozen=True, slots=True)
class Attribution:
    """A guessed claimant and the cue it rests on (offsets into the text, end-exclusive)."""

    claimant: str
    cue: str
    cue_start: int
    cue_end: int
    confidence: Confidence


# The words the rules read, by kind, in the order unpacked below. clause_verbs take a bare clause
# ("X said the economy grew"); that_verbs need "that", a colon, a comma or a quote, or the end.
_LEXICON = """
roles: spokesman spokeswoman spokesperson spokesmen official minister secretary president premier
  vice-president chancellor chief director head chairman chairwoman chair ambassador envoy diplomat
  governor mayor senator lawmaker legislator leader commander general marshal officer aide adviser
  advisor representative economist analyst professor researcher scientist lawyer attorney judge
  prosecutor executive ceo founder negotiator counterpart deputy commissioner consul delegate king
  queen emir prince editor columnist correspondent
generic: officials critics experts analysts observers sources source people residents many some
  others everyone everybody nobody someone somebody diplomats witnesses commentators insiders
  economists lawmakers leaders officers aides advisers representatives ministers
institutions: office ministry department embassy consulate council commission agency bureau
  directorate secretariat committee authority board service government cabinet administration army
  navy military police court parliament assembly senate bank company firm party regulator kremlin
  presidency fund union alliance federation organisation organization institute centre center
  university
modifiers: foreign interior defence defense finance commerce trade energy petroleum planning health
  information education climate water power home external economic state federal provincial press
  national regional local senior top former deputy chief acting caretaker prime presidential
  security intelligence opposition ruling central junior retired then country's
ranks: senior top former deputy acting junior retired chief then
docs: report statement study survey data figures document letter filing paper analysis assessment
  estimate estimates forecast release communique communiqué memo notice website tweet post audit
  review census
particles: bin ibn al el ul ud de da di du van von der den le la y
preps: of for to at in from by and &
dets: the a an this that these those his her its their our one
pronouns: he she they it we i you
stop_caps: however earlier later meanwhile separately yesterday today last speaking asked there
  according still here some most both each several every such unsurprisingly currently thus even
  historically furthermore moreover therefore only despite with without into over under about
  between during monday tuesday wednesday thursday friday saturday sunday january february march
  april june july august september october november december
clause_verbs: said says say told tells argued argues insisted insists claimed contended contends
  asserted asserts maintained maintains wrote writes stressed stresses predicted predicts warned
  warns believes believe denied denies expects forecasts
that_verbs: added adds stated noted announced announces confirmed confirms explained explains
  declared declares emphasised emphasized emphasises emphasizes reported acknowledged acknowledges
  admitted admits revealed reveals observed recalled recalls conceded concedes replied responded
  remarked commented tweeted estimates estimated
no_content: nothing little so no otherwise goodbye sorry yes hello thanks to
subordinate: who whom whose which that what when if whether because since after before unless
  although though once until where how why
left_ok: and but as while whereas so yet also then now
"""
_SETS = [frozenset(m[1].split()) for m in re.finditer(r"^\w+:((?:.|\n )*)", _LEXICON, re.M)]
_ROLES, _GENERIC, _INSTITUTIONS, _MODIFIERS, _RANKS, _DOCS, _PARTICLES, _PREPS = _SETS[:8]
_DETS, _PRONOUNS, _STOPS, _CLAUSE_VERBS, _THAT_VERBS, _EMPTY, _SUBORD, _LEFT_OK = _SETS[8:]
_STOP_CAPS = _STOPS | _DETS | _PREPS | _PRONOUNS | _SUBORD | _LEFT_OK  # capitalised: not names
_OBJECTS = {"him": "he", "her": "she", "them": "they", "us": "we", "me": "i"}
_VOCAB = _ROLES | _GENERIC | _INSTITUTIONS | _MODIFIERS | _DOCS | _PARTICLES

_VERBS = "|".join(sorted(_CLAUSE_VERBS | _THAT_VERBS, key=len, reverse=True))
_CUE = re.compile(
    r"\b(?:(?P<acc>[Aa]ccording to|[Ii]n the words of)|(?P<part>saying)|"
    rf"(?P<verb>pointed out|points out|puts? it|{_VERBS}))\b"
)
_TOKEN = re.compile(r"[^\W_](?:[\w'’.&-]*[^\W_])?|[^\w\s\x00-\x1f\x7f-\x9f]")  # words, marks
_QCHARS = re.compile(r"[\"“”„«»‹›‘’‚']")
_CLOSERS = "”\"’»“«›'"
_PAIRS = {"“": "”", "„": "“”", "«": "»", "»": "«", '"': '"”', "”": "”"}
_PARA = re.compile(r"\n[^\S\n]*\n")
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being|to|who|which)\s+$", re.I)
# A short adverbial after a verb ("on Monday", "in a joint statement", "after the meeting"),
# ending where the complement starts: punctuation, "that", a quotation or the sentence's end.
_ADVERB = re.compile(
    r"\s*,?\s*(?:on|in|at|to|during|after|before|while|from|via|late|early|earlier|last|this|"
    r"yesterday|today|tonight|also|again|then|once|[a-z]+ly)\b(?:\s+(?!that\b)[\w'’-]+){0,5}?"
    r"(?=\s*(?:[,.;:!?—–]|$)|\s+that\b|\s*[“\"«„‘])"
)
# An adverbial between a speaker and the verb ("Lavrov on Monday said", "… has repeatedly said").
_PRE_ADVERB = re.compile(
    r"(?:\s+|^)(?:has|have|had|also|earlier|later|then|again|once|now|yesterday|today|recently|"
    r"previously|publicly|privately|reportedly|repeatedly|separately|subsequently|flatly|bluntly|"
    r"openly|firmly|on\s+[A-Z]\w+|(?:last|this)\s+(?:week|month|year|night|morning)|in\s+(?:a|an"
    r"|his|her|its|their)\s+\w+(?:\s+\w+)?|(?:released|published|issued)(?:\s+(?:on|last|this)"
    r"\s+\w+)?)\s*$"
)
_NEXT = re.compile(r"\s*(?:(?P<that>that\b|:|[,—–]?\s*[“\"«„‘])|(?P<comma>[,—–(])|(?P<end>\W*$))")
_NAME = r"((?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*)"
_NAME_AFTER = re.compile(r"\s+" + _NAME)
_NAME_BEFORE = re.compile(_NAME + r",\s+(?:the|a|an|[A-Z]\w*['’]s)?[\w\s-]{0,40}$")

Tok = re.Match[str]


@dataclass(frozen=True, slots=True)
class _Found:
    kind: str  # "named" (a name or organisation), "role" ("the minister"), "pronoun"
    claimant: str
    np_start: int
    cue_start: int
    cue_end: int
    strong: bool = True


def _capital(w: str) -> bool:
    return w[:1].isupper() and w.lower() not in _STOP_CAPS


def _proper(w: str) -> bool:
    """A capitalised word that is a name, not a role or a sentence's capitalised first word."""
    lw = w.lower().removesuffix("'s").removesuffix("’s")
    return _capital(w) and lw not in _VOCAB and lw not in _PRONOUNS


def _np_word(w: str) -> bool:
    lw = w.lower()
    possessive = lw.endswith(("'s", "’s")) and w[:1].isalpha()
    return _capital(w) or possessive or any(part in _VOCAB for part in lw.split("-"))


def _is_name(toks: list[Tok]) -> bool:
    return 0 < len(toks) < 6 and all(_proper(t.group()) for t in toks)


def _np_left(text: str, lo: int, pos: int) -> tuple[list[Tok], str] | None:
    """The noun phrase ending before ``pos`` (past one parenthetical) and the word before it."""
    toks = list(_TOKEN.finditer(text, max(lo, pos - 300), pos))
    i, paren = len(toks), None
    if i and toks[-1].group() in ",—–)":
        opener = "(" if toks[-1].group() == ")" else toks[-1].group()
        stops = opener + '.;:“”"«»'
        j = next((j for j in range(i - 2, max(-1, i - 26), -1) if toks[j][0] in stops), -1)
        if j < 0 or toks[j][0] != opener:
            return None
        paren, i = toks[j + 1 : i - 1], j
    if i and paren and _is_name(paren):
        # "The French ambassador, Nicolas Galey, said", "The army's media wing, ISPR, said"
        k = i
        while k > 0 and i - k < 10 and toks[k - 1][0][:1].isalnum():
            k -= 1
        words = [t[0].lower() for t in toks[k:i]]
        if not toks[i - 1][0][:1].isupper() or _ROLES & set(words):
            sub = [w for w in words if w in _SUBORD]
            return paren, sub[0] if sub else toks[k - 1][0] if k else ""
    taken: list[Tok] = []
    for k in range(i - 1, -1, -1):
        w, lw = toks[k].group(), toks[k].group().lower()
        if lw in _PRONOUNS and not taken:
            return [toks[k]], toks[k - 1].group() if k else ""
        last = taken[-1][0] if taken else ""
        prep = lw in _PREPS and last and (lw != "in" or last[0].isupper() or last in _DETS)
        if lw in _DETS:
            taken.append(toks[k])
            if k < 2 or toks[k - 1].group().lower() not in _PREPS or not _np_word(toks[k - 2][0]):
                break  # else "a spokesman for the State Department" goes on
        elif prep or _np_word(w):
            taken.append(toks[k])
        else:
            break
    taken.reverse()
    while taken and taken[0].group().lower() in _PREPS:
        taken.pop(0)
    if not taken:
        return None
    return taken, toks[toks.index(taken[0]) - 1][0] if taken[0] is not toks[0] else ""


def _np_right(text: str, pos: int, hi: int) -> list[Tok]:
    """The noun phrase at ``pos`` (``according to X``), ending after an owner (``X's``)."""
    taken: list[Tok] = []
    for t in _TOKEN.finditer(text, pos, min(hi, pos + 300)):
        w, lw = t.group(), t.group().lower()
        last = taken[-1].group().lower() if taken else ""
        det = lw in _DETS and (not taken or last in _PREPS)
        if det or (not taken and lw in _PRONOUNS | _OBJECTS.keys()):
            taken.append(t)
            if not det:
                break
        elif (lw in _PREPS and last) or (last in _DOCS and lw in ("released", "published")):
            taken.append(t)
        elif _np_word(w) and lw not in _DETS:
            taken.append(t)
            if lw.endswith(("'s", "’s")) and not lw.startswith(("prime", "president")):
                break
        else:
            break
    while taken and taken[-1].group().lower() in _PREPS | {"released", "published"}:
        taken.pop()
    return taken


def _classify(toks: list[Tok]) -> tuple[str, str] | None:
    """(kind, claimant) for a noun phrase, or None when it names nobody in particular."""
    words = [t.group() for t in toks]
    if len(words) == 1 and words[0].lower() in _OBJECTS:
        return "pronoun", _OBJECTS[words[0].lower()]
    det = ""
    while words and words[0].lower() in _DETS:
        det = words.pop(0).lower()
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return "pronoun", words[0].lower()
    low = [w.lower() for w in words]
    k = next((k for k, w in enumerate(low) if w in _DOCS), -1)
    if k >= 0:  # "a report by the ICG", "the IMF's report", "a World Bank report"
        if k + 1 < len(words) and low[k + 1] in ("by", "from", "of", "released", "published"):
            rest = words[k + 2 :] if low[k + 1] in ("by", "from", "of") else words[k + 3 :]
            return _classify([t for t in toks if t.group() in rest]) if rest else None
        words, low = words[:k], low[:k]
        if not any(_proper(w) or w.lower() in _INSTITUTIONS for w in words):
            return None
    if low and low[-1].endswith(("'s", "’s")):
        words[-1], low[-1] = words[-1][:-2], low[-1][:-2]
    if "in" in low[1:]:  # "a spokesman in Islamabad": the place is not the speaker
        k = low.index("in", 1)
        if all(_capital(w) for w in words[k + 1 :]) and low[k - 1] in _ROLES | _GENERIC:
            words, low = words[:k], low[:k]
    if not words:
        return None
    cut = next((k for k, w in enumerate(low) if w in _PREPS - {"and"}), len(low))
    head, named = low[cut - 1] if cut else low[-1], any(_proper(w) for w in words)
    org = k = next((k for k, w in enumerate(low) if w in _INSTITUTIONS), -1)
    if not named and (org < 0 or (det == "the" and len(low) == 1)):
        if det == "the" and head in _ROLES | _INSTITUTIONS and cut == len(low):
            return "role", " ".join(words)
        return None
    if not named and k >= 0:  # "foreign office spokesman" → "Foreign Office spokesman"
        first = k
        while first > 0 and low[first - 1] in _MODIFIERS - _RANKS:
            first -= 1
        words[first : k + 1] = [w[:1].upper() + w[1:] for w in words[first : k + 1]]
    return "named", " ".join(words)


def _found(toks: list[Tok], cue_s: int, cue_e: int) -> _Found | None:
    c = _classify(toks) if toks else None
    return _Found(c[0], c[1], toks[0].start(), cue_s, cue_e) if c else None


def _after_verb(text: str, pos: int, hi: int) -> str:
    """What follows a verb past adverbials: "that" (or ":", a quote), "comma", "end", "bare"."""
    while (m := _ADVERB.match(text, pos, hi)) and m.end() > pos:
        pos = m.end()
    m = _NEXT.match(text, pos, hi)
    return (m.lastgroup if m else None) or "bare"


def _quotes(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Top-level quotations in ``[lo, hi)`` as (opening, closing mark); straight quotes and
    apostrophes are told apart by the characters around them."""
    regions: list[tuple[int, int]] = []
    dq = sq = -1
    for m in _QCHARS.finditer(text, lo, hi):
        i, c = m.start(), m.group()
        prev = text[i - 1] if i > lo else " "
        nxt = text[i + 1] if i + 1 < hi else " "
        opens = (prev.isspace() or prev in "([{—–-/:") and not nxt.isspace()
        closes = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
        if c in '"“”„«»':
            if dq >= 0 and (c in _PAIRS.get(text[dq], "”") or (c in _CLOSERS and closes)):
                regions.append((dq, i))
                dq = -1
            elif opens or (dq < 0 and c in "“„«"):  # an opening mark (one left open is dropped)
                dq, sq = i, -1
        elif dq < 0 and sq < 0 and c in "‘‚‹'" and opens and nxt.isalpha():
            sq = i
        elif dq < 0 and sq >= 0 and c in "’'‘›" and closes:
            regions.append((sq, i))
            sq = -1
    if dq >= 0:  # left open: to the paragraph's end if the next opens a quote, else one sentence
        more = re.match(r"\s*[“„«\"‘]", text[hi : hi + 9])
        regions.append((dq, hi if more else (sentence_at(text, dq) or (dq, hi))[1]))
    return sorted(regions)


def _fits(pronoun: str, claimant: str) -> bool:
    """Whether he/she (one person), they (several, an organisation) or it (one) fits."""
    low = claimant.lower().split()
    plural = "and" in low or low[-1] in _GENERIC or low[0] in _GENERIC
    org = any(w in _INSTITUTIONS for w in low)
    return plural or org if pronoun == "they" else org if pronoun == "it" else not plural


@dataclass
class _Reader:
    """The text, the span's paragraph bounds and the quotations in it."""

    text: str
    lo: int
    hi: int
    regions: list[tuple[int, int]]

    def cues(self, ss: int, se: int, lead: bool = False) -> list[_Found]:
        """What the cues (the first 12) outside quotations in the sentence ``[ss, se)`` say."""
        found = [self.analyse(ss, se, m, lead) for m in list(_CUE.finditer(self.text, ss, se))[:12]]
        return [f for f in found if f and not any(o < f.cue_start < c for o, c in self.regions)]

    def analyse(self, ss: int, se: int, m: Tok, lead: bool) -> _Found | None:
        """The speaker the cue ``m`` attributes its sentence ``[ss, se)`` to, if any. With
        ``lead``, the words before ``ss`` are the content (``ss`` follows a closing quote)."""
        text, cue_s, cue_e, verb = self.text, m.start(), m.end(), m.group("verb")
        if m.group("acc"):
            return _found(_np_right(text, cue_e, se), cue_s, cue_e)
        if m.group("part"):  # "The bank kept its rate, saying inflation risks remained high"
            subject = self.subject(ss, se) if text[ss:cue_s].rstrip().endswith(",") else None
            return replace(subject, cue_start=cue_s, cue_end=cue_e) if subject else None
        kind = _after_verb(text, cue_e, se)
        nxt = re.match(r"\s*([\w'’]+)(?:\s+[\w'’]+){0,3}\s+(to\s+[a-z])?", text[cue_e:se])
        if kind == "bare" and (verb not in _CLAUSE_VERBS or (nxt and nxt[1] in _EMPTY)):
            return None  # "said nothing", "added 400 megawatts"
        if (verb == "told" and nxt and nxt[2]) or _PASSIVE.search(text, max(ss, cue_s - 12), cue_s):
            return None  # "told them to leave", "is said to"
        before = text[ss:cue_s].rstrip()
        if (before or lead) and (not before or before[-1] in ",—–" + _CLOSERS):
            # The verb first: "…, said Lavrov." / "…,” said the prime minister, Shehbaz Sharif."
            np = _np_right(text, cue_e, se)
            tail = text[np[-1].end() : se] if np else ""
            ends = re.fullmatch(r"\s*(?:[,(—–].*)?\W*", tail, re.S)
            f = _found(np, cue_s, cue_e) if ends else None
            name = re.match(r",\s+((?:[A-Z][\w'’-]*\s*){1,4})\W*$", tail)
            if f and f.kind == "role" and name:
                return _Found("named", name.group(1).strip(), cue_e, cue_s, cue_e)
            if f:
                return f
        end = cue_s
        while (pre := _PRE_ADVERB.search(text, max(ss, end - 60), end)) and pre.start() < end:
            end = pre.start()
        got = _np_left(text, ss, end)
        if got is None:
            return None
        toks, left = got
        starts_clause = left == "" or left in ",;:—–-(" or left.lower() in _LEFT_OK
        if left and left in _CLOSERS:
            starts_clause = lead or text[ss : toks[0].start()].strip() != ""
        if left.lower() in _SUBORD or not starts_clause:
            return None
        lone = kind in ("end", "comma") and left == "" and not lead  # "Lavrov said."
        if lone or (kind == "end" and left.lower() in _LEFT_OK - {"as"}):
            return None
        return _found(toks, cue_s, cue_e)

    def subject(self, ss: int, se: int) -> _Found | None:
        """The named subject the sentence opens with, unless its object is a name too."""
        toks = _np_right(self.text, ss, se)
        verb = r"(?:,[^,]{3,80},)?\s+[a-z]\w*\s+(\S*)"  # past an apposition: a verb, its object
        rest = re.match(verb, self.text[toks[-1].end() : se]) if toks else None
        f = _found(toks, ss, ss) if rest and not rest.group(1)[:1].isupper() else None
        return f if f and f.kind == "named" else None

    def quote_speaker(self, q: tuple[int, int], depth: int = 0) -> _Found | None:
        """Who speaks quote ``q``: named before or after it, or (weakly) by the one before."""
        text, (qo, qc) = self.text, q
        ss = (sentence_at(text, qo) or (qo, qo))[0]
        if ss < qo:
            # "X said: “…", "X told the Senate on Friday: “…"
            for hit in self.cues(ss, qo + 1)[-1:]:
                if not re.search(r"[.;!?]", gap := text[hit.cue_end : qo]) and len(gap) < 60:
                    return hit
            lead = text[ss:qo].rstrip()
            got = _np_left(text, ss, ss + len(lead) - 1) if lead.endswith(":") else None
            f = _found(got[0], ss + len(lead) - 1, ss + len(lead)) if got and not got[1] else None
            if f and f.kind == "named":  # "Imran Khan: “…”"
                return f
        if qc < self.hi:
            se = (sentence_at(text, qc) or (qc, qc + 1))[1]
            d = re.compile(r"[\s,]*([—–]|--)\s*").match(text, qc + 1, se)  # "…” — Atif Mian"
            f = _found(_np_right(text, d.end(), se), d.start(1), d.end(1)) if d else None
            if f and f.kind == "named":
                return f
            for hit in self.cues(qc + 1, min(se, qc + 160), True)[:1]:
                if text[qc + 1 : min(hit.np_start, hit.cue_start)].strip(" ,") == "":
                    return hit
        if depth or ss < qo or qo <= self.lo:
            return None
        earlier = [r for r in self.regions if r[1] < qo]
        span = sentence_at(text, earlier[-1][1]) if earlier else None
        if span and text[span[1] : qo].strip() == "":  # "…," the minister said. "More."
            f = self.quote_speaker(earlier[-1], 1)
            return replace(f, strong=False) if f else None
        return self.from_previous(ss, "quote")

    def from_previous(self, pos: int, pronoun: str) -> _Found | None:
        """Who a pronoun (or a speakerless quote) at ``pos`` means: the nearest named speaker in
        the three sentences before (one paragraph break at most), else the subject just before."""
        text, start = self.text, pos
        for count in range(3):
            end = len(text[max(0, start - LOOKBACK) : pos].rstrip()) + max(0, start - LOOKBACK)
            span = sentence_at(text, end - 1) if end > max(0, start - LOOKBACK) else None
            if span is None or len(_PARA.findall(text, span[0], start)) > 1:
                return None
            found = [f for f in self.cues(*span) if f.kind != "pronoun"]
            f = found[-1] if found else self.subject(*span) if count == 0 else None
            if f:
                fits = _fits(pronoun, f.claimant) if found or pronoun != "quote" else True
                # From a subject alone, "he"/"she" needs a full name: "Dar met…. He said" is vague.
                person = found or pronoun not in ("he", "she") or len(f.claimant.split()) > 1
                return replace(f, strong=False) if fits and person else None
            pos = span[0]
        return None

    def resolve_role(self, f: _Found) -> str | None:
        """The named holder of a bare role ("the spokeswoman") mentioned shortly before it."""
        text, lo = self.text, max(0, f.np_start - LOOKBACK)
        *mods, head = f.claimant.lower().split()
        mentions = list(re.finditer(rf"\b{re.escape(head)}\b", text[lo : f.np_start], re.I))
        for m in reversed(mentions):
            a, b = lo + m.start(), lo + m.end()
            if not all(w in text[max(lo, a - 60) : b].lower() for w in mods):
                continue
            # "Foreign Minister Ishaq Dar", "Mumtaz Zahra Baloch, the foreign office spokeswoman"
            for name in (_NAME_AFTER.match(text, b, b + 80), _NAME_BEFORE.search(text, a - 120, a)):
                if name and _proper(name[1].split()[0]):
                    return name[1]
        return None

    def in_sentences(self, ss: int, se: int, s: int, e: int) -> _Found | None:
        """The one speaker named in the sentences, or the nearest before a part of them."""
        spans = sentence_spans(self.text[ss:se])[:8]  # sliced: no scan before ``ss``
        found = [f for a, b in spans for f in self.cues(ss + a, ss + b)]
        if len({f.claimant.lower() for f in found}) == 1:
            return found[0]
        before = [f for f in found if f.cue_end <= s]
        return before[-1] if before and (s > ss or e < se) else None


def guess_claimant(text: str, start: int, end: int, *, resolve: bool = True) -> Attribution | None:
    """Who asserts ``text[start:end]``, judging from the text around it; None if unclear.
    ``resolve=False``: a pronoun gives None and a bare role ("the minister") stays as written."""
    n = len(text)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    s = len(text[start:end]) - len(text[start:end].lstrip()) + start
    e = len(text[s:end].rstrip()) + s
    first, last = sentence_at(text, s), sentence_at(text, e - 1)
    if s >= e or first is None or last is None:
        return None
    lo, hi = max(0, first[0] - WINDOW), min(n, last[1] + WINDOW)
    para_lo = max((p.end() for p in _PARA.finditer(text, lo, first[0])), default=lo)
    para_hi = next((p.start() for p in _PARA.finditer(text, last[1], hi)), hi)
    regions = _quotes(text, para_lo, para_hi) if _QCHARS.search(text, para_lo, para_hi) else []
    reader = _Reader(text, para_lo, para_hi, regions)
    best = max(regions, key=lambda r: min(e, r[1]) - max(s, r[0] + 1), default=None)
    overlap = min(e, best[1]) - max(s, best[0] + 1) if best else 0
    if best and 2 * overlap >= e - s:
        found = reader.quote_speaker(best)
    else:
        found = reader.in_sentences(first[0], last[1], s, e)
        if found is None and best and overlap > 0:
            found = reader.quote_speaker(best, 1)
    if found and found.kind == "pronoun":
        pos = (sentence_at(text, found.np_start) or (found.np_start,))[0]
        who = found.claimant
        mine = who in ("we", "i", "you")  # the author, or the reader
        found = None if mine or not resolve else reader.from_previous(pos, who)
    elif found and found.kind == "role":
        name = reader.resolve_role(found) if resolve else None
        vague = name is None and " " not in found.claimant  # "the bank", "the minister"
        found = None if vague else replace(found, claimant=name or found.claimant, strong=False)
    if found is None:
        return None
    cue = re.sub(r"\s+", " ", text[found.cue_start : found.cue_end]).strip()
    claimant = re.sub(r"\s+", " ", found.claimant).strip(" ,.:;")
    claimant = claimant[:1].upper() + claimant[1:]
    strength = Confidence.STRONG if found.strong else Confidence.WEAK
    return Attribution(claimant, cue, found.cue_start, found.cue_end, strength)
