"""English codes after code words, phones after phone words or with a trunk 0, age/sex fields,
people after role and kinship words, chat speakers, name fields of XML/JSON exports, job phrases."""
import pytest

CODES = [
    "Okafor (chart #«LD-20931») seen",
    "Policy number: «PSL 4402 88130 7»",
    "NPI «1538214470», DEA «BG4417729»",
    "Dr Helen Armitage GMC «6081442»",
    'accession="«MIC-24-00918»"',
    "collar number «2291»",
    "Booking reference: «QX 7781 2042»",
]
CODE_NEGATIVES = [
    "reference range 3.5-5.0 mmol/L",
    "license MIT",
    "ref 12",
    "claim denied, see policy",
]
PHONES = [
    "Ph «09 379 4410»  Fax «09 379 4411»",
    "I can be reached on «01423 566 082».",
    "Questions? Call «1-800-555-0114» (TTY 711)",
    "Tel: «01248 714 220»   Mobile: «07700 900 312»",
    "daughter Linda («07700 900418»)",
    "office «(09) 379 4410»",
]
PHONE_NEGATIVES = [
    "Call 911 now",
    "seen on 01 02 2024 in clinic",
    "call me in 2 weeks",
    "scores 0 1 2 3 4",
]
AGES = [
    "Age/Sex: «38»",
    "Luis Ortega, M/«52»",
    "«52»/F with chest pain",
]
AGE_NEGATIVES = ["M/2024 report", "dose 3/F2", "page 4/5"]


@pytest.mark.parametrize("marked", CODES)
def test_code_after_code_word(check_positive, marked):
    check_positive(marked, "ID", "OTHER_ID", recognizers={"id_after_code_word"})


@pytest.mark.parametrize("text", CODE_NEGATIVES)
def test_no_code_without_digits(check_negative, text):
    check_negative(text, "ID")


@pytest.mark.parametrize("marked", PHONES)
def test_phone_layouts(check_positive, marked):
    check_positive(marked, "PHONE")


@pytest.mark.parametrize("text", PHONE_NEGATIVES)
def test_not_a_phone(check_negative, text):
    check_negative(text, "PHONE")


@pytest.mark.parametrize("marked", AGES)
def test_age_with_sex(check_positive, marked):
    check_positive(marked, "AGE")


@pytest.mark.parametrize("text", AGE_NEGATIVES)
def test_not_an_age(check_negative, text):
    check_negative(text, "AGE")


PEOPLE = [
    "awaiting void. Wife («Carmen») at bedside",
    "Dear «Priyanka»,",
    "daughter «Linda» phoned",
    "Brought in by «Sam Lee».",
    "[10:03] «Tom» (Reg): sats 84%",
    "10:07 - «Ade»: coming up",
    "<Name><Given>«Hamid»</Given><Family>«Karimi»</Family></Name>",
    '"given": ["«Hamid»"], "family": "«Karimi»"',
]
PEOPLE_NEGATIVES = [
    "Dear Sir/Madam,",
    "Hi team, Hello All",
    "His daughter was present; mother Has diabetes",
    "accompanied by her Mother",
    "[10:03] The patient: settled",
    '"name": "Amoxicillin"',
]


@pytest.mark.parametrize("marked", PEOPLE)
def test_people_after_english_cues(check_positive, marked):
    check_positive(marked, "PERSON")


@pytest.mark.parametrize("text", PEOPLE_NEGATIVES)
def test_no_person_after_english_cues(check_negative, text):
    check_negative(text, "PERSON")


JOBS = [
    "seeing this 45-year-old «early childhood teacher» today",
    "Mr O'Brien, a 75-year-old «retired bus driver»",
    "Mr David Tupou, «paediatric surgeon»",
    "Witness: Gemma Holloway, «Staff Nurse»",
    "Mr. Nguyen is a «nail salon technician».",
    "Jane Doe, «director of nursing», said",
]
JOB_NEGATIVES = [
    "The nurse checked the line",
    "consult a cardiologist",
    "she is a resident of Bangkok",
    "John Smith, Chest pain",
]


@pytest.mark.parametrize("marked", JOBS)
def test_job_phrases(check_positive, marked):
    check_positive(marked, "PROFESSION")


@pytest.mark.parametrize("text", JOB_NEGATIVES)
def test_not_job_phrases(check_negative, text):
    check_negative(text, "PROFESSION")
