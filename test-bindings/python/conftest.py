"""Shared by the binding tests: the repository root and the TypeScript shop example's synthesized YAML."""
import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# An App without outdir (as in the README) writes to $CDK8S_OUTDIR, else dist/ of the working directory of
# the jsii kernel, which starts once: point it at a temporary folder before anything starts the kernel.
os.environ["CDK8S_OUTDIR"] = tempfile.mkdtemp(prefix="readme-python-")


@pytest.fixture(scope="session")
def typescript_shop_yaml() -> str:
    """dist/examples/shop.k8s.yaml, which `npx projen examples` writes (test-bindings/run.sh runs it first)."""
    path = ROOT / "dist" / "examples" / "shop.k8s.yaml"
    if not path.exists():
        pytest.fail(f"{path} is missing: run `npx projen examples` first")
    return path.read_text()
