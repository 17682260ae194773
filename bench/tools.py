"""External programs the HTTP benchmarks need, installed from Debian packages when missing."""

from __future__ import annotations

import os
import shutil
import subprocess

PACKAGES = {"wrk": "wrk", "redis-server": "redis-server"}


def ensure(program: str) -> str:
    """The path of `program`, installing its Debian package with apt-get if it is missing."""
    found = shutil.which(program)
    if found:
        return found
    package = PACKAGES[program]
    sudo = [] if os.geteuid() == 0 or not shutil.which("sudo") else ["sudo"]
    print(f"installing {package} (apt-get) ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", package], check=True, env=env)
    found = shutil.which(program)
    if not found:
        raise RuntimeError(f"{program} is still missing after installing {package}")
    return found
