"""ID recognizers: national ID, hospital numbers, passports, accounts, cards, licences, plates, handles."""
import pytest

from spacy_deid.patterns.validators import us_ssn

POSITIVES = [
    # Thai national ID (valid check digit: 1-2345-67890-12-1)
    ("เลขประจำตัวประชาชน «1234567890121»", "NATIONAL_ID"),
    ("บัตรประชาชนเลขที่«1-2345-67890-12-1»ออกให้", "NATIONAL_ID"),
    ("citizen ID: «1 2345 67890 12 1»", "NATIONAL_ID"),
    ("เลขบัตร «๑๒๓๔๕๖๗๘๙๐๑๒๑»", "NATIONAL_ID"),
    ("ID «3-1012-00456-78-7» on file", "NATIONAL_ID"),
    ("no context but valid «1234567890121».", "NATIONAL_ID"),
    # invalid check digit, next to ID context: still reported
    ("เลขประจำตัวประชาชน «1-2345-67890-12-3»", "NATIONAL_ID"),
    ("national ID «1234567890125» (OCR)", "NATIONAL_ID"),
    # hospital numbers: only the value is covered
    ("HN «64-12345»", "HOSPITAL_NUMBER"),
    ("HN:«6412345» AN «6400123»", "HOSPITAL_NUMBER"),
    ("ผู้ป่วยHN«12345/64»มาตามนัด", "HOSPITAL_NUMBER"),
    ("VN «640001» XN «88123»", "HOSPITAL_NUMBER"),
    ("เลขที่ผู้ป่วย «0012345»", "HOSPITAL_NUMBER"),
    ("Hospital No. «5512345»", "HOSPITAL_NUMBER"),
    ("MRN: «๖๔๑๒๓๔๕»", "HOSPITAL_NUMBER"),
    ("OCR: HN «64 - 12345»", "HOSPITAL_NUMBER"),
    # passports (context required)
    ("passport no. «AA1234567»", "PASSPORT"),
    ("หนังสือเดินทางเลขที่ «N1234567»", "PASSPORT"),
    ("US passport no. «506200197»", "PASSPORT"),
    # bank accounts (context required)
    ("โอนเข้าบัญชี «123-4-56789-0» ธนาคารกสิกร", "BANK_ACCOUNT"),
    ("bank account «1234567890»", "BANK_ACCOUNT"),
    # credit cards: Luhn, or context
    ("card «4111 1111 1111 1111» exp 12/25", "CREDIT_CARD"),
    ("บัตรเครดิต «5500-0000-0000-0004»", "CREDIT_CARD"),
    ("credit card «4111111111111112»", "CREDIT_CARD"),
    # medical licence numbers
    ("แพทย์ผู้ตรวจ «ว.12345»", "MEDICAL_LICENSE"),
    ("นพ.สมชาย «ว. 23456»", "MEDICAL_LICENSE"),
    ("นพ.สมชาย ใจดี «2.12345»", "MEDICAL_LICENSE"),
    ("แพทย์ผู้ตรวจ «ว 12345» (OCR lost the dot)", "MEDICAL_LICENSE"),
    ("Medical license no. «34567»", "MEDICAL_LICENSE"),
    ("เลขที่ใบอนุญาตประกอบวิชาชีพเวชกรรม «ว.45678»", "MEDICAL_LICENSE"),
    # vehicle plates (context required)
    ("ทะเบียนรถ «1กข 1234»", "VEHICLE_PLATE"),
    ("รถยนต์ทะเบียน«กท-567»", "VEHICLE_PLATE"),
    ("license plate «ขค 99»", "VEHICLE_PLATE"),
    ("accident, plate «IZH-6180», at", "VEHICLE_PLATE"),
    ("car registration «2WHM664»", "VEHICLE_PLATE"),
    # LINE IDs and social handles
    ("Line ID: «somchai_99»", "SOCIAL_HANDLE"),
    ("ไลน์ «@mali.p»", "SOCIAL_HANDLE"),
    ("IG «@somsri.k»", "SOCIAL_HANDLE"),
    ("facebook: «somchai.jaidee»", "SOCIAL_HANDLE"),
    ("ติดต่อ «@nurse_joy»", "SOCIAL_HANDLE"),
    # student and other IDs
    ("รหัสนักศึกษา «6312345678»", "STUDENT_ID"),
    ("Student ID: «63-1234567»", "STUDENT_ID"),
    ("รหัสนิสิต«6430012321»", "STUDENT_ID"),
    ("policy no. «PL-12345678»", "OTHER_ID"),
    ("เลขที่กรมธรรม์ «98765432»", "OTHER_ID"),
    ("Lab No. «L-2024001»", "OTHER_ID"),
    ("driver's license no. «D1234567»", "OTHER_ID"),
    ("ใบขับขี่เลขที่ «12345678»", "OTHER_ID"),
    ("chart # «778812»", "HOSPITAL_NUMBER"),
    ("บริษัท ไทยประกันชีวิต จำกัด (มหาชน) «5059-08006875»", "OTHER_ID"),
    ("Muang Thai Life Assurance «CL747216787»", "OTHER_ID"),
    # US Social Security numbers: dashed anywhere, spaced or plain after the tag
    ("SSN «123-45-6789» on file", "SSN"),
    ("Pt seen, «123-45-6789», insured", "SSN"),
    ("Social Security No. «123 45 6789»", "SSN"),
    ("SS#: «123456789»", "SSN"),
    ("SSN «000-12-3456» (a placeholder next to its tag)", "SSN"),
    # IP addresses
    ("จาก IP «192.168.1.10»", "IP_ADDRESS"),
    ("server «2001:db8::8a2e:370:7334»", "IP_ADDRESS"),
]

NEGATIVES = [
    "Paracetamol 500 mg 1x3 pc",
    "ยา 1x3 pc หลังอาหาร",
    "Hb 12.5 g/dL, Cr 1.2 mg/dL",
    "เวลา 10:30 น.",
    "Dx: E11.9, J18.0",
    "ห้อง 305 ward 7B",
    "BP 120/80 mmHg",
    "เป็นมา 3 วัน",
    "1234567890123",  # 13 digits, invalid check digit, no context
    "lot no. 1234567890125 expires",
    "AA1234567 batch",  # passport-like, no context
    "1234567890 units",  # account-like, no context
    "4111 1111 1111 1112",  # fails Luhn, no card context
    "ว่าง 12345 บาท",
    "ผล 2.12345 หน่วย",  # decimal, no doctor context
    "ว 12345 หน่วย",  # dotless, no doctor context
    "กข 1234 ไม่มีบริบท",  # plate-like, no vehicle context
    "acid 1234567890121x",
    "HN pending",
    "FBS: 100 mg/dL",
    "IgG: 1200",
    "version 1.2.3.4.5",
    "999.1.1.1",
    "10:30:45",
    "line 3 of the chart",
    "ratio 1:2:3",
    "WBC 10,500 cells",
    "score = 15/20",
    "email me @ 5 pm",
    "q8h @night, f/u @OPD",
    "รถออกวันที่ 28 มิ.ย 61",
    "COVID-19 PCR positive",
    "car seat for 2 kids, 506200197 no context",
    "ประกันสังคม ค่ารักษา 1,250 บาท",
    # impossible SSNs without an SSN word: area 000, 666 or 9xx, group 00, serial 0000
    "ref 000-12-3456",
    "ref 666-12-3456",
    "ref 912-34-5678",
    "ref 123-00-4567",
    "ref 123-45-0000",
    "ss 123456789",  # plain 9 digits need the tag
    "1234-45-6789 and 12-345-6789",  # not 3-2-4
]


@pytest.mark.parametrize("marked,kind", POSITIVES)
def test_id_positive(check_positive, marked, kind):
    check_positive(marked, "ID", kind)


@pytest.mark.parametrize("text", NEGATIVES)
def test_id_negative(check_negative, text):
    check_negative(text, "ID")


@pytest.mark.parametrize(
    "value, valid",
    [
        ("123-45-6789", True), ("001-01-0001", True), ("899-99-9999", True),
        ("000-45-6789", False), ("666-45-6789", False), ("900-45-6789", False),
        ("999-45-6789", False), ("123-00-6789", False), ("123-45-0000", False), ("123-45-678", False),
    ],
)
def test_ssn_validator(value, valid):
    assert us_ssn(value) is valid
