"""Tesseract table → page text with character boxes → Doc tokens with page/box/confidence."""
import pytest
import spacy

from spacy_deid.ocr.engine import parse_tsv
from spacy_deid.ocr.layout import Line, PageText, Word, build_doc, lines_from_tesseract, page_text, union


def table(rows):
    """image_to_data-style dict from (block, par, line, text, x, y, w, h, conf) word rows."""
    cols = {k: [] for k in ("level", "page_num", "block_num", "par_num", "line_num", "word_num",
                            "left", "top", "width", "height", "conf", "text")}
    for n, (block, par, line, text, x, y, w, h, conf) in enumerate(rows):
        for key, value in zip(cols, (5, 1, block, par, line, n, x, y, w, h, conf, text)):
            cols[key].append(value)
    # a structural row (level 4) and a blank word must be ignored
    for key, value in zip(cols, (4, 1, 1, 1, 1, 0, 0, 0, 10, 10, -1, "")):
        cols[key].append(value)
    for key, value in zip(cols, (5, 1, 1, 1, 1, 9, 0, 0, 10, 10, 95.0, "  ")):
        cols[key].append(value)
    return cols


def test_parse_tsv_types_and_missing_text():
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "1\t1\t0\t0\t0\t0\t0\t0\t100\t50\t-1\n"
           "5\t1\t1\t1\t1\t1\t5\t6\t7\t8\t91.5\tHN\n")
    data = parse_tsv(tsv)
    assert data["text"] == ["", "HN"]
    assert data["left"] == [0, 5] and data["conf"] == [-1.0, 91.5]


def test_thai_fragments_join_without_spaces_but_latin_words_get_them():
    # "ชื่อ" as three fragments, a wide gap, "สมชาย" as two fragments, then Latin words
    rows = [
        (1, 1, 1, "ชื", 100, 110, 26, 40, 93.0),
        (1, 1, 1, "่", 126, 100, 10, 10, 90.0),
        (1, 1, 1, "อ", 136, 110, 18, 40, 97.0),
        (1, 1, 1, "สม", 180, 110, 40, 40, 96.0),  # gap 26 > 0.25 × line height 50
        (1, 1, 1, "ชาย", 221, 110, 60, 40, 94.0),
        (1, 1, 2, "HN", 100, 200, 50, 40, 95.0),
        (1, 1, 2, "64-12345", 160, 200, 150, 40, 92.0),
        (2, 1, 1, "Ward", 100, 400, 80, 40, 96.0),
    ]
    lines = lines_from_tesseract(table(rows))
    assert [len(line.words) for line in lines] == [5, 2, 1]
    page = page_text(lines)
    assert page.text == "ชื่อ สมชาย\nHN 64-12345\n\nWard"
    assert len(page.boxes) == len(page.text) == len(page.word_ids)
    # every character of a word is inside the word's box, stretched to the line's height
    first_line = union(w.box for w in lines[0].words)
    assert page.words[1].box == (126, first_line[1], 136, first_line[3])
    assert all(b is None for b, ch in zip(page.boxes, page.text) if ch.isspace())


def test_narrow_thai_gap_gets_no_space_and_script_change_a_narrow_one():
    words = [Word("ผู้", (0, 0, 40, 50), 90.0), Word("ป่วย", (45, 0, 100, 50), 90.0),
             Word("HN", (108, 0, 150, 50), 90.0)]
    page = page_text([Line(words, (1,))])
    assert page.text == "ผู้ป่วย HN"  # gap 5 (0.1 × height): none; Thai→Latin gap 8: one


def test_punctuation_and_email_spacing():
    # Thai then "." never gets a space; "." then Thai only across a wide gap; ":" then a name
    # across a colon-space does; the parts of an e-mail address are joined
    line = [Word("ถ", (0, 0, 20, 50), 90.0), Word(".", (36, 40, 40, 50), 90.0),  # gap 16
            Word("ราชมณี", (44, 0, 150, 50), 90.0),  # gap 4
            Word("ชื่อ", (180, 0, 230, 50), 90.0), Word(":", (232, 10, 236, 50), 90.0),
            Word("สมชาย", (250, 0, 330, 50), 90.0)]  # gap 14
    mail = [Word("name", (0, 0, 80, 50), 90.0), Word("@hotmail.com", (100, 0, 300, 50), 90.0),
            Word("user@", (350, 0, 440, 50), 90.0), Word("gmail.com", (460, 0, 600, 50), 90.0)]
    page = page_text([Line(line, (1,)), Line(mail, (2,))])
    assert page.text == "ถ.ราชมณี ชื่อ: สมชาย\n\nname@hotmail.com user@gmail.com"


def test_thai_gaps_are_measured_against_the_page_line_height():
    # the third line is tall (marks above and below): a gap of 20 is still a space, as it
    # is on the ordinary lines (0.26 × median line height 50 = 13)
    lines = [Line([Word("ก", (0, y, 20, y + 50), 90.0), Word("ข", (40, y, 60, y + 50), 90.0)], (1,))
             for y in (0, 100)]
    lines.append(Line([Word("ค", (0, 200, 20, 290), 90.0), Word("ง", (40, 200, 60, 290), 90.0),
                       Word("จ", (70, 200, 90, 290), 90.0)], (1,)))
    assert page_text(lines).text == "ก ข\nก ข\nค งจ"


def test_sara_am_and_sara_ae_are_normalised_with_both_boxes():
    words = [Word("ท\u0e4d", (0, 0, 20, 50), 90.0), Word("\u0e32", (20, 0, 30, 50), 80.0),
             Word("\u0e40\u0e40ก", (32, 0, 60, 50), 85.0)]
    page = page_text([Line(words, (1,))])
    assert page.text == "ทำแก"
    assert page.boxes[1][0] <= 20 and page.boxes[1][2] == 30  # union of ํ and า
    assert len(page.boxes) == len(page.word_ids) == 4


@pytest.fixture(scope="module")
def two_pages():
    one = page_text([Line([Word("Patient", (10, 10, 150, 40), 96.0),
                           Word("John", (170, 10, 250, 40), 41.5),
                           Word("Smith,", (265, 10, 380, 40), 88.0)], (1,))])
    two = page_text([Line([Word("HN:64-12345", (20, 20, 320, 60), 90.0)], (1,))])
    return one, two


def test_build_doc_sets_page_box_and_confidence(two_pages):
    nlp = spacy.blank("en")
    doc, ranges = build_doc(nlp.make_doc, two_pages)
    assert doc.text == "Patient John Smith,\n\nHN:64-12345"
    assert ranges == [(0, 19), (21, 32)]
    by_text = {t.text: t for t in doc}
    assert by_text["John"]._.deid_bbox == [170, 10, 250, 40]
    assert by_text["John"]._.deid_ocr_conf == 41.5
    assert by_text["John"]._.deid_page == 0
    # part of a word: an interpolated slice, not the whole word box, never narrower than it
    smith = by_text["Smith"]._.deid_bbox
    assert smith[0] == 265 and 265 + 115 * 5 / 6 <= smith[2] < 380
    assert by_text[","]._.deid_bbox[2] == 380
    hn_tokens = [t for t in doc if t._.deid_page == 1 and not t.is_space]
    assert hn_tokens and all(t._.deid_bbox for t in hn_tokens)
    assert union(tuple(t._.deid_bbox) for t in hn_tokens) == (20, 20, 320, 60)
    assert all(t._.deid_bbox is None for t in doc if t.is_space)


def test_thai_tokens_get_the_union_of_their_fragments():
    nlp = spacy.blank("th")
    words = [Word("ส", (100, 0, 120, 40), 95.0), Word("มชา", (120, 0, 170, 40), 60.0),
             Word("ย", (170, 0, 185, 40), 97.0), Word("ไป", (187, 0, 215, 40), 99.0),
             Word("โรงพยาบาล", (218, 0, 380, 40), 90.0)]
    doc, _ = build_doc(nlp.make_doc, [page_text([Line(words, (1,))])])
    tokens = {t.text: t for t in doc}
    assert list(tokens) == ["สม", "ชาย", "ไป", "โรงพยาบาล"]
    # "สม" = fragment ส + the first third of fragment มชา (half a character wider)
    som = tokens["สม"]._.deid_bbox
    assert som[:2] == [100, 0] and som[3] == 40 and 120 + 50 / 3 <= som[2] < 170
    chai = tokens["ชาย"]._.deid_bbox
    assert chai[2:] == [185, 40] and 120 < chai[0] <= 120 + 50 / 3
    assert tokens["สม"]._.deid_ocr_conf == tokens["ชาย"]._.deid_ocr_conf == 60.0
    assert tokens["โรงพยาบาล"]._.deid_bbox == [218, 0, 380, 40]


def test_tokenizer_that_changes_text_is_refused():
    nlp = spacy.blank("en")
    page = PageText("ab", [(0, 0, 1, 1), (1, 0, 2, 1)], [0, 0], [Word("ab", (0, 0, 2, 1))])
    with pytest.raises(ValueError, match="changed the text"):
        build_doc(lambda text: nlp.make_doc(text.upper()), [page])


def test_lines_of_thai_marks_fold_into_the_line_below():
    def line(text, y0, y1, conf, x0=100, x1=600):
        return Line([Word(text, (x0, y0, x1, y1), conf)], (1,))

    lines = [
        line("โรงพยาบาล", 100, 165, 95.0),
        line("ส เ ๐", 180, 210, 78.0),  # marks read as a line: short, low confidence
        line("เรื่อง แจ้งผล", 195, 262, 93.0),
        line("Footnote", 300, 330, 96.0),  # short but confident: real text, kept
    ]
    from spacy_deid.ocr.layout import merge_mark_lines

    merged = merge_mark_lines(lines)
    assert [ln.words[0].text for ln in merged] == ["โรงพยาบาล", "เรื่อง แจ้งผล", "Footnote"]
    page = page_text(merged)
    assert "ส เ ๐" not in page.text
    second = page.words[1].box
    assert second[1] == 180 and second[3] == 262  # the marks' height is covered
