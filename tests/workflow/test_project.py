"""project.yml is consistent: deps come from assets, configs or earlier outputs; modules exist."""
import importlib.util
import re
from pathlib import Path

import srsly

from spacy_deid.about import __version__

ROOT = Path(__file__).resolve().parents[2]
PROJECT = srsly.read_yaml(ROOT / "project.yml")
VARS = PROJECT["vars"]


def subst(text):
    return re.sub(r"\$\{vars\.(\w+)\}", lambda m: str(VARS[m.group(1)]), text)


def commands(workflow="all"):
    by_name = {c["name"]: c for c in PROJECT["commands"]}
    return [by_name[name] for name in PROJECT["workflows"][workflow]]


def test_workflows_name_existing_commands_once():
    names = [c["name"] for c in PROJECT["commands"]]
    assert len(set(names)) == len(names)
    for steps in PROJECT["workflows"].values():
        assert len(set(steps)) == len(steps) and set(steps) <= set(names)


def test_deps_are_assets_configs_or_outputs_of_earlier_commands():
    available = {subst(a["dest"]) for a in PROJECT["assets"]}
    for path in available:
        assert (ROOT / path).is_file(), path
    for command in commands():
        for dep in map(subst, command.get("deps", [])):
            if dep.startswith(("configs/", "assets/dev/")):  # committed configs and dev sets
                assert (ROOT / dep).is_file(), dep
            else:
                assert dep in available, f"{command['name']}: {dep} is not produced before"
        available |= set(map(subst, command.get("outputs", [])))
    # other workflows run after "all": deps from it, from their own earlier steps, or committed
    for name in PROJECT["workflows"]:
        if name != "all":
            for command in commands(name):
                for dep in map(subst, command.get("deps", [])):
                    assert dep in available or (ROOT / dep).exists(), f"{name}/{command['name']}: {dep}"
                available |= set(map(subst, command.get("outputs", [])))
    # commands outside "all" may also read what is committed (e.g. the shipped pipelines)
    in_all = set(PROJECT["workflows"]["all"])
    for command in PROJECT["commands"]:
        if command["name"] not in in_all:
            for dep in map(subst, command.get("deps", [])):
                assert dep in available or (ROOT / dep).exists(), f"{command['name']}: {dep}"


def test_script_modules_and_configs_exist():
    for command in PROJECT["commands"]:
        for line in command["script"]:
            words = subst(line).split()
            assert words[0] == "python", line
            if words[1] == "-m" and words[2].startswith("spacy_deid"):
                assert importlib.util.find_spec(words[2]) is not None, words[2]
            for word in words:
                if word.startswith("configs/"):
                    assert (ROOT / word).is_file(), word
            # every file a script reads from corpus/ or training/ is a declared dep or output
            declared = set(map(subst, command.get("deps", []) + command.get("outputs", [])))
            for word in words[3:]:
                word = word.partition("=")[2] or word  # NAME=PATH arguments
                if word.startswith(("corpus/", "training/")):
                    assert any(
                        word == d or word.startswith(d + "/") or d.startswith(word + "/")
                        for d in declared
                    ), (line, word)


def test_version_matches_the_package():
    assert VARS["version"] == __version__


def test_thainer_asset_checksum_matches():
    import hashlib

    asset = PROJECT["assets"][0]
    data = (ROOT / asset["dest"]).read_bytes()
    assert hashlib.md5(data).hexdigest() == asset["checksum"]
