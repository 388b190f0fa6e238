"""The in-memory multipart parser."""
import pytest

from spacy_deid.serve.multipart import MAX_PARTS, FormError, parse_form


def _form(parts, boundary="XyZ"):
    body = b""
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        body += (f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
                 "Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
    return f"multipart/form-data; boundary={boundary}", body + f"--{boundary}--\r\n".encode()


def test_files_and_fields_in_memory():
    binary = bytes(range(256)) * 3
    form = parse_form(*_form([("file", "scan.png", binary), ("lang", None, b"th")]))
    assert form["file"].filename == "scan.png" and form["file"].data == binary
    assert form["lang"].filename is None and form["lang"].data == b"th"


@pytest.mark.parametrize("content_type, body, message", [
    ("application/json", b"{}", "must be multipart"),
    ("multipart/form-data", b"--x\r\n", "with a boundary"),
    ("multipart/form-data; boundary=XyZ", b"garbage without boundary", "malformed"),
    ("multipart/form-data; boundary=XyZ", b"--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--\r\n",
     "no name"),
])
def test_not_a_form(content_type, body, message, caplog):
    with pytest.raises(FormError, match=message):
        parse_form(content_type, body)
    assert "103" not in caplog.text  # the parser's warning quotes body bytes: silenced


def test_too_many_parts():
    with pytest.raises(FormError, match="more than"):
        parse_form(*_form([(f"f{i}", None, b"x") for i in range(MAX_PARTS + 1)]))
