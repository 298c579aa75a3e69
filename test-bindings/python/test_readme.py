"""Every ```python block of the README runs as written, against the built wheel."""
import pytest

from conftest import ROOT
from readme_blocks import readme_blocks
from readme_setups import SETUPS

BLOCKS = readme_blocks(ROOT / "README.md", "python")


def test_the_readme_has_python_blocks():
    assert len(BLOCKS) >= 10


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_readme_block_runs(block):
    names = SETUPS[block.setup]()
    exec(compile(block.code, block.id, "exec"), names)  # noqa: S102 - the README is ours
    # synthesizing runs the validations (lint at synth, names kept in sync) a block's constructs registered
    names["chart"].node.root.synth()
