"""DICOM in, DICOM out: header de-identification (PS3.15 Basic Profile) and burned-in text
redaction in the original pixel data. See docs/dicom.md."""
