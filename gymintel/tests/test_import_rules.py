"""Dependencies between the apps run one way (docs/ARCHITECTURE.md draws them).

Every import in the apps' own code (tests and migrations aside) is parsed and checked
against the table below; a forbidden one fails with its file and line, so a reader of
an app knows what a change there can break.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What each app's code may import, besides itself, Django and libraries.
ALLOWED: dict[str, set[str]] = {
    "gymintel": set(),  # wiring: only the files in WIRING import apps
    "media_store": {"gymintel"},  # knows no domain: owners tell it their key columns
    "accounts": {"gymintel", "media_store"},
    "challenges": {"gymintel", "media_store", "accounts", "members"},
    "members": {"gymintel", "media_store", "accounts", "challenges", "aicoach"},
    "aicoach": {"gymintel", "media_store", "accounts", "members"},
    "coaching": {"gymintel", "media_store", "accounts", "members", "challenges", "aicoach"},
    "gym_admin": {"gymintel", "media_store", "accounts", "members", "challenges", "coaching"},
    "demo": {"gymintel", "media_store", "accounts", "members", "challenges", "aicoach", "coaching"},
    # Above the gyms: reads every app's figures through their selectors, writes nothing.
    "owner": {
        "gymintel",
        "media_store",
        "accounts",
        "members",
        "challenges",
        "aicoach",
        "coaching",
    },
    # Serves the app's shell only; the app reads everything else from the JSON API.
    "memberapp": {"gymintel"},
    # The importer writes through the domain apps' services; nothing imports it.
    "legacy": {"gymintel", "media_store", "accounts", "members", "challenges", "coaching"},
}
APPS = set(ALLOWED)

# Where an app may reach one above it, and why: the two pairs that lean both ways.
NARROW: dict[tuple[str, str], tuple[str, str]] = {
    ("members", "challenges"): ("members/services", "logging an action asks the scorer"),
    ("members", "aicoach"): ("members/selectors", "the profile shows the AI quota"),
}

# gymintel mounts and configures the apps; nothing else in it may import them.
WIRING = {"gymintel/urls.py", "gymintel/settings.py", "gymintel/celery.py"}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def violations(path: Path, *, root: Path = ROOT) -> list[str]:
    relative = path.relative_to(root).as_posix()
    app = relative.split("/", 1)[0]
    out = []
    for line, module in _imports(path):
        target = module.split(".", 1)[0]
        if target not in APPS or target == app:
            continue
        if app == "gymintel" and relative in WIRING:
            continue
        if target not in ALLOWED[app]:
            out.append(f"{relative}:{line} imports {module}: {app} may not depend on {target}")
            continue
        narrow = NARROW.get((app, target))
        if narrow and not relative.startswith(narrow[0]):
            out.append(f"{relative}:{line} imports {module}: only {narrow[0]} may ({narrow[1]})")
    return out


def _app_code() -> list[Path]:
    paths = []
    for app in sorted(APPS):
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" in parts or "migrations" in parts:
                continue
            paths.append(path)
    return paths


def test_every_installed_app_has_a_rule():
    from django.conf import settings

    ours = {app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()}
    assert ours <= APPS, f"add {sorted(ours - APPS)} to ALLOWED"


def test_apps_import_only_what_they_may():
    problems = [problem for path in _app_code() for problem in violations(path)]
    assert problems == [], "\n".join(problems)


def test_a_forbidden_import_is_named_with_file_and_line(tmp_path):
    (tmp_path / "challenges").mkdir()
    (tmp_path / "members").mkdir()
    scorer = tmp_path / "challenges" / "scoring.py"
    scorer.write_text("import os\nfrom coaching.models import CoachAssignment\n")
    api = tmp_path / "members" / "api.py"
    api.write_text("from challenges.services import scoring\n")

    assert violations(scorer, root=tmp_path) == [
        "challenges/scoring.py:2 imports coaching.models: challenges may not depend on coaching"
    ]
    assert violations(api, root=tmp_path) == [
        "members/api.py:1 imports challenges.services: only members/services may "
        "(logging an action asks the scorer)"
    ]
