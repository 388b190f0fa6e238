"""Contact recognizers: phone numbers (Thai and international), e-mail addresses, URLs."""
from __future__ import annotations

from .fragments import NUM_END, NUM_START, THAI, WORD_START
from .rows import Recognizer

SEP = r"[- .]?"  # one optional separator between digit groups
# Thai numbers: +66 / 0066 (optionally "(0)") or a leading 0, e.g. 0-2590-3333;
# after the number an optional line range and extension: 02-141-8887-8 ต่อ 100.
TH_PHONE_START = (
    r"(?:(?<![0-9A-Za-z+])(?:\+|00)\s?66" + SEP + r"(?:\(0\)" + SEP + r")?|" + NUM_START + "0" + SEP + ")"
)
TH_PHONE_END = r"(?:-\d{1,2})?(?:\s?(?:ต่อ|(?i:ext)\.?)\s?\d{1,5})?" + NUM_END
PHONE_CONTEXT = (
    "โทร", "โทรศัพท์", "มือถือ", "เบอร์", "ติดต่อ", "แฟกซ์", "tel", "phone", "mobile",
    "cell", "fax", "call", "contact",
)

ROWS: tuple[Recognizer, ...] = (
    Recognizer(
        "thai_mobile", "PHONE", starts="+0", score=0.85, context=PHONE_CONTEXT,
        pattern=TH_PHONE_START + r"[689](?:" + SEP + r"\d){8}" + TH_PHONE_END,
    ),
    Recognizer(
        "thai_landline", "PHONE", starts="(+0", score=0.75, context=PHONE_CONTEXT, context_boost=0.2,
        pattern=r"(?:" + TH_PHONE_START + r"[2-7](?:" + SEP + r"\d){7}"
        + r"|(?<![0-9A-Za-z(])\(0[2-7]\d?\)\s?\d{3}[- .]?\d{3,4})" + TH_PHONE_END,
    ),
    Recognizer(
        "international_phone", "PHONE", starts="+", score=0.75, context=PHONE_CONTEXT, context_boost=0.2,
        pattern=r"(?<![0-9A-Za-z+])\+[1-9]\d{0,2}(?:[- .]?\(?\d{1,4}\)?){2,6}" + NUM_END,
        validator="phone_length",
    ),
    Recognizer(
        "north_american_phone", "PHONE", starts="(0-9", score=0.6, context=PHONE_CONTEXT, context_boost=0.3,
        pattern=r"(?<!\+1[- .])(?:(?<![0-9A-Za-z(])\(\d{3}\)\s?|" + NUM_START + r"\d{3}[- .])\d{3}[- .]\d{4}" + NUM_END,
    ),
    Recognizer(
        # A number after a phone word, in any national layout: "Ph 09 379 4410",
        # "Call 1-800-555-0114", "reached on 01423 566 082", "Mobile: 07700 900 312".
        "phone_after_cue", "PHONE", starts="CFMPTcfmprt", score=0.85,
        pattern=r"(?:" + WORD_START + r"(?:[Pp]h(?:one)?|PH(?:ONE)?|[Tt]el(?:ephone)?|TEL|[Mm]ob(?:ile)?"
        + r"|MOB(?:ILE)?|[Cc]ell|[Ff]ax|FAX|[Cc]all|reached\s+(?:on|at)|contact\s+(?:no\.?|number))"
        + r"(?:\s*(?:[Nn]o\.?|[Nn]umber|#))?)[\s:.=]*(?:\((?:[A-Za-z]+)\)\s*)?"
        + r"(?P<value>\+?\(?\d[\d ().-]{5,20}\d)" + NUM_END,
        validator="phone_length",
    ),
    Recognizer(
        # A national number with a trunk 0 in space-separated groups, as the UK, Australia
        # and New Zealand write them: "07700 900418", "01423 566 082", "09 379 4410".
        "trunk_zero_phone", "PHONE", starts="0(", score=0.6, context=PHONE_CONTEXT, context_boost=0.25,
        pattern=r"(?:(?<![0-9A-Za-z(])\(0\d{1,4}\)|" + NUM_START + r"(?![0-3]\d [01]\d (?:19|20)\d\d)0\d{1,4})(?:[ ]\d{2,6}){1,3}" + NUM_END,
        validator="phone_length",
    ),
    Recognizer(
        "email", "EMAIL", starts="A-Za-z0-9._%+-", score=0.95,
        pattern=r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])",
    ),
    Recognizer(
        # OCR reads "@" as "|" or "l": only with a well-known mail domain.
        "email_ocr", "EMAIL", starts="A-Za-z0-9._%+-", score=0.7,
        pattern=r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+\s?\|\s?"
        + r"(?:gmail|hotmail|yahoo|outlook|icloud|live)\.(?:com|co\.th)(?![A-Za-z0-9-])",
    ),
    Recognizer(
        "url", "URL", starts="HWhw", score=0.9,
        pattern=r"(?i:https?://|www\.)[^\s<>\"'" + THAI + r"]*[^\s<>\"'.,;:!?)\]" + THAI + "]",
    ),
    Recognizer(
        "domain", "URL", starts="A-Za-z0-9-", score=0.7,
        pattern=r"(?<![A-Za-z0-9@._/-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
        + r"\.(?:com|net|org|info|biz|io|ly|me|tv|app|asia|co\.th|ac\.th|go\.th|or\.th|in\.th|mi\.th"
        + r"|co\.uk)(?![A-Za-z0-9-])"
        + r"(?:/[^\s<>\"'" + THAI + r"]*[^\s<>\"'.,;:!?)\]" + THAI + "])?",
    ),
)
