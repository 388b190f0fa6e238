"""Hard negatives: clinical strings that look like PHI but are not (never labelled)."""
from __future__ import annotations

import random

DRUGS = (
    ("Paracetamol", "500 mg"), ("Amoxicillin", "500 mg"), ("Metformin", "850 mg"), ("Amlodipine", "5 mg"),
    ("Simvastatin", "20 mg"), ("Omeprazole", "20 mg"), ("Losartan", "50 mg"), ("Aspirin", "81 mg"),
    ("Enalapril", "5 mg"), ("Furosemide", "40 mg"), ("Ceftriaxone", "2 g"), ("Augmentin", "1 g"),
    ("Salbutamol", "2.5 mg"), ("Prednisolone", "5 mg"), ("Insulin NPH", "10 units"), ("Warfarin", "3 mg"),
    ("Ibuprofen", "400 mg"), ("Chlorpheniramine", "4 mg"), ("Domperidone", "10 mg"), ("ORS", "1 ซอง"),
    ("Atorvastatin", "40 mg"), ("Clopidogrel", "75 mg"), ("Metoprolol", "25 mg"), ("Cetirizine", "10 mg"),
    ("Norfloxacin", "400 mg"), ("Doxycycline", "100 mg"), ("Tramadol", "50 mg"), ("Gabapentin", "300 mg"),
)
TH_DRUGS = ("พาราเซตามอล", "ยาฆ่าเชื้อ", "ยาลดความดัน", "ยาเบาหวาน", "ยาแก้ไอ", "ยาแก้แพ้", "ยาลดกรด", "ยาพ่นขยายหลอดลม")
DOSING_TH = ("1 เม็ด วันละ 3 ครั้ง หลังอาหาร", "1x2 pc", "1 tab oral bid", "1 เม็ด ก่อนนอน", "2 เม็ด ทุก 6 ชั่วโมง",
             "วันละ 1 ครั้ง เช้า", "prn ปวด", "IV q 12 hr", "1 tab po OD", "ครั้งละ 1 ช้อนชา")
DOSING_EN = ("1 tab PO BID", "1 tab PO OD", "PO q6h PRN pain", "IV q12h", "once daily", "twice daily after meals",
             "at bedtime", "1x3 pc", "SC before breakfast", "q8h x 7 days")
LABS = (
    ("Hb", "g/dL", 7.0, 16.5, 1), ("Hct", "%", 21, 50, 0), ("WBC", "/uL", 3000, 18000, -2), ("Plt", "/uL", 90000, 450000, -3),
    ("BUN", "mg/dL", 6, 60, 0), ("Cr", "mg/dL", 0.5, 4.5, 1), ("Na", "mmol/L", 125, 148, 0), ("K", "mmol/L", 2.8, 5.9, 1),
    ("FBS", "mg/dL", 70, 320, 0), ("HbA1c", "%", 5.0, 12.5, 1), ("LDL", "mg/dL", 60, 210, 0), ("AST", "U/L", 12, 180, 0),
    ("ALT", "U/L", 10, 200, 0), ("eGFR", "mL/min/1.73m2", 15, 110, 0), ("TSH", "mIU/L", 0.2, 8.0, 2), ("INR", "", 0.9, 3.5, 1),
    ("CRP", "mg/L", 0.5, 150, 1), ("Troponin T", "ng/L", 3, 250, 0), ("Albumin", "g/dL", 2.1, 5.0, 1), ("Lactate", "mmol/L", 0.6, 6.0, 1),
)
ICD10 = ("J18.9", "E11.9", "I10", "N39.0", "A09", "K35.8", "J45.9", "I21.4", "S72.0", "O80", "A90", "B34.9", "J06.9",
         "K29.7", "M54.5", "N18.5", "I63.9", "E78.5", "R50.9", "L03.1", "A91", "K80.2", "G43.9", "F32.9")
DX_TH = ("ไข้เลือดออก", "ปอดอักเสบ", "เบาหวานชนิดที่ 2", "ความดันโลหิตสูง", "ไส้ติ่งอักเสบเฉียบพลัน", "กระเพาะปัสสาวะอักเสบ",
         "หอบหืดกำเริบ", "อุจจาระร่วงเฉียบพลัน", "กล้ามเนื้อหัวใจขาดเลือด", "ไข้หวัดใหญ่", "กระดูกสะโพกหัก", "ไตวายเรื้อรัง",
         "โรคหลอดเลือดสมองตีบ", "ปวดหลังส่วนล่าง", "เนื้อเยื่ออักเสบ", "ไมเกรน")
DX_EN = ("community-acquired pneumonia", "type 2 diabetes mellitus", "essential hypertension", "acute appendicitis",
         "urinary tract infection", "acute asthma exacerbation", "acute gastroenteritis", "NSTEMI", "dengue fever",
         "influenza A", "hip fracture", "CKD stage 5", "ischemic stroke", "low back pain", "cellulitis", "migraine")


def drug(rng: random.Random, lang: str) -> str:
    name, dose = rng.choice(DRUGS)
    if lang == "th" and rng.random() < 0.2:
        return f"{rng.choice(TH_DRUGS)} {rng.choice(DOSING_TH)}"
    return f"{name} {dose} {rng.choice(DOSING_TH if lang == 'th' else DOSING_EN)}"


def lab(rng: random.Random) -> str:
    name, unit, low, high, places = rng.choice(LABS)
    value = round(rng.uniform(low, high), places)
    text = f"{value:,.0f}" if places <= 0 else f"{value:.{places}f}"
    return f"{name} {text} {unit}".strip()


def vitals(rng: random.Random) -> str:
    return rng.choice(
        (
            f"BP {rng.randint(90, 180)}/{rng.randint(50, 110)} mmHg, PR {rng.randint(55, 130)}/min, "
            f"RR {rng.randint(12, 32)}/min, BT {rng.uniform(36.0, 39.8):.1f} °C",
            f"T {rng.uniform(36.0, 39.8):.1f} P {rng.randint(55, 130)} R {rng.randint(12, 32)} BP {rng.randint(90, 180)}/{rng.randint(50, 110)}",
            f"BP {rng.randint(90, 180)}/{rng.randint(50, 110)}, O2 sat {rng.randint(88, 100)}%, BW {rng.randint(8, 110)} kg",
        )
    )


def icd(rng: random.Random) -> str:
    return rng.choice(ICD10)


def diagnosis(rng: random.Random, lang: str) -> str:
    if lang == "en":
        return rng.choice(DX_EN)
    return rng.choice(DX_EN if rng.random() < 0.25 else DX_TH)  # Thai notes often use English terms


def time(rng: random.Random, lang: str) -> str:
    h, m = rng.randint(0, 23), rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50))
    if lang == "th":
        return rng.choice((f"{h:02d}:{m:02d} น.", f"{h:02d}.{m:02d} น.", f"{h}.{m:02d}น.", f"{h:02d}:{m:02d}"))
    return rng.choice((f"{h:02d}:{m:02d}", f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}", f"{h:02d}{m:02d} hrs"))


def duration(rng: random.Random, lang: str) -> str:
    n = rng.randint(1, 14)
    if lang == "th":
        return rng.choice((f"{n} วัน", f"{n} สัปดาห์", f"{n} ชั่วโมง", f"{n} เดือน", f"{n}วัน", f"{n} ชม."))
    return rng.choice((f"{n} days", f"{n} weeks", f"{n} hours", f"{n} months", f"{n}/7", f"x {n} d"))


def room(rng: random.Random, lang: str) -> str:
    if lang == "th":
        return rng.choice((f"ห้อง {rng.randint(101, 999)} เตียง {rng.randint(1, 30)}", f"หอผู้ป่วยใน {rng.randint(1, 9)} เตียง {rng.randint(1, 30)}",
                           f"ward {rng.randint(1, 12)} bed {rng.randint(1, 30)}", f"ICU เตียง {rng.randint(1, 12)}"))
    return rng.choice((f"Room {rng.randint(101, 999)}, Bed {rng.randint(1, 4)}", f"Ward {rng.randint(1, 12)}B", f"ICU bed {rng.randint(1, 12)}"))


def count(rng: random.Random, lang: str) -> str:
    n = rng.randint(2, 12)
    if lang == "th":
        return rng.choice((f"ผู้ป่วยทั้ง {n} ราย", f"{n} ครั้ง", f"{n} แผล", f"G{rng.randint(1, 5)}P{rng.randint(0, 4)}", f"{n} ซอง"))
    return rng.choice((f"{n} episodes", f"x{n}", f"G{rng.randint(1, 5)}P{rng.randint(0, 4)}", f"{n} units PRC", f"{n} patients"))
