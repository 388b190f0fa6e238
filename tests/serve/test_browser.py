"""The review page in Debian's headless Chromium (driven by Selenium through Debian's
chromedriver; nothing is downloaded): paste Thai text, see highlights and the redacted result,
remove a span, add one from a selection, relabel and accept with the keyboard, export JSONL and
.spacy. Fails (never skips) when chromium or chromedriver is missing: install them with
``apt-get install chromium chromium-driver``."""
import json
import os
import shutil
import socket
import threading
import time

import pytest
import spacy
import uvicorn
from spacy.tokens import DocBin

from spacy_deid.serve.app import create_app
from spacy_deid.serve.settings import ServeSettings

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
NOTE = "ผู้ป่วย นายสมชาย ใจดี โทร 081-234-5678 อีเมล somchai@example.com"


@pytest.fixture(scope="module")
def live_server(engine):
    """The app on the session's pipelines, served by uvicorn in a thread on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(ServeSettings(), engine), host="127.0.0.1", port=port,
                            log_config=None, access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    for path in (CHROMIUM, CHROMEDRIVER):
        assert shutil.which(path), f"{path} is missing: apt-get install chromium chromium-driver"
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not fetch anything
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('profile')}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def _wait(condition, seconds=30.0):
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _download(folder, name):
    path = folder / name
    _wait(lambda: path.exists() and path.stat().st_size > 0 and not (folder / (name + ".crdownload")).exists())
    return path


def test_review_workflow(live_server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(live_server + "/")
    find = browser.find_element
    source = find(By.ID, "source")
    source.send_keys(NOTE)
    assert source.get_attribute("value") == NOTE  # typed as pasted, Thai included
    find(By.ID, "run").click()
    marks = _wait(lambda: browser.find_elements(By.CSS_SELECTOR, "#doc mark"))
    highlighted = {m.text: m.get_attribute("class").split()[0] for m in marks}
    assert highlighted.get("081-234-5678") == "l-PHONE" and highlighted.get("somchai@example.com") == "l-EMAIL"
    assert any("สมชาย" in text for text in highlighted)
    assert find(By.ID, "doc").text == NOTE  # the highlighted document is the text itself
    result = find(By.ID, "result").text
    assert "081-234-5678" not in result and "[PHONE]" in result and "สมชาย" not in result
    scores = [float(s.text) for s in browser.find_elements(By.CSS_SELECTOR, "#spans li .score")]
    assert scores == sorted(scores)  # lowest scores first

    # remove the phone span: the result shows it again
    phone = next(li for li in browser.find_elements(By.CSS_SELECTOR, "#spans li")
                 if li.find_element(By.CLASS_NAME, "value").text == "081-234-5678")
    phone.find_element(By.CLASS_NAME, "remove").click()
    _wait(lambda: "081-234-5678" in find(By.ID, "result").text)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#doc mark")) == len(marks) - 1

    # add a missed span by selecting text, with a label chosen from the keyboard
    browser.execute_script("""
        const doc = document.getElementById('doc'), node = doc.firstChild, range = document.createRange();
        range.setStart(node, 0); range.setEnd(node, 7);
        window.getSelection().removeAllRanges(); window.getSelection().addRange(range);""")
    find(By.ID, "new-label").send_keys("PROFESSION")
    find(By.TAG_NAME, "body").send_keys("n")
    _wait(lambda: "[PROFESSION]" in find(By.ID, "result").text)
    assert find(By.ID, "result").text.startswith("[PROFESSION] ")
    added = find(By.CSS_SELECTOR, "#doc mark.l-PROFESSION")
    assert added.text == "ผู้ป่วย"

    # keyboard review: move to the previous span and accept it
    find(By.TAG_NAME, "body").send_keys("k")
    find(By.TAG_NAME, "body").send_keys("a")
    _wait(lambda: browser.find_elements(By.CSS_SELECTOR, "#spans li.accepted"))

    find(By.ID, "keep").click()
    assert find(By.ID, "count").text == "1"
    find(By.ID, "export-jsonl").click()
    (record,) = [json.loads(line) for line in _download(browser.downloads, "reviewed.jsonl").read_text().splitlines()]
    assert record["text"] == NOTE and record["lang"] == "th"
    labels = {(NOTE[s["start"]:s["end"]], s["label"]) for s in record["spans"]}
    assert ("ผู้ป่วย", "PROFESSION") in labels and ("somchai@example.com", "EMAIL") in labels
    assert not any(text == "081-234-5678" for text, _ in labels)

    find(By.ID, "export-spacy").click()
    data = _download(browser.downloads, "reviewed.spacy").read_bytes()
    (doc,) = DocBin().from_bytes(data).get_docs(spacy.blank("th").vocab)
    assert ("ผู้ป่วย", "PROFESSION") in {(e.text, e.label_) for e in doc.ents}

    # Thai and English UI text; Ctrl+Enter runs again
    title = find(By.CSS_SELECTOR, "header h1").text
    find(By.ID, "ui-lang").click()
    assert find(By.CSS_SELECTOR, "header h1").text != title
    assert {title, find(By.CSS_SELECTOR, "header h1").text} == {"De-identification review",
                                                                 "ตรวจทานการลบข้อมูลระบุตัวตน"}
    source.send_keys(Keys.CONTROL, Keys.ENTER)
    _wait(lambda: "[PHONE]" in find(By.ID, "result").text)

    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors  # no CSP violation, no failed request
