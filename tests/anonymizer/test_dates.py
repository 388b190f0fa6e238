"""Date parsing and shifting: formats, Thai months, Buddhist-era years, Thai digits."""
import datetime as dt

import pytest

from spacy_deid.anonymizer.dates import shift_date_text


@pytest.mark.parametrize(
    "text,days,thai,expected",
    [
        ("12 มกราคม 2567", 30, False, "11 กุมภาพันธ์ 2567"),
        ("12 มกราคม พ.ศ. 2567", 30, False, "11 กุมภาพันธ์ พ.ศ. 2567"),
        ("12 ม.ค. 67", 30, False, "11 ก.พ. 67"),
        ("12ม.ค.67", -12, False, "31ธ.ค.66"),  # BE 2567 -> 2566
        ("๑๒ ม.ค. ๒๕๖๗", 30, False, "๑๑ ก.พ. ๒๕๖๗"),
        ("12 มค 2567", 1, False, "13 มค 2567"),
        ("5 Jan 2024", 30, False, "4 Feb 2024"),
        ("05 JAN 2024", 30, False, "04 FEB 2024"),
        ("January 5, 2024", -5, False, "December 31, 2023"),
        ("2024-01-05", 30, False, "2024-02-04"),
        ("05/01/2024", 30, False, "04/02/2024"),
        ("31/12/2566", 1, False, "01/01/2567"),  # BE year rolls over, padding kept
        ("5/1/2567", 30, False, "4/2/2567"),
        ("05.01.24", 1, False, "06.01.24"),  # English context: 2-digit CE year
        ("12/01/67", 365, True, "11/01/68"),  # Thai context: 2-digit BE year (2567 is a leap year)
        ("01/13/2024", 1, False, "01/14/2024"),  # month-first when day-first is impossible
        ("29/02/2567", 1, False, "01/03/2567"),  # 2567 BE = 2024 CE, a leap year
        ("มกราคม 2567", 31, False, "กุมภาพันธ์ 2567"),
        ("12 มกราคม", 1, False, "13 มกราคม"),
        ("วันที่ 3 ก.พ. 2567", 1, False, "วันที่ 4 ก.พ. 2567"),
        ("21st of March 2024", 1, False, "22nd of March 2024"),
        ("January 10th, 2024", 1, False, "January 11th, 2024"),
        ("3RD FEB", 8, False, "11TH FEB"),
    ],
)
def test_shift_keeps_format(text, days, thai, expected):
    assert shift_date_text(text, days, thai=thai) == expected


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "12/01/2567 10:30",  # digits left outside the date
        "29/02/2023",  # no such date
        "2567",  # a bare year
        "ครั้งที่ 3",
        "0001-01-01",  # shifting before year 1 is impossible
    ],
)
def test_unparseable_gives_none(text):
    assert shift_date_text(text, -10) is None


@pytest.mark.parametrize("days", [-365, -200, 1, 200, 365])
def test_interval_is_kept(days):
    def parse(text):
        day, month, year_be = map(int, text.split("/"))
        return dt.date(year_be - 543, month, day)

    a, b = "01/03/2567", "15/04/2567"
    sa, sb = shift_date_text(a, days), shift_date_text(b, days)
    assert (parse(sb) - parse(sa)).days == (parse(b) - parse(a)).days
    assert (parse(sa) - parse(a)).days == days


def test_month_first_when_asked():
    assert shift_date_text("03/04/2024", 1) == "04/04/2024"
    assert shift_date_text("03/04/2024", 1, day_first=False) == "03/05/2024"
    assert shift_date_text("13/04/2024", 1, day_first=False) == "14/04/2024"  # only day-first possible


@pytest.mark.parametrize(
    "text,days,expected",
    [
        ("Monday, 5 Feb 2024", 1, "Tuesday, 6 Feb 2024"),
        ("MON 05/02/2024", -30, "SAT 06/01/2024"),
        ("Tue, Jan 9, 2024", 1, "Wed, Jan 10, 2024"),
        ("วันจันทร์ที่ 5 กุมภาพันธ์ 2567", 1, "วันอังคารที่ 6 กุมภาพันธ์ 2567"),
        ("วันพฤหัส 1 ก.พ. 67", -30, "วันอังคาร 2 ม.ค. 67"),
    ],
)
def test_weekday_follows_the_shifted_date(text, days, expected):
    assert shift_date_text(text, days) == expected


@pytest.mark.parametrize("text", ["Monday 5 Feb", "Monday", "Mon 5/2/2024 and 6/2/2024"])
def test_weekday_without_one_full_date_gives_none(text):
    assert shift_date_text(text, 1) is None
