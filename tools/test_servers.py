"""What Python tests and benchmarks share about the servers of tools/test-servers.sh."""
import os
import re
import subprocess


def read_env(path):
    """The KEY=value lines of DIR/servers.env (ports, users, passwords, sockets) as a dict."""
    env = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                k, _, v = line.partition("=")
                env[k] = v
    return env


def quiet_odbcinst(private_dir):
    """Debian's odbcinst.ini turns psqlODBC's CommLog on, which leaves a log file in /tmp for
    every connection (a connection-string CommLog=0 comes too late). Point ODBCSYSINI, inherited
    by every process started afterwards, at a private copy of the system driver list with
    logging off: same driver names and libraries."""
    out = subprocess.run(["odbcinst", "-j"], capture_output=True, text=True, check=True).stdout
    system = next(l.split(":", 1)[1].strip() for l in out.splitlines() if l.startswith("DRIVERS"))
    with open(system, encoding="utf-8") as f:
        text = re.sub(r"(?im)^(\s*(?:CommLog|Debug)\s*=\s*)1\s*$", r"\g<1>0", f.read())
    os.makedirs(private_dir, exist_ok=True)
    with open(os.path.join(private_dir, "odbcinst.ini"), "w", encoding="utf-8") as f:
        f.write(text)
    os.environ["ODBCSYSINI"] = private_dir
