"""Render every published post of WordPress exports with a real WordPress 7.1.

The render oracle behind ``../shared/data/wp_render`` rebuilt from its description, so that
other exports (``tests/heldout/``) can be measured the same way.  For each export: a fresh
MariaDB database, ``install.php`` (Twenty Twenty-Five, no plugins, site URL = the export's
own, plain permalinks, UTC, smilies on), the official wordpress-importer 0.9.5 run as user 1
(``import.php``; once plain, once with the attachment items inserted as rows), then one PHP
process per published post and field (``render_one.php``).  Writes ``NAME.json`` with
``meta`` and ``posts`` in the format of the shared references.

Usage::

    python tools/wp_oracle/oracle.py --wordpress /work/wp-oracle/wp \\
        --importer /work/wp-oracle/importer --out tests/heldout EXPORT.xml...

Needs PHP 8.2 (mysqli, xml, mbstring), a MariaDB server whose user ``wp``/``wp`` (or
``--db-user``/``--db-password``) may create databases named ``wpo_*``, WordPress 7.1
unpacked (its ``wp-config.php`` is replaced by ours) and the importer's git tree.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent

# field -> (database variant, render_one.php flags)
FIELDS = {
    "wp_the_content": ("plain", []),
    "wp_the_content_single": ("plain", ["--single"]),
    "wp_the_content_with_attachments": ("attachments", []),
    "wp_the_content_single_with_attachments": ("attachments", ["--single"]),
}
REFERENCE = "wp_the_content_single_with_attachments"
IMPORTER = (
    "wordpress-importer 0.9.5 (git 5fda04887e), WP_Import, fetch_attachments=false, "
    "rewrite_urls=false, run as user 1 (administrator)"
)
RENDER = (
    "tools/wp_oracle: one PHP process per post and field; main query = the post's own URL; "
    "inside the_post() loop; HTTP refused (pre_http_request -> WP_Error "
    "'offline (render oracle)'); [covid19-ultimate-card] -> <!--COVIDCARD-->"
)
_HEAD = re.compile(r"<wp:(base_site_url|base_blog_url|wxr_version)>\s*(?:<!\[CDATA\[)?([^<\]]*)")


class OracleError(RuntimeError):
    pass


def export_header(export: Path) -> dict[str, str]:
    """base_site_url, base_blog_url and wxr_version from the channel, as the importer reads."""
    head = export.read_bytes()[:200_000].decode("utf-8", "replace")
    channel = head.split("<item>", 1)[0]
    return {m.group(1): m.group(2).strip() for m in _HEAD.finditer(channel)}


def site_url_for(header: dict[str, str]) -> str:
    """The site's own address: the blog URL (the site URL on WordPress.com is wordpress.com)."""
    url = header.get("base_blog_url") or header.get("base_site_url") or "http://localhost"
    return url.rstrip("/")


class Site:
    """One database on the local MariaDB and the PHP scripts run against it."""

    def __init__(self, args: argparse.Namespace, db: str, site_url: str):
        self.args, self.db, self.site_url = args, db, site_url

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            WPO_WORDPRESS=str(self.args.wordpress),
            WPO_DB=self.db,
            WPO_DB_USER=self.args.db_user,
            WPO_DB_PASSWORD=self.args.db_password,
        )
        return env

    def php(self, script: str, *argv: str) -> dict:
        cmd = [self.args.php, str(HERE / script), *argv]
        proc = subprocess.run(cmd, env=self._env(), capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise OracleError(
                f"{script} {' '.join(argv)}: exit {proc.returncode}: {proc.stderr[-2000:]}"
            )
        try:
            return json.loads(proc.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError) as exc:
            raise OracleError(f"{script} {' '.join(argv)}: no JSON: {proc.stdout[-2000:]}") from exc

    def recreate(self) -> None:
        db = self.db
        sql = f"DROP DATABASE IF EXISTS `{db}`; CREATE DATABASE `{db}` CHARACTER SET utf8mb4;"
        cmd = ["mysql", f"-u{self.args.db_user}", f"-p{self.args.db_password}", "-e", sql]
        subprocess.run(cmd, check=True, capture_output=True)


def seen_contents(dirs: list[Path]) -> set[str]:
    """The raw contents of every post already in the reference files of these folders."""
    seen = set()
    for folder in dirs:
        for ref in sorted(folder.glob("*.json")):
            seen.update(r["content_raw"] for r in json.loads(ref.read_text("utf-8"))["posts"])
    return seen


def build(args: argparse.Namespace, export: Path, seen: set[str]) -> dict:
    header = export_header(export)
    site_url = site_url_for(header)
    name = export.stem
    safe = re.sub(r"[^a-z0-9]+", "_", name.lower())[:40]
    fields = args.fields or list(FIELDS)
    variants = sorted({FIELDS[f][0] for f in fields})
    sites, settings, imports = {}, {}, {}
    for variant in variants:
        site = Site(args, f"wpo_{safe}_{variant[:3]}", site_url)
        site.recreate()
        settings[variant] = site.php("install.php", site_url)
        extra = ["--attachments"] if variant == "attachments" else []
        imports[variant] = site.php("import.php", site_url, str(export), str(args.importer), *extra)
        sites[variant] = site
    first = imports[variants[0]]
    items = first["items"]
    published = [
        i
        for i, it in enumerate(items)
        if it["status"] == "publish" and it["post_type"] in ("post", "page")
    ]
    # A post whose content is already a reference elsewhere is not held out: leave it out.
    wanted = [i for i in published if items[i]["post_content"] not in seen]
    left_out = [
        {
            "export_item_index": i,
            "post_id": int(items[i]["post_id"] or 0),
            "slug": items[i]["post_name"],
        }
        for i in published
        if i not in wanted
    ]
    seen.update(items[i]["post_content"] for i in wanted)
    jobs = []
    for index in wanted:
        for f in fields:
            variant, flags = FIELDS[f]
            local = imports[variant]["index_to_id"].get(str(index))
            if local is not None:
                jobs.append((index, f, sites[variant], local, flags))

    def run(job):
        index, f, site, local, flags = job
        return index, f, site.php("render_one.php", site.site_url, str(local), *flags)

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        done = list(pool.map(run, jobs))
    posts: dict[int, dict] = {}
    for index in wanted:
        it = items[index]
        posts[index] = {
            "post_id": int(it["post_id"] or 0),
            "export_item_index": index,
            "post_type": it["post_type"],
            "slug": it["post_name"],
            "title": it["post_title"],
            "content_raw": it["post_content"],
            "wp_post_id": first["index_to_id"].get(str(index)),
            "http_blocked": [],
            "notices": [],
        }
    for index, f, out in done:
        rec = posts[index]
        rec[f] = out["html"]
        if FIELDS[f][0] == FIELDS[fields[0]][0]:
            rec["wp_slug"] = out["slug"]
        if out["main_query"] != out["post_id"] or not out["is_singular"]:
            rec["notices"].append(f"{f}: main query was {out['main_query']} for {out['url']}")
        for url in out["http_blocked"]:
            if url not in rec["http_blocked"]:
                rec["http_blocked"].append(url)
        rec["notices"].extend(n for n in out["notices"] if n not in rec["notices"])
    wp = settings[variants[0]]
    meta = {
        "export_name": name,
        "export_file": f"{export.name}",
        "export_base_site_url": header.get("base_site_url"),
        "export_base_blog_url": header.get("base_blog_url"),
        "wxr_version": header.get("wxr_version"),
        "site_url_used": site_url,
        "items_in_export": len(items),
        "published_posts_pages": len(published),
        "left_out_same_content_as_another_reference": left_out,
        "wordpress_version": "7.1",
        "php_version": _php_version(args.php),
        "mysql_server": _mysql_version(args),
        "theme": wp["stylesheet"],
        "active_plugins": wp["active_plugins"],
        "db_version": wp["db_version"],
        "permalink_structure": wp["permalink_structure"],
        "timezone_string": wp["timezone_string"],
        "gmt_offset": wp["gmt_offset"],
        "use_smilies": wp["use_smilies"],
        "importer": IMPORTER,
        "importer_messages": imports[variants[0]]["messages"],
        "uploads_baseurl": imports[variants[0]]["uploads_base"],
        "fields": {
            f: " ".join(["render_one.php", *FIELDS[f][1]]) + f" against the {FIELDS[f][0]} import"
            for f in fields
        },
        "render": RENDER,
    }
    if "attachments" in imports:
        meta["importer_messages_with_attachments_variant"] = imports["attachments"]["messages"]
        meta["uploads_baseurl_with_attachments_variant"] = imports["attachments"]["uploads_base"]
    return {"meta": meta, "posts": [posts[i] for i in wanted]}


def _php_version(php: str) -> str:
    return subprocess.run([php, "-r", "echo PHP_VERSION;"], capture_output=True, text=True).stdout


def _mysql_version(args: argparse.Namespace) -> str:
    cmd = ["mysql", f"-u{args.db_user}", f"-p{args.db_password}", "-N", "-e", "SELECT VERSION()"]
    return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("exports", nargs="+", type=Path)
    ap.add_argument("--wordpress", type=Path, required=True, help="WordPress 7.1 directory")
    ap.add_argument("--importer", type=Path, required=True, help="wordpress-importer git tree")
    ap.add_argument("--out", type=Path, required=True, help="directory for NAME.json")
    ap.add_argument(
        "--field",
        dest="fields",
        action="append",
        choices=list(FIELDS),
        help="only this field (repeatable)",
    )
    ap.add_argument(
        "--skip-seen",
        type=Path,
        action="append",
        default=[],
        help="leave out posts whose content is already in this reference folder (repeatable)",
    )
    ap.add_argument("--php", default="php")
    ap.add_argument("--db-user", default="wp")
    ap.add_argument("--db-password", default="wp")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    for script in ("boot.php", "install.php", "import.php", "render_one.php"):
        if not (HERE / script).is_file():
            raise SystemExit(f"missing {HERE / script}")
    if not (args.wordpress / "wp-settings.php").is_file():
        raise SystemExit(f"{args.wordpress}: not a WordPress directory")
    shutil.copyfile(HERE / "wp-config.php", args.wordpress / "wp-config.php")
    args.out.mkdir(parents=True, exist_ok=True)
    status = 0
    seen = seen_contents(args.skip_seen)
    for export in args.exports:
        try:
            data = build(args, export.resolve(), seen)
        except OracleError as exc:
            print(f"{export}: {exc}", file=sys.stderr)
            status = 1
            continue
        if not data["posts"]:
            print(f"{export.name}: no post left to render")
            continue
        target = args.out / f"{export.stem}.json"
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"{export.name}: {len(data['posts'])} posts -> {target}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
