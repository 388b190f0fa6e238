"""Pure decoding: tags, BIO/BIOES repair, windows, reconciliation (overlaps: tests/test_overlaps.py)."""
import numpy as np
import pytest

from spacy_deid.transformer.decode import (
    Piece,
    char_range,
    decode,
    entity_types,
    line_parts,
    make_windows,
    merge_windows,
    parse_tag,
)

TAGS = ["O", "B-PER", "I-PER", "E-PER", "S-PER", "B-LOC", "I-LOC"]


def one_hot(seq, tags=TAGS, p=1.0):
    """Probabilities putting ``p`` on each tag of ``seq`` and the rest on O."""
    probs = np.zeros((len(seq), len(tags)), dtype=np.float32)
    for i, tag in enumerate(seq):
        probs[i, tags.index(tag)] += p
        probs[i, tags.index("O")] += 1.0 - p
    return probs


def spans(seq, **kw):
    return [(p.start, p.end, p.type) for p in decode(one_hot(seq), TAGS, **kw)]


@pytest.mark.parametrize(
    "tag,parsed",
    [("O", ("O", "")), ("B-PER", ("B", "PER")), ("I_LOC", ("I", "LOC")),
     ("L-LOCATION-OTHER", ("L", "LOCATION-OTHER")), ("PATIENT", ("I", "PATIENT")),
     ("LOCATION-OTHER", ("I", "LOCATION-OTHER"))],
)
def test_parse_tag(tag, parsed):
    assert parse_tag(tag) == parsed


def test_entity_types_in_order():
    assert entity_types(TAGS) == ["PER", "LOC"]


@pytest.mark.parametrize(
    "seq,expected",
    [
        # multi-word entity kept whole
        (["B-PER", "I-PER", "I-PER", "O"], [(0, 3, "PER")]),
        # I- without B- starts an entity (repair)
        (["O", "I-PER", "I-PER"], [(1, 3, "PER")]),
        # B- splits adjacent entities of one type
        (["B-PER", "I-PER", "B-PER", "I-PER"], [(0, 2, "PER"), (2, 4, "PER")]),
        # a type change ends an entity
        (["B-PER", "I-LOC", "I-LOC"], [(0, 1, "PER"), (1, 3, "LOC")]),
        # BIOES: E ends, S is single
        (["B-PER", "E-PER", "I-PER", "S-PER", "S-PER"],
         [(0, 2, "PER"), (2, 3, "PER"), (3, 4, "PER"), (4, 5, "PER")]),
        (["E-PER", "O"], [(0, 1, "PER")]),
        ([], []),
    ],
)
def test_decode_bio(seq, expected):
    assert spans(seq) == expected


def test_io_scheme():
    tags = ["O", "PATIENT", "CITY"]
    probs = one_hot(["PATIENT", "PATIENT", "O", "CITY"], tags)
    assert [(p.start, p.end, p.type) for p in decode(probs, tags)] == [
        (0, 2, "PATIENT"), (3, 4, "CITY")
    ]


def test_threshold_uses_entity_probability_and_scores():
    probs = one_hot(["B-PER", "I-PER", "I-PER"])
    probs[1] = 0.0
    probs[1, TAGS.index("O")] = 0.4  # entity mass 0.6 spread over two tags
    probs[1, TAGS.index("I-PER")] = 0.35
    probs[1, TAGS.index("B-LOC")] = 0.25
    mean = decode(probs, TAGS, threshold=0.5)
    assert [(p.start, p.end, p.type) for p in mean] == [(0, 3, "PER")]
    assert mean[0].score == pytest.approx((1 + 0.6 + 1) / 3)
    assert decode(probs, TAGS, aggregation="min")[0].score == pytest.approx(0.6)
    high = decode(probs, TAGS, threshold=0.7)
    assert [(p.start, p.end) for p in high] == [(0, 1), (2, 3)]


def test_decode_needs_o():
    with pytest.raises(ValueError, match="'O'"):
        decode(np.zeros((1, 2)), ["B-X", "I-X"])


@pytest.mark.parametrize("n,window,stride", [(0, 4, 2), (3, 4, 2), (4, 4, 4), (10, 4, 3), (101, 16, 12), (9, 5, 1)])
def test_windows_cover_everything(n, window, stride):
    windows = make_windows(n, window, stride)
    covered = np.zeros(n, dtype=int)
    for start, end in windows:
        assert 0 <= start < end <= n and end - start <= window
        covered[start:end] += 1
    assert (covered >= 1).all()
    if n > window:
        assert all(end - start == window for start, end in windows)


def test_windows_reject_bad_settings():
    with pytest.raises(ValueError):
        make_windows(10, 4, 5)
    with pytest.raises(ValueError):
        make_windows(10, 0, 0)


def test_merge_windows_prefers_central_context():
    windows = [(0, 4), (2, 6)]
    first = np.full((4, 2), [1.0, 0.0], dtype=np.float32)
    second = np.full((4, 2), [0.0, 1.0], dtype=np.float32)
    merged = merge_windows(6, windows, [first, second])
    # token 2: distance 1 in both (tie → first); token 3: 0 in first, 1 in second
    assert merged[:, 1].tolist() == [0, 0, 0, 1, 1, 1]


def test_merge_windows_fails_on_gap():
    with pytest.raises(ValueError, match="no window"):
        merge_windows(6, [(0, 2), (4, 6)], [np.zeros((2, 2)), np.zeros((2, 2))])


def test_char_range_trims_whitespace():
    text = "Patient John Smith"
    offsets = [(0, 7), (7, 12), (12, 18)]
    assert char_range(Piece(1, 3, "PER", 1.0), offsets, text) == (8, 18)
    assert char_range(Piece(0, 1, "PER", 1.0), [(0, 1)], " ") is None


@pytest.mark.parametrize(
    "text, value, expected",
    [
        ("Name: John Smith\nPhone: 081", "John Smith\nPhone", ["John Smith", "Phone"]),
        ("at 12 High St,\n  Leeds.", "12 High St,\n  Leeds", ["12 High St,", "Leeds"]),
        ("ชื่อ สมชาย ใจดี\r\nโทร", "สมชาย ใจดี\r\nโทร", ["สมชาย ใจดี", "โทร"]),
        ("Mr John Smith came", "John Smith", ["John Smith"]),
        ("John\n\n", "John\n\n", ["John"]),
    ],
)
def test_spans_end_at_a_line_break(text, value, expected):
    start = text.index(value)
    parts = line_parts(text, start, start + len(value))
    assert [text[a:b] for a, b in parts] == expected
