"""Build hook: compile the optional C speedups (shortcodes/wordpress/_speedups.c).

Where no C compiler or no Python headers are at hand, the wheel is built without them
and the pure-Python code does the same work, slower; the build says so and goes on.
Set COVID_SHORTCODES_PURE_PYTHON=1 to build without them on purpose.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULE = "shortcodes.wordpress._speedups"
SOURCE = "shortcodes/wordpress/_speedups.c"
PACKAGE = "shortcodes/wordpress"  # where the module goes


class SpeedupsBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        self._temp: str | None = None
        if os.environ.get("COVID_SHORTCODES_PURE_PYTHON"):
            self.app.display_info("covid-shortcodes: C speedups skipped (pure Python asked for)")
            return
        self._temp = tempfile.mkdtemp(prefix="covid-shortcodes-build-")
        try:
            built = self._compile(Path(self._temp))
        except Exception as exc:  # no compiler, no headers: pure Python does the same work
            self.app.display_warning(
                f"covid-shortcodes: C speedups not built ({exc}); the pure-Python code "
                "gives the same results, slower"
            )
            return
        if version == "editable":
            # An editable install imports the source tree: the module goes beside its source.
            shutil.copy2(built, Path(self.root) / PACKAGE / built.name)
        else:
            build_data["force_include"][str(built)] = f"{PACKAGE}/{built.name}"
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if self._temp:
            shutil.rmtree(self._temp, ignore_errors=True)

    def _compile(self, temp: Path) -> Path:
        from setuptools import Distribution, Extension

        extension = Extension(MODULE, [str(Path(self.root) / SOURCE)])
        dist = Distribution({"name": "covid-shortcodes", "ext_modules": [extension]})
        build_ext = dist.get_command_obj("build_ext")
        build_ext.build_lib = str(temp / "lib")
        build_ext.build_temp = str(temp / "temp")
        build_ext.ensure_finalized()
        build_ext.run()
        return Path(build_ext.get_ext_fullpath(MODULE))
