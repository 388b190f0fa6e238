"""PHONE, EMAIL and URL recognizers."""
import pytest

PHONES = [
    "โทร «081-234-5678»",
    "โทร.«0812345678»",
    "มือถือ«089 123 4567»ติดต่อได้",
    "เบอร์ «๐๘๑๒๓๔๕๖๗๘»",
    "mobile «+66 81 234 5678»",
    "call «+66-81-234-5678» today",
    "«+66(0)812345678»",
    "«0066 81 234 5678»",
    "ญาติ «06-1234-5678»",
    "โทรศัพท์ «02-123-4567»",
    "สำนักงาน «053-123-456»",
    "tel: «02 123 4567»",
    "fax «+66 2 123 4567»",
    "Phone: «(555) 123-4567»",
    "call «555-123-4567» after 5",
    "UK office «+44 20 7946 0958»",
    "«+1 415 555 0100»",
    "home «074.123.456»",
    "ติดต่อคุณแม่«0891234567»หรือ«021234567»",
    "Tel. «091-234-5678», «02-987-6543»",
    "Call Center «0-2564-8000».",
    "โทร «0 2617 6000»",
    "โทร «02-141-8887-8»",
    "โทร «044633456-67 ต่อ 100»",
    "โทร «(043) 202-397»",
]

EMAILS = [
    "email «somchai.j@gmail.com»",
    "อีเมล«mali_p@hospital.go.th»ค่ะ",
    "«a.b+tag@x.co.th»",
    "contact: «nurse.station@rama.mahidol.ac.th».",
    "OCR «somchai|gmail.com»",
    "E-mail: «info@moph.go.th»",
    "ส่งผลไปที่«lab.result@chula.ac.th»ด้วย",
    "«JOHN.DOE@EXAMPLE.COM»",
    "(«mali99@hotmail.com»)",
    "อีเมล์ «p.somsri@yahoo.co.th» หรือโทร",
    "reply to «dr_rahul.m@clinic.org»;",
    "«user%tag@sub.domain.io»",
    "«a@b.com», «c@d.net»",
    "OCR «mali.p | hotmail.com»",
    "mail:«nurse01@rama.go.th»",
]

URLS = [
    "ดูที่ «https://www.example.com/patient?id=12»",
    "«http://intranet.hospital.local/report» ok",
    "see «www.siriraj.ac.th».",
    "เว็บ«https://th.wikipedia.org/wiki/Test»",
    "«facebook.com/somchai.jaidee»",
    "site «example.co.th/page»",
    "«HTTPS://WWW.EXAMPLE.ORG»",
    "รายละเอียด«https://moph.go.th/news/123»ค่ะ",
    "link: «http://192.168.0.5:8080/pacs/view?id=9»",
    "(«www.hospital.co.th»)",
    "«bit.ly/2Kb2meI»",
    "portal «https://ehr.example.net/patient/HN6412345»,",
    "«www.facebook.com/somchai.jaidee»",
    "«tiktok.com/@mali_p»",
    "ดู «https://line.me/ti/p/abc123»",
    "«http://example.com/a_b-c.html#top».",
]

NEGATIVES = [
    "Paracetamol 500 mg 1x3 pc",
    "ยา 1x3 pc",
    "Hb 12.5 g/dL",
    "Cr 1.2",
    "เวลา 10:30 น.",
    "E11.9",
    "J18.0",
    "ห้อง 305",
    "ward 7B",
    "BP 120/80",
    "นอนโรงพยาบาล 7 วัน",
    "for 2 weeks",
    "ratio 1:100,000",
    "Plt 250,000 /uL",
    "INR 1.25 at 08:00",
    "HN 64-12345",
    "1234567890123",
    "weight 65.5 kg height 170 cm",
    "dose 0.5 mg/kg q 8 hr",
    "WBC 10.5 x 10^3",
    "vitals 36.8 C, 88/min, 20/min",
    "123-45",
    "ให้ NSS 1,000 ml",
    "not an email: a@b",
    "file report.pdf",
    "สายด่วน 1669",
    "วันนี้ 28 มิ.ย 61 ดีแทค",
]


@pytest.mark.parametrize("marked", PHONES)
def test_phone(check_positive, marked):
    check_positive(marked, "PHONE")


@pytest.mark.parametrize("marked", EMAILS)
def test_email(check_positive, marked):
    check_positive(marked, "EMAIL")


@pytest.mark.parametrize("marked", URLS)
def test_url(check_positive, marked):
    check_positive(marked, "URL")


@pytest.mark.parametrize("text", NEGATIVES)
@pytest.mark.parametrize("label", ["PHONE", "EMAIL", "URL"])
def test_contact_negative(check_negative, text, label):
    check_negative(text, label)
