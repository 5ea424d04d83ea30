"""Small helpers shared by the benchmark scripts: percentiles, Markdown sections in docs/BENCHMARKS.md and
the throw-away PostgreSQL databases the scripts measure in."""

from __future__ import annotations

import math
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS_MD = ROOT / "docs" / "BENCHMARKS.md"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list; the value a request actually took."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def replace_section(marker: str, body: str, *, path: Path = BENCHMARKS_MD) -> None:
    """Write `body` between `<!-- marker:begin -->` and `<!-- marker:end -->`, appending both if absent.

    Other engineers own the rest of the file: nothing outside the markers is touched.
    """
    begin, end = f"<!-- {marker}:begin -->", f"<!-- {marker}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{begin}\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def _admin_cursor_run(url: str, statements: list) -> None:
    import psycopg2

    base, _name = url.rsplit("/", 1)
    conn = psycopg2.connect(f"{base}/postgres")
    conn.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
    with conn.cursor() as cur:
        for statement in statements:
            cur.execute(statement)
    conn.close()


def drop_database(url: str) -> None:
    """Drop the database named at the end of `url` (a benchmark's own, never a shared one)."""
    from psycopg2 import sql

    name = url.rsplit("/", 1)[1]
    _admin_cursor_run(url, [sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))])


def recreate_database(url: str) -> None:
    """Drop and create the database named at the end of `url`: each run starts from nothing."""
    from psycopg2 import sql

    name = url.rsplit("/", 1)[1]
    _admin_cursor_run(
        url,
        [
            sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)),
            sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)),
        ],
    )


def clone_database(url: str, *, template: str) -> None:
    """Drop the database named at the end of `url` and create it as a copy of `template` (a file copy:
    seconds for a seeded 100,000-employee database). Nobody may be connected to `template` meanwhile."""
    from psycopg2 import sql

    name = url.rsplit("/", 1)[1]
    _admin_cursor_run(
        url,
        [
            sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)),
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template)),
        ],
    )
