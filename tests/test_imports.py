"""What starting the tool costs: the CLI and card rendering never import pandas (or numpy).

pandas is a dependency for building snapshots from JHU's CSV files; a user who renders a
card or runs `--help` should not pay its import time (about half a second).
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

HEAVY = ("pandas", "numpy")


def imported_after(code: str) -> set[str]:
    """Top-level modules loaded by a fresh interpreter that runs `code`."""
    listing = "import json, sys\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    probe = code + "\n" + listing
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_importing_the_cli_does_not_import_pandas():
    loaded = imported_after("import shortcodes.cli")
    assert "shortcodes" in loaded  # the probe really imported the package
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


def test_rendering_cards_does_not_import_pandas():
    code = (
        "import datetime as dt\n"
        "from shortcodes.data.sources import open_provider\n"
        "from shortcodes.render import CardRenderer, RenderOptions\n"
        "r = CardRenderer(open_provider('embedded'), RenderOptions(as_of=dt.date(2021, 6, 1)))\n"
        'out = r.render_text(\'[covid19-ultimate-card region="EG" rtl="true"]\')\n'
        "assert 'covid-card' in out.text and '[covid19' not in out.text, out.text\n"
    )
    loaded = imported_after(code)
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


def test_the_cli_renders_a_card_without_pandas():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from shortcodes.cli import main\n"
        "r = CliRunner().invoke(main, ['render', '--as-of', '2021-06-01'],"
        " input='[covid19-ultimate-card region=\"AE\"]')\n"
        "assert r.exit_code == 0 and 'covid-card' in r.stdout, r.output\n"
    )
    loaded = imported_after(code)
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


def test_the_wordpress_port_imports_nothing_of_the_rest_of_the_package():
    # shortcodes.wordpress can be read (and lifted out) alone: the port of WordPress
    # depends on no migration module, and its C speedups live inside it.
    probe = (
        "import json, sys\nimport shortcodes.wordpress\nimport shortcodes.wordpress.scanning\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('shortcodes'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert "shortcodes.wordpress.shortcodes" in loaded
    outside = [m for m in loaded if m != "shortcodes" and not m.startswith("shortcodes.wordpress")]
    assert outside == []


def test_the_public_api_is_named_at_the_package_root_and_costs_nothing_to_import():
    probe = (
        "import json, sys\nimport shortcodes\nbefore = sorted(sys.modules)\n"
        "names = {n: type(getattr(shortcodes, n)).__name__ for n in shortcodes.__all__}\n"
        "r = shortcodes.parse('[covid19-ultimate-card region=\"EG\"]')\n"
        "print(json.dumps([[m for m in before if m.startswith('shortcodes.')], names,"
        " [s.tag for s in r.shortcodes]]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    loaded_first, names, tags = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded_first == []  # nothing imported until a name is used
    assert {"parse", "read_wxr", "Post", "Site", "RenderResult", "CardRenderer"} <= set(names)
    assert names["Post"] == "type" and names["read_wxr"] == "function"
    assert tags == ["covid19-ultimate-card"]
