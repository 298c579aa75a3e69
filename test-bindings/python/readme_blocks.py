"""The README's code blocks of one language, with the setup each one runs after.

A block runs as written, after a setup that gives it the `app` and `chart` the README's snippets
continue from. A block needing more names a setup in an HTML comment on the line before it, invisible
on the rendered page: `<!-- setup: shop-pods -->` (see readme_setups.py).
"""
import re
from dataclasses import dataclass
from pathlib import Path
from typing import List

FENCE = re.compile(r"^```(\w+)\s*$")
SETUP = re.compile(r"^<!--\s*setup:\s*([\w-]+)\s*-->$")


@dataclass
class Block:
    line: int  # 1-based line of the opening fence
    setup: str
    code: str

    @property
    def id(self) -> str:
        return f"README.md:{self.line}"


def readme_blocks(readme: Path, language: str) -> List[Block]:
    blocks: List[Block] = []
    lines = readme.read_text().splitlines()
    i = 0
    while i < len(lines):
        fence = FENCE.match(lines[i])
        if fence is None:
            i += 1
            continue
        start = i
        i += 1
        body = []
        while i < len(lines) and lines[i] != "```":
            body.append(lines[i])
            i += 1
        i += 1
        if fence.group(1) == language:
            setup = SETUP.match(lines[start - 1].strip()) if start > 0 else None
            blocks.append(Block(start + 1, setup.group(1) if setup else "chart", "\n".join(body) + "\n"))
    return blocks
