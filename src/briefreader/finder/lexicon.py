"""The word lists behind the check-worthiness signals, compiled once into a lookup table.

Each signal of :mod:`briefreader.finder.signals` that a word or a phrase shows ("because of",
"according to", "will") has its list here. :data:`LEXICON` maps a phrase's first word (lower
case, ``’`` as ``'``) to the :class:`Entry` objects starting with it, longest first, so a
sentence's words are looked up once each instead of every list being searched. Patterns that a
list cannot express (a year, ``X-er than``, ``N years ago``, a capitalised name) are code in
:mod:`briefreader.finder.signals`, using the sets defined here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Entry:
    """A phrase of a signal: its ``words`` in lower case; ``exact``: the words as they must be
    written (case included), else None; ``not_next``: words that must not follow it."""

    signal: str
    words: tuple[str, ...]
    exact: tuple[str, ...] | None = None
    not_next: frozenset[str] = frozenset()


def _split(listing: str) -> list[str]:
    return [item.strip() for item in listing.split("|") if item.strip()]


#: signal -> phrases (case-insensitive), ``|``-separated.
_PHRASES: dict[str, str] = {
    "number": (
        "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
        "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
        "ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|"
        "trillions|dozen|dozens|percent|per cent|percentage|half|twice|thrice|one-third|"
        "two-thirds|one-quarter|three-quarters|one-half|one-fifth|one-tenth|tenfold|twofold|"
        "threefold|crore|crores|lakh|lakhs"
    ),
    "comparison": (
        "compared to|compared with|in comparison with|relative to|as many as|as much as|"
        "as few as|as little as|up from|down from|twice as|times as|times more|times higher|"
        "outnumber|outnumbered|outnumbers|exceed|exceeded|exceeds|surpass|surpassed|surpasses|"
        "outpaced|outpace|the same as|higher|lower|larger|smaller|bigger|fewer|more and more|"
        "the majority|a majority|the minority"
    ),
    "superlative": (
        "most|least|best|worst|record high|record low|record number|a record|all-time|"
        "unprecedented|never before|for the first time|the only|the first|the last time|"
        "no other|first-ever|ever since"
    ),
    "change": (
        "increase|increased|increases|increasing|decrease|decreased|decreases|decreasing|rise|"
        "rose|risen|rises|rising|fall|fell|fallen|falls|decline|declined|declines|declining|"
        "drop|dropped|drops|grow|grew|grown|grows|growth|double|doubled|doubles|tripled|triple|"
        "halved|cut|cuts|raise|raised|raises|reduce|reduced|reduces|reduction|gain|gained|gains|"
        "lose|lost|loses|losing|surge|surged|soared|soar|plunged|plunge|plummeted|slashed|"
        "boosted|shrank|shrunk|expanded|jumped|climbed|deficit|surplus"
    ),
    "cause": (
        "because|because of|due to|owing to|thanks to|as a result|as a result of|resulted in|"
        "results in|result in|led to|leads to|lead to|leading to|caused|causes|cause|causing|"
        "caused by|contributed to|contributes to|therefore|consequently|hence|that is why|"
        "that's why|which is why|this is why|responsible for|blamed for|blame|triggered|"
        "sparked|fuelled|fueled|stems from|stemmed from|attributed to|in response to|"
        "the reason"
    ),
    "attribution": (
        "said|says|told|tells|according to|stated|announced|reported|reportedly|declared|"
        "claimed|confirmed|denied|admitted|insisted|argued|warned|noted|explained|"
        "acknowledged|alleged|allegedly|testified|wrote|writes|tweeted|quoted|cited|revealed|"
        "disclosed|estimated|estimates|found that|find that|show that|shows that|showed that|"
        "concluded|a study|the study|a survey|the survey|a poll|the poll|a report|the report|"
        "the data|the figures|statistics|census|spokesman|spokeswoman|spokesperson|"
        "on condition of anonymity|in a statement|a statement|press release"
    ),
    "law": (
        "law|laws|lawful|unlawful|illegal|illegally|legal|legally|legislation|legislative|"
        "statute|treaty|treaties|constitution|constitutional|amendment|regulation|regulations|"
        "regulatory|ruling|ruled|court|courts|judge|verdict|ban|banned|bans|sanction|"
        "sanctions|veto|vetoed|vote|voted|votes|signed|ratified|ratify|mandate|mandatory|mou|"
        "mous|memorandum|agreement|accord|resolution|decree|ordinance|under the act|the act|"
        "this act|prohibited|licence|license|permit|obliged|required by"
    ),
    "prediction": (
        "will|won't|shall|going to|gonna|expected to|expects to|is set to|are set to|"
        "is due to|are due to|likely to|unlikely to|projected to|forecast|forecasts|predicted|"
        "predicts|predict|projection|projections|is poised to|scheduled to|next year|"
        "next month|next week|next decade|in the coming|in the next|in the future|the future"
    ),
    "time": (
        "yesterday|today|tonight|tomorrow|recently|currently|historically|formerly|previously|"
        "nowadays|at the time|so far|to date|since then|in the past|over the past|"
        "over the last|in the last|at present|"
        + "|".join(
            f"{a} {b}"
            for a in ("last", "this", "next", "past", "previous", "coming", "recent", "same")
            for b in _split(
                "year|years|month|months|week|weeks|decade|decades|century|quarter|summer|"
                "winter|spring|autumn|term|session|day|days"
            )
        )
    ),
    "past": (
        "was|were|had|did|went|took|made|gave|got|came|saw|held|led|met|won|sold|paid|built|"
        "spent|began|became|brought|bought|caught|fought|taught|knew|left|kept|sent|ran|drove|"
        "chose|broke|spoke|stood|sat|flew|threw|drew|struck|sought|withdrew|overtook|undertook|"
        "forgave|forgot|understood|agreed|fed"
    ),
    "question": "",
    "greeting": (
        "thank you|thank|thanks|hello|good morning|good evening|good afternoon|good night|"
        "welcome|congratulations|congratulate|ladies and gentlemen|my fellow|goodbye|good-bye|"
        "god bless|a pleasure|happy to be here|glad to be here|nice to see|appreciate|grateful|"
        "condolences|best wishes|dear"
    ),
    "feeling": (
        "in my view|in my opinion|in my judgment|in my judgement|personally|my heart|frankly|"
        "honestly|my view|i mean|"
        + "|".join(
            f"{who} {adj}"
            for who in ("i'm", "we're", "i am", "we are")
            for adj in _split(
                "glad|proud|sure|happy|sorry|confident|convinced|afraid|concerned|worried|"
                "delighted|pleased|certain|grateful|excited|disappointed|honored|honoured"
            )
        )
    ),
    "hedge": (
        "maybe|perhaps|possibly|probably|presumably|apparently|arguably|seemingly|might|could|"
        "seem|seems|seemed|seem to|appears to|appear to|somewhat|sort of|kind of|supposedly|"
        "it is possible|it's possible|more or less|rather|fairly|to some extent|in a way|"
        "hopefully"
    ),
    "advice": (
        "should|must|ought to|need to|needs to|have to|has to|had better|it is time|"
        "it's time|it is important|it is essential|it is crucial|it is vital|it is necessary|"
        "it is obvious|it is clear|it is imperative|it would be|would be useful|would be good|"
        "would be better|would be wise|can be used|let us|let's|we need|important|obvious|"
        "obviously|necessary|essential|crucial|imperative|desirable|useful|wise"
    ),
}

#: signal -> phrases matched only as written (case included).
_EXACT: dict[str, str] = {
    "law": "Act|bill|bills",
    "hedge": "may",
    "time": (
        "January|February|March|April|June|July|August|September|October|November|December|"
        "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|"
        "Friday|Saturday|Sunday"
    ),
    "institution": (
        "officials|official|minister|ministers|ministry|government|governments|administration|"
        "army|military|police|parliament|congress|senate|court|president|prime minister|"
        "secretary|ambassador|delegation|authorities|agency|commission|committee|central bank|"
        "regulator|lawmakers|legislature|cabinet|governor|mayor|senator|senators|officers"
    ),
}

#: Words that must not follow a phrase for it to count.
_NOT_NEXT: dict[tuple[str, str], frozenset[str]] = {
    ("law", "the act"): frozenset({"of", "as"}),
    ("law", "this act"): frozenset({"of", "as"}),
    ("law", "Act"): frozenset({"as"}),
    ("greeting", "thanks"): frozenset({"to"}),
    ("greeting", "dear"): frozenset({"to"}),
}


def _build() -> dict[str, tuple[Entry, ...]]:
    table: dict[str, list[Entry]] = {}
    for exact, source in ((False, _PHRASES), (True, _EXACT)):
        for signal, listing in source.items():
            for phrase in _split(listing):
                words = tuple(phrase.lower().split())
                entry = Entry(
                    signal,
                    words,
                    tuple(phrase.split()) if exact else None,
                    _NOT_NEXT.get((signal, phrase), frozenset()),
                )
                table.setdefault(words[0], []).append(entry)
    return {
        first: tuple(sorted(entries, key=lambda e: -len(e.words)))
        for first, entries in table.items()
    }


#: First word (lower case) -> the phrases starting with it, longest first.
LEXICON: dict[str, tuple[Entry, ...]] = _build()

# --- sets the coded detectors use -------------------------------------------------------------

#: Words ending in -est that are not superlatives.
NOT_SUPERLATIVE = frozenset(
    _split(
        "interest|protest|test|rest|honest|forest|request|suggest|invest|harvest|modest|guest|"
        "nest|manifest|contest|arrest|conquest|digest|earnest|priest|quest|chest|vest|pest|jest|"
        "zest|crest|attest|detest|infest|molest|behest|unrest|midwest|northwest|southwest|"
        "everest|west|lest|dishonest|disinterest|ingest|congest|divest|wrest|bequest|tempest|"
        "inquest|retest|pretest|interests|protests|tests|guests|requests|suggests|invests|"
        "arrests|contests|priests|digest|southeast|northeast|east|feast|beast|least|best|"
        "honest|modest|manifest|latest|utmost|almost|most"
    )
) - {"latest"}
#: Words ending in -ed that are not past tenses (or not events).
NOT_PAST = frozenset(
    _split(
        "need|indeed|speed|seed|bed|red|shed|bred|breed|creed|embed|proceed|succeed|exceed|"
        "feed|greed|weed|sacred|naked|wicked|kindred|hundred|supposed|used|based|so-called|"
        "tired|concerned|interested|pleased|delighted|worried|scared|excited|bored|ashamed|"
        "hatred|advanced|sled|sped|bleed|heed|deed|reed|steed|tweed|wed|united|limited|"
        "related|committed|dedicated|needed|called|named|aged|beloved|blessed|learned|"
        "unprecedented|unlimited|detailed|skilled|talented|determined|qualified|interested"
    )
)
#: The first words of ``X than`` that make no comparison.
NOT_COMPARISON = frozenset(_split("rather|other|sooner|whether|never|ever|either|neither|later"))
#: Words that may come between ``I``/``we`` and a verb of feeling (``I really think``).
FEELING_ADVERBS = frozenset(
    _split(
        "really|truly|honestly|personally|strongly|also|still|do|just|don't|not|certainly|"
        "firmly|deeply|sincerely|always|never|genuinely|did|didn't"
    )
)
#: Verbs of feeling after ``I`` or ``we``.
FEELING_VERBS = frozenset(
    _split(
        "feel|felt|think|thought|believe|believed|hope|hoped|wish|love|like|want|wanted|fear|"
        "worry|doubt|guess|suspect|trust|suppose|hate|prefer|regret|admire|respect"
    )
)
#: Heads of a named body (``Ministry`` of Energy, the Shanghai Cooperation ``Organisation``).
ORG_HEADS = frozenset(
    _split(
        "Ministry|Department|Organisation|Organization|Council|Agency|Commission|Committee|"
        "Bank|Court|Congress|Senate|Parliament|Assembly|Office|Institute|Centre|Center|"
        "University|Party|Army|Navy|Force|Forces|Government|Administration|Union|Association|"
        "Federation|Fund|Board|Bureau|Authority|Police|Cabinet|Corporation|Company|Inc|Ltd|"
        "Group|Foundation|Society|Alliance|League|Network|Secretariat|Tribunal|Treaty|Programme|"
        "Program|Service|Services|Corps|Guard|Forum|Summit|Mission|Embassy|Consulate|House|"
        "Majlis|Duma|Nations|Reserve"
    )
)
#: Small words inside a name or a named body (Ministry ``of`` Energy, Osama ``bin`` Laden);
#: a named body also takes ``and`` (Centre for Research ``and`` Security Studies).
NAME_JOINERS = frozenset(_split("of|the|de|al|bin|van|von|da|del|la|le|du|ibn|el|for"))
#: All-capital words that are not acronyms of a body.
NOT_ACRONYM = frozenset(
    _split("I|OK|TV|AM|PM|II|III|IV|VI|VII|VIII|IX|XI|XX|A|AN|OR|OF|THE|AND|BUT|NOT|NO|YES")
)
#: Capitalised words that start sentences or clauses rather than names.
NOT_NAME = frozenset(
    _split(
        "I|I'm|I've|I'd|I'll|The|A|An|In|On|At|Of|And|But|Or|So|If|It|It's|This|That|These|"
        "Those|We|You|He|She|They|There|Here|What|When|Where|Why|How|Who|Which|Mr|Mrs|Ms|Dr|"
        "Now|Well|Yes|No|Not|Also|As|For|To|With|By|From|After|Before|Even|Only|Our|My|Your|"
        "His|Her|Their|Its|Let|Then|Thank|Thanks|God|OK|Okay|Furthermore|Moreover|However|"
        "Therefore|Although|Though|While|Because|Since|Unsurprisingly|Historically|Currently|"
        "Taking|Keeping|Along|Something|Some|Many|Most|All|Every|Each|Both|Any|First|Second|"
        "Third|Finally|Last|Next|Today|Yesterday|Tomorrow|Again|Just|Still|Yet|Sir|Madam|May"
    )
) | frozenset(_split(_EXACT["time"]))
#: Words before a year or a month that belong to the time reference (``since`` 2014).
TIME_LEADS = frozenset(
    _split(
        "in|since|by|until|till|from|during|before|after|between|of|on|early|late|mid|last|"
        "this|next|around|circa|through"
    )
)
#: Units before ``ago`` (two ``years`` ago).
AGO_UNITS = frozenset(
    _split("year|years|month|months|week|weeks|day|days|decade|decades|century|centuries")
)
#: Words before a number that make it money (``Rs`` 500).
CURRENCY_WORDS = frozenset(_split("rs|usd|eur|gbp|pkr|inr|us$"))
