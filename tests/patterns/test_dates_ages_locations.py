"""DATE, AGE and LOCATION (postcode) recognizers."""
import pytest

DATES = [
    "วันที่ «12 มกราคม 2567»",
    "เกิด«5ก.พ.2510»",
    "นัด«๑๕ มี.ค. ๖๗»",
    "«1 เมษายน พ.ศ. 2566»",
    "admit «3 ต.ค. 66»",
    "«ธันวาคม 2565»",
    "«31 ธ.ค.»",
    "«12/03/2567»",
    "DOB «05-11-1979»",
    "«1.2.2024»",
    "«12/3/67»",
    "«2024-03-12»",
    "«2567/01/15»",
    "«12 Jan 2024»",
    "«March 5, 2024»",
    "«5th of March 2024»",
    "on «Mar 5» we",
    "«12-JAN-24»",
    "since «September 2023»",
    "«พ.ศ. 2567»",
    "ผ่าตัดเมื่อ«๒๕ พฤศจิกายน ๒๕๖๖»",
    "นอนโรงพยาบาล«12-15 ม.ค. 67»",
    "นัด «5 ก.พ 68» (no final dot)",
    "ข่าว(«1กย.»)นาย",
    "วันนี้ («4ก.ย59»)",
    "«สค 61» ที่ผ่านมา",
]

AGES = [
    "อายุ «45 ปี»",
    "ชายไทยอายุ«45ปี»",
    "อายุ «๖๗ ปี»",
    "อายุ «2 ปี 3 เดือน»",
    "เด็กอายุ «5 ขวบ»",
    "อายุ: «70»",
    "อายุประมาณ «60 ปี»",
    "A «45-year-old» man",
    "«45 yo» M",
    "«45 y/o» female",
    "«30 years old»",
    "«7 yr old» boy",
    "aged «89»",
    "Age: «45 years»",
    "«62-yr-old»",
    "«45yo»",
    "«101 Y/O»",
    "อายุ«3 เดือน»",
    "อายุ «90 ปี» มีโรคประจำตัว",
    "patient, «54 y.o.»",
    "ผู้ป่วยหญิงไทย «60 ปี» มาด้วย",
    "ชาย«45ปี»",
    "นายสมชาย ใจดี («24ปี») นัด",
    "ด.ญ.มะลิ («62 ปี 11 เดือน»)",
    "บุตร («18 เดือน»)",
]

POSTCODES = [
    "ที่อยู่ «12/3» ถนนพระราม 6 แขวงทุ่งพญาไท เขตราชเทวี กรุงเทพฯ «10400»",
    "อ.เมือง จังหวัดเชียงใหม่ «50200»",
    "ตำบลในเมือง อำเภอเมือง ขอนแก่น «40000»",
    "Address: 99 Sukhumvit Road, Bangkok «10110»",
    "จ.ภูเก็ต«83000»",
    "รหัสไปรษณีย์ «๑๐๑๒๐»",
    "Chiang Mai «50000», Thailand",
    "หมู่ 4 ต.บ้านใหม่ «30000»",
    "บ้านเลขที่ «7» ซอยลาดพร้าว 15 «10900»",
    "แขวงสีลม เขตบางรัก «10500» โทร 02-123-4567",
    "Province: Khon Kaen, zip «40002»",
    "postcode «๕๐๑๐๐»",
    "จังหวัดสงขลา«90110»",
    "42 Moo 5, District Mueang, Phuket «83000»",
    "ถ.สุขุมวิท «10110»",
    "ที่อยู่ปัจจุบัน ... ชลบุรี «20000» Thailand",
    "Bangkok «10330», Thailand",
    "อำเภอหาดใหญ่ สงขลา «90110»",
    "กทม. «10400»",
    "Address: 1 Rama 6 Rd, Bangkok «10400»",
    "742 Maple Avenue, Springfield, IL «62704»",
    "Boston, MA «02115-1234»",
]

HOUSE_NUMBERS = [
    "ที่อยู่ «45/12 หมู่ 3» ตำบลในเมือง",
    "บ้านเลขที่«99»ซอยสุขุมวิท",
    "ที่อยู่: «๑๒๓/๔ ม.5»",
    "ที่อยู่ปัจจุบัน «7/1»",
    "บ้านเลขที่ «1024/77 หมู่ที่ 12» ต.บ้านใหม่",
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
    "BP 120/80/60",
    "เป็นมา 3 ปี",
    "for 2 weeks",
    "ไข้ 3 วัน",
    "3 years ago",
    "อายุรกรรม 3",
    "อายุรแพทย์ 2 ท่าน",
    "page 45",
    "stage 2",
    "version 1.2.3",
    "ratio 1/2/3",
    "99/99/2024",
    "2024-13-45",
    "may 5 tablets",
    "WBC 12345",
    "HN 64-12345",
    "12345 บาท",
    "dose 2.5/5 ml",
    "the March of progress",
    "Foley 16 F",
    "ผู้ป่วยหญิงไทย มีอาการ 3 วัน",
    "อายุครรภ์ 32 สัปดาห์",
    "ก.พ.ร. รายงาน",
    "ผู้สูงอายุ 13 คน",
    "ไข้ (3 วัน)",
    "เด็กอายุ 13-15 ปี (an age range)",
    "bit.ly/abc?Number=10119 ที่อยู่",  # an address word near a number in a URL
    "WBC 12345 cells/uL",
    "ที่อยู่ ... ค่า 99999",
    "ห้อง 10400 ชั้น 3",
    "ห้องเลขที่ 305",
    "CA 125 level 35 U/mL",
    "PA 12345678 (not a ZIP)",
    "ที่อยู่อาศัย 2 หลัง",
]


@pytest.mark.parametrize("marked", DATES)
def test_date(check_positive, marked):
    check_positive(marked, "DATE")


@pytest.mark.parametrize("marked", AGES)
def test_age(check_positive, marked):
    check_positive(marked, "AGE")


@pytest.mark.parametrize("marked", POSTCODES)
def test_postcode(check_positive, marked):
    check_positive(marked, "LOCATION", recognizers={"thai_postcode", "us_zip", "thai_house_number"})


@pytest.mark.parametrize("marked", HOUSE_NUMBERS)
def test_house_number(check_positive, marked):
    check_positive(marked, "LOCATION", recognizers={"thai_house_number"})


STREETS = [
    "He lives at «12 High St», Oxford.",
    "«221B Baker Street»",
    "Address: «4/7 Old Mill Rd.» near the school",
    "«1600 Pennsylvania Avenue» NW",
    "«5 North Dr»\nPhone 081",
    "ที่อยู่ «12 High Street»",
    "«88 Soi Sukhumvit Rd»",
]
NOT_STREETS = [
    "seen on day 3 Paediatric Dr. Lee",
    "12 St Mary's",
    "Bed 12 East Wing",
    "dose 2 Tablets daily",
    "ward 3 Street clinic",  # lower-case word: not a street name
]


@pytest.mark.parametrize("marked", STREETS)
def test_street_address(check_positive, marked):
    check_positive(marked, "LOCATION", recognizers={"street_address"})


@pytest.mark.parametrize("text", NOT_STREETS)
def test_not_a_street_address(engine, text):
    assert not [f for f in engine.find(text) if f.recognizer == "street_address"]


@pytest.mark.parametrize("text", NEGATIVES)
@pytest.mark.parametrize("label", ["DATE", "AGE", "LOCATION"])
def test_date_age_location_negative(check_negative, text, label):
    check_negative(text, label)
