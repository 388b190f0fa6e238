"""Context-cued PERSON, PROFESSION, LOCATION and AGE recognizers (cue words stay outside)."""
import random

import pytest

from spacy_deid.workflow.synth import negatives

PERSONS = [
    "นาย«สมชาย ใจดี» อายุ 45 ปี",
    "นางสาว«สมศรี มีสุข» มาตรวจ",
    "ด.ญ.«มะลิ» ไข้ 3 วัน",
    "ผศ.นพ.«สมชาย ใจดี» มาด้วย",
    "พบนพ. «ธนา»ที่ห้องตรวจ",
    "นาย«เนวิน»ได้กล่าวว่า",
    "นาย«สมศักดิ์»ยังเปิดเผย",
    "นาย«สมคิด» กล่าวว่า",
    "คุณ«สุวิตา»คะ พรุ่งนี้นัด",
    "คุณ«ลัดดา รัตนบุรี» โทรมา",
    "ชื่อ-สกุล: นาย«สมชาย ใจดี» HN 12345",
    "ชื่อ–นามสกุล:Mr «Edgar Ross» อายุ 32 ปี",
    "ชื่อ «เจ้าจอม» นามสกุล «แก้วเทพ»",
    "ผู้ป่วยนามสกุล«สุขชัยศรี» ทำงานเป็นครู",
    "ผู้บันทึก: พยาบาล«อาภรณ์ ฉัตรชัย» 11",
    "ผู้ช่วยผ่าตัด: «ข้าว สุวรรณี»; วิสัญญีแพทย์: คุณ«วิสิษฐ์ โหสกุล»",
    "ผู้เอาประกันภัย «อิทธิพล นิยมธรรม» เลขบัตร",
    "แม่«หมิว»: ลูกกินยาแล้ว",
    "หมอคะ น้อง«ครีม»ไข้ขึ้นอีกแล้วค่ะ",
    "หมอ«สารี»คะ พรุ่งนี้ขอลา",
    "โอนเข้าบัญชี 322-243770-0 ชื่อบัญชี «ย่อง พันธุ์สวัสดิ์»",
    "ญาติ (หลานสาว) «ศินาพรรณ บรรทัดฐาน» ให้ประวัติว่า",
    "ผู้ติดต่อกรณีฉุกเฉิน: «สมหญิง ใจดี» โทร 081-234-5678",
    "ผู้ติดต่อฉุกเฉิน «สมหญิง ใจดี»\nโทร",
    "ชื่อญาติ นาง«สมศรี มีสุข» ความสัมพันธ์ มารดา",
    "ชื่อมารดา «บุญมี ศรีสุข»",
    "ผู้ปกครอง: «ประเสริฐ วงศ์ใหญ่»",
    "บุคคลที่ติดต่อได้: «วิไล ทองดี»",
    "Name: «John Smith»",
    "Name=«คณนภัค สุขแสงทอง» Age=22ปี",
    "Name=«Sonya Abbott» Age=78 ปี",
    "seen by Dr. «Ray Davis»\nNote",
    "Mrs. «Jane A. Doe» called",
    "Patient surname «Mata», works as a driver",
    "Recorded by: «Somchai Jaidee»",
]

PERSON_NEGATIVES = [
    "ขอบคุณค่ะ",
    "คุณภาพชีวิตดีขึ้น",
    "ทหาร 110 นาย ไปช่วย",
    "นายกรัฐมนตรีกล่าวว่า",
    "เจ้านายของผม",
    "นางพยาบาลเวรดึก",
    "นางแบบ",
    "อย่าหลงเชื่อ กลุ่มบุคคล",
    "ขอสงวนชื่อและนามสกุลจริง",
    "ผู้เอาประกันเกิดวันที่ 5",
    "Assistant: The patient is stable",
    "Name: 45",
    "พี่สาว: มาเยี่ยม",
    "หมอครับ น้องกินยาแล้ว",
    "น้องไข้ขึ้น น้องสาวมา หมอบอกว่า",
    "ญาติมาเยี่ยม ญาติ ไม่มา",
    "ไม่มีผู้ติดต่อ มาเยี่ยม",
    "ผู้ปกครอง ลงนามยินยอม",
    "ให้ผู้ปกครอง ดูแลเด็ก",
    "ผู้ติดต่อกลับภายหลัง",
    "ผู้ติดต่อกรณีฉุกเฉิน: -",
    "ชื่อมารดา: ไม่ทราบ",
    "Mr. and Mrs. came",
]

PROFESSIONS = [
    "อาชีพ:«ไรเดอร์ส่งอาหาร» เลขบัตร",
    "ทำงานเป็น«ไรเดอร์ส่งอาหาร»ที่หจก.ชาญ",
    "ประกอบอาชีพ«เกษตรกร»",
    "อาชีพผู้เอาประกัน «ช่างทำเครื่องดนตรี»\nDx",
    "อาชีพ «เจ้าหน้าที่ตำรวจ»",
    "Occupation: «school teacher» at X",
    "works as a «taxi driver» in Bangkok",
    "Job: «Nurse»",
]

PROFESSION_NEGATIVES = [
    "โรคจากการประกอบอาชีพ ปอด",
    "occupational therapy",
    "job well done",
    "the drug works as expected",
]

PLACES = [
    "ที่อยู่ จังหวัด«เชียงราย»\nแพทย์",
    "ผู้ว่าราชการจังหวัด«พิจิตร»",
    "ในจังหวัด«พิษณุโลก»โดยเงินกองทุน",
    "อ.«เมือง» จ.«ภูเก็ต»",
    "ตำบล«ในเมือง» อำเภอ«หาดใหญ่»",
    "แขวง«สีลม» เขต«บางรัก»",
    "ภูมิลำเนาต.«ยางตลาดใต้»\n",
    "ตอนนี้อยู่อ.«โพนสวรรค์»ค่ะ",
    "ตอนนี้อยู่«กระบี่»ค่ะ",
    "กลับบ้านที่«นครศรีธรรมราช»",
    "Hometown: «Waverly, Connecticut»\nAdmitted",
    "I'm in «Satun, Thailand» now",
    "moved to «Chiang Mai» last year",
]

PLACE_NEGATIVES = [
    "ไปต่างจังหวัด ทำงาน",
    "ทุกจังหวัด",
    "ในเขตพื้นที่",
    "นอกเขต",
    "นัด 5 ต.ค. 67",
    "จ.ส.ต.สมชาย",
    "จังหวัดนี้มีฝนตก",
    "ข้ามถนนถูกรถชน",
    "ไม่เลย ผื่นแพร่ไปทั่ว ตากแดด",
    "ที่ประชุมพรรคมีมติ",
    "รายงานไปยังอำเภอ จังหวัด ตามลำดับ",
]

AGES = [
    "Name=X Age=«43 ปี» HN=1",
    "Age=«50 ปี 6 เดือน» HN",
    "Age: «43»",
    "| นายเฐนก | «22 ปี» | ชาย",
    "| คุณงาม | «62 ปี 3 เดือน» | ชาย",
    "| «45 yrs» | M |",
]

AGE_NEGATIVES = [
    "| 5 mg | 3 tabs |",
    "| 2 วัน |",
    "Page: 43",
]

IDS = [
    ("Age=22ปี HN=«12-40-58104»", "HOSPITAL_NUMBER"),
    ("MRN=«0060771»", "HOSPITAL_NUMBER"),
    ("CID=«5-9073-42342-69-7»", "NATIONAL_ID"),
    ("add LINE «brandi.10» หรือโทร", "SOCIAL_HANDLE"),
    ("WhatsApp «dunlap_214»: Hi", "SOCIAL_HANDLE"),
]


@pytest.mark.parametrize("marked", PERSONS)
def test_person(check_positive, marked):
    check_positive(marked, "PERSON")


@pytest.mark.parametrize("text", PERSON_NEGATIVES)
def test_person_negative(check_negative, text):
    check_negative(text, "PERSON")


@pytest.mark.parametrize("marked", PROFESSIONS)
def test_profession(check_positive, marked):
    check_positive(marked, "PROFESSION")


@pytest.mark.parametrize("text", PROFESSION_NEGATIVES)
def test_profession_negative(check_negative, text):
    check_negative(text, "PROFESSION")


@pytest.mark.parametrize("marked", PLACES)
def test_place(check_positive, marked):
    check_positive(marked, "LOCATION")


@pytest.mark.parametrize("text", PLACE_NEGATIVES)
def test_place_negative(check_negative, text):
    check_negative(text, "LOCATION")


@pytest.mark.parametrize("marked", AGES)
def test_age_in_fields_and_cells(check_positive, marked):
    check_positive(marked, "AGE")


@pytest.mark.parametrize("text", AGE_NEGATIVES)
def test_age_negative(check_negative, text):
    check_negative(text, "AGE")


@pytest.mark.parametrize("marked,kind", IDS)
def test_tagged_ids(check_positive, marked, kind):
    check_positive(marked, "ID", kind)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_clinical_hard_negatives_stay_unflagged(engine, lang):
    """Drugs, doses, labs, ICD-10 codes, times, rooms ... have no PHI to find."""
    rng = random.Random(7)
    makers = [negatives.drug, negatives.diagnosis, negatives.time, negatives.duration,
              negatives.room, negatives.count]
    texts = [m(rng, lang) for m in makers for _ in range(40)]
    texts += [m(rng) for m in (negatives.lab, negatives.vitals, negatives.icd) for _ in range(40)]
    found = [(t, engine.find(t)) for t in texts]
    assert [(t, [f.recognizer for f in fs]) for t, fs in found if fs] == []
