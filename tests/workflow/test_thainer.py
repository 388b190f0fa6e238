"""ThaiNER: inline-format parsing, the tag mapping table, the deterministic dev split."""
import pytest

from spacy_deid.labels import LABELS
from spacy_deid.workflow.thainer import TAG_MAP, is_dev, map_entity, parse_line, read_thainer


def spans_text(line):
    text, spans = parse_line(line)
    return [(text[s:e], label) for s, e, label in spans]


def test_every_mapped_tag_is_one_of_our_labels():
    assert {v for v in TAG_MAP.values() if v} <= set(LABELS)
    for tag in ("TIME", "MONEY", "PERCENT", "LEN", "LAW", "T"):
        assert TAG_MAP[tag] is None


@pytest.mark.parametrize(
    "line,expected",
    [
        ("ตามที่[PERSON]นางประนอม ทองจันทร์[/PERSON] ป่วย", [("ประนอม ทองจันทร์", "PERSON")]),
        ("[PERSON]ด.ช.กิตติพงษ์[/PERSON] กับ [PERSON]ด.ญ.กาญจนา[/PERSON]",
         [("กิตติพงษ์", "PERSON"), ("กาญจนา", "PERSON")]),
        ("โดย [PERSON]พล.ต.อ.สมชาย ใจดี[/PERSON]", [("สมชาย ใจดี", "PERSON")]),
        ("[PERSON]พลเอก ประยุทธ์ จันทร์โอชา[/PERSON]", [("ประยุทธ์ จันทร์โอชา", "PERSON")]),
        ("[PERSON]ผศ.นพ.วิชัย[/PERSON]", [("วิชัย", "PERSON")]),
        ("[PERSON]Dr. John Smith[/PERSON]", [("John Smith", "PERSON")]),
        ("[PERSON]ทักษิณ[/PERSON]", [("ทักษิณ", "PERSON")]),
    ],
)
def test_titles_stay_outside_person(line, expected):
    assert spans_text(line) == expected


def test_a_person_span_that_is_only_a_title_is_dropped():
    assert spans_text("[PERSON]นาย[/PERSON]ไม่ทราบชื่อ") == []


@pytest.mark.parametrize(
    "line,expected",
    [
        ("ผู้ป่วยเป็นหญิงอายุ [AGO]47 ปี[/AGO] เป็นชาว", [("47 ปี", "AGE")]),
        ("หนูน้อยวัย [AGO]6 ขวบ[/AGO] ที่", [("6 ขวบ", "AGE")]),
        ("และ เด็ก [AGO]2 ขวบ[/AGO] ที่", [("2 ขวบ", "AGE")]),
        ("เด็กทารก [AGO]5 เดือน[/AGO] ที่", [("5 เดือน", "AGE")]),
        ("ติดคุกมา [AGO]3 ปี[/AGO] แล้ว", []),
        ("เมื่อ [AGO]2 เดือน[/AGO]ก่อน", []),
    ],
)
def test_ago_is_an_age_only_in_age_context(line, expected):
    assert spans_text(line) == expected


@pytest.mark.parametrize(
    "line,expected",
    [
        ("ที่[LOCATION]จังหวัดเชียงราย[/LOCATION]", [("เชียงราย", "LOCATION")]),
        ("ที่[LOCATION]จ. ตาก[/LOCATION]", [("ตาก", "LOCATION")]),
        ("ใน[LOCATION]ประเทศไทย[/LOCATION]", [("ไทย", "LOCATION")]),
        ("ที่[LOCATION]บ้านท่าเรือ[/LOCATION]", [("บ้านท่าเรือ", "LOCATION")]),
        ("ที่[LOCATION]จังหวัด[/LOCATION]นี้", []),
    ],
)
def test_location_leaves_the_administrative_prefix_outside(line, expected):
    assert spans_text(line) == expected


@pytest.mark.parametrize(
    "line,expected",
    [
        ("เมื่อ [DATE]5 ม.ค. 2560[/DATE] ที่", [("5 ม.ค. 2560", "DATE")]),
        ("ภายใน[DATE]เดือนกันยายน[/DATE]นี้", [("เดือนกันยายน", "DATE")]),
        ("ปลาย [DATE]ต.ค.[/DATE] ที่", [("ต.ค.", "DATE")]),
        ("ตั้งแต่ [DATE]๑๒[/DATE] ถึง", [("๑๒", "DATE")]),
        ("on [DATE]March[/DATE] trip", [("March", "DATE")]),
        ("ประชุม[DATE]วันนี้[/DATE]ที่", []),
        ("[DATE]วันพรุ่งนี้[/DATE]จะ", []),
        ("ทุก[DATE]วันจันทร์[/DATE] และ[DATE]ปีหน้า[/DATE]", []),
    ],
)
def test_date_is_phi_only_when_it_names_a_calendar_date(line, expected):
    assert spans_text(line) == expected


@pytest.mark.parametrize(
    "line,label",
    [
        ("ที่[FACILITY]รพ.ศิริราช[/FACILITY]", "ORGANIZATION"),
        ("ที่[FACILITY]โรงเรียนนางรอง[/FACILITY]", "ORGANIZATION"),
        ("ที่[FACILITY]มหาวิทยาลัยขอนแก่น[/FACILITY]", "ORGANIZATION"),
        ("ใน[FACILITY]ถ้ำหลวง[/FACILITY]", "LOCATION"),
        ("ที่[FACILITY]วัดหนองป่าพง[/FACILITY]", "LOCATION"),
    ],
)
def test_facility_is_organization_for_institutions_location_otherwise(line, label):
    assert [lab for _, lab in spans_text(line)] == [label]


def test_other_tags():
    line = (
        "[ORGANIZATION]กระทรวงสาธารณสุข[/ORGANIZATION] [LOCATION]จ.ขอนแก่น[/LOCATION] "
        "[ZIP]40000[/ZIP] [DATE]5 ม.ค. 2560[/DATE] เวลา [TIME]16.00 น.[/TIME] "
        "ราคา [MONEY]100 บาท[/MONEY] [PERCENT]5%[/PERCENT] [LEN]3 เมตร[/LEN] "
        "[LAW]มาตรา 44[/LAW] [T]38 องศา[/T] โทร [PHONE]02-123-4567[/PHONE] "
        "[EMAIL]a@b.co[/EMAIL] [URL]http://x.th[/URL]"
    )
    assert spans_text(line) == [
        ("กระทรวงสาธารณสุข", "ORGANIZATION"),
        ("ขอนแก่น", "LOCATION"),
        ("40000", "LOCATION"),
        ("5 ม.ค. 2560", "DATE"),
        ("02-123-4567", "PHONE"),
        ("a@b.co", "EMAIL"),
        ("http://x.th", "URL"),
    ]
    text, _ = parse_line(line)
    assert "[" not in text and "16.00 น." in text and "100 บาท" in text


def test_byte_order_marks_are_removed_and_offsets_stay_right():
    text, spans = parse_line("\ufeff[PERSON]แอมป์\ufeff[/PERSON] ไป\ufeffโรงเรียน\n")
    assert text == "แอมป์ ไปโรงเรียน"
    assert [(text[s:e], label) for s, e, label in spans] == [("แอมป์", "PERSON")]


def test_whitespace_inside_tags_is_trimmed():
    text, spans = parse_line("ที่ [LOCATION] เชียงราย [/LOCATION]")
    assert [text[s:e] for s, e, _ in spans] == ["เชียงราย"]


@pytest.mark.parametrize(
    "line", ["[TIME]16.00 น.[/DATE]", "[PERSON]ก[PERSON]ข[/PERSON]", "[DATE]5 ม.ค.", "ก[/URL]"]
)
def test_malformed_lines_raise(line):
    with pytest.raises(ValueError):
        parse_line(line)


def test_unknown_tag_raises_in_mapping():
    with pytest.raises(KeyError):
        map_entity("BOGUS", "x", "")


def test_dev_split_is_deterministic_deduplicated_and_disjoint(tmp_path):
    lines = [f"บรรทัดที่ {i} ของ [PERSON]นายสมชาย{i}[/PERSON]" for i in range(400)]
    path = tmp_path / "train.txt"
    path.write_text("\ufeff" + "\n".join(lines + lines[:50] + ["", "[DATE]x[/URL]"]) + "\n",
                    encoding="utf-8")
    skipped = []
    train = [r["text"] for r in read_thainer(path, "train", skipped=skipped)]
    dev = [r["text"] for r in read_thainer(path, "dev", skipped=[])]
    assert skipped == [402 + 50]
    assert not set(train) & set(dev)
    assert len(train) + len(dev) == 400 == len(set(train) | set(dev))
    assert 20 <= len(dev) <= 60  # ≈ 10 %
    assert dev == [r["text"] for r in read_thainer(path, "dev", skipped=[])]
    assert is_dev(lines[0]) == is_dev("\ufeff" + lines[0] + "  ")
    with pytest.raises(ValueError, match=r"train\.txt:452"):
        list(read_thainer(path, "all"))


def test_real_thainer_file_parses(tmp_path):
    """The shipped copy parses with one known malformed line, and maps to our labels."""
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "assets" / "thainer" / "train.txt"
    skipped = []
    records = list(read_thainer(src, "all", skipped=skipped))
    assert skipped == [1211]
    assert len(records) > 5000
    labels = {s[2] for r in records for s in r["spans"]}
    assert labels == {"PERSON", "LOCATION", "ORGANIZATION", "DATE", "AGE", "PHONE", "EMAIL", "URL"}
    for r in records[:500]:
        for s, e, _, _ in r["spans"]:
            assert r["text"][s:e] == r["text"][s:e].strip() and e > s
