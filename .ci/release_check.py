"""Checks two local deploys of the reactor (see .ci/release-check). Exits 1 with a list of problems.

Usage: release_check.py UNSIGNED_STAGE SIGNED_STAGE KEY_FINGERPRINT. The second stage must carry a
.asc beside every jar and POM, made by that key (gpg verifies it, with the GNUPGHOME the caller set).
"""
import hashlib
import pathlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = {"m": "http://maven.apache.org/POM/4.0.0"}
GROUP = pathlib.Path("dev/switchboard")
SNAPSHOT_STAMP = re.compile(r"-\d{8}\.\d{6}-\d+")


def pom(path):
    return ET.parse(path).getroot()


def text(root, tag):
    node = root.find("m:" + tag, NS)
    return None if node is None or node.text is None else node.text.strip()


def modules(root_dir, root):
    """(artifactId, packaging, published, pom root) for the reactor's modules."""
    out = []
    for module in root.find("m:modules", NS).findall("m:module", NS):
        p = pom(root_dir / module.text / "pom.xml")
        props = p.find("m:properties", NS)
        skip = props is not None and text(props, "maven.deploy.skip") == "true"
        out.append((text(p, "artifactId"), text(p, "packaging") or "jar", not skip, p))
    return out


def deployed(stage):
    """artifactId -> {normalized file name: path} of what a deploy wrote (checksums and metadata aside)."""
    out = {}
    base = stage / GROUP
    if not base.is_dir():
        return out
    for artifact in sorted(base.iterdir()):
        files = {}
        for f in artifact.rglob("*"):
            if f.is_file() and f.suffix in (".jar", ".pom", ".asc"):
                files[SNAPSHOT_STAMP.sub("-SNAPSHOT", f.name)] = f
        out[artifact.name] = files
    return out


def signature_problem(path, key):
    """Why path's .asc is not a good signature by key, or None when it is."""
    asc = path.with_name(path.name + ".asc")
    if not asc.is_file():
        return "no .asc signature"
    run = subprocess.run(["gpg", "--batch", "--status-fd", "1", "--verify", str(asc), str(path)],
                         capture_output=True, text=True)
    # VALIDSIG ends with the primary fingerprint of the key that made a good signature; exit 0 alone
    # would also accept a signature by any other key the keyring happens to hold.
    signers = [line.split()[-1] for line in run.stdout.splitlines() if line.startswith("[GNUPG:] VALIDSIG ")]
    if run.returncode != 0 or signers != [key]:
        return f"signature does not verify as {key}'s (gpg exit {run.returncode}, signers {signers}): " \
               + run.stderr.strip().replace("\n", " / ")
    return None


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(first, second, key):
    problems = []
    root_dir = pathlib.Path(".")
    root = pom(root_dir / "pom.xml")
    version = text(root, "version")
    for tag in ("name", "description", "url", "licenses", "developers", "scm"):
        if root.find("m:" + tag, NS) is None:
            problems.append(f"parent POM lacks <{tag}>")
    mods = modules(root_dir, root)
    published_jars = {a for a, pkg, pub, _ in mods if pub and pkg == "jar"}
    for a, pkg, pub, p in mods:
        if pub and pkg == "jar" and not text(p, "description"):
            problems.append(f"{a}: POM lacks <description>")

    bom = next((p for a, _, _, p in mods if a == "switchboard-bom"), None)
    if bom is None:
        problems.append("no switchboard-bom module in the reactor")
    else:
        if text(bom, "version") != version:
            problems.append(f"BOM version {text(bom, 'version')} != parent version {version}")
        listed = {text(d, "artifactId") for d in bom.iterfind("m:dependencyManagement/m:dependencies/m:dependency", NS)}
        if listed != published_jars:
            problems.append(f"BOM lists {sorted(listed)}, published modules are {sorted(published_jars)}")
        for tag in ("name", "description", "url", "licenses", "developers", "scm"):
            if bom.find("m:" + tag, NS) is None:
                problems.append(f"BOM lacks <{tag}>")

    one, two = deployed(first), deployed(second)
    expected = published_jars | {"switchboard-parent", "switchboard-bom"}
    if set(one) != expected:
        problems.append(f"deployed {sorted(one)}, expected exactly {sorted(expected)}")
    for a in sorted(published_jars & set(one)):
        for suffix in (".jar", "-sources.jar", "-javadoc.jar", ".pom"):
            name = f"{a}-{version}{suffix}"
            if name not in one[a]:
                problems.append(f"{a}: {name} not deployed")
    for a in ("switchboard-parent", "switchboard-bom"):
        if a in one and f"{a}-{version}.pom" not in one[a]:
            problems.append(f"{a}: POM not deployed")
    for a, files in one.items():
        for name, path in files.items():
            if name.endswith(".pom"):
                try:
                    p = pom(path)
                    if text(p, "artifactId") != a:
                        problems.append(f"{name}: artifactId {text(p, 'artifactId')}")
                except ET.ParseError as e:
                    problems.append(f"{name}: not a valid POM ({e})")
            if name.endswith(".asc"):
                problems.append(f"{name}: the first build is unsigned, yet it published a signature")
            if name.endswith((".jar", ".pom")):
                other = two.get(a, {}).get(name)
                if other is None:
                    problems.append(f"{name}: missing from the second build")
                elif sha(path) != sha(other):
                    problems.append(f"{name}: the two builds differ (not reproducible)")

    signed = 0
    for a, files in two.items():
        for name, path in files.items():
            if name.endswith((".jar", ".pom")):
                why = signature_problem(path, key)
                if why:
                    problems.append(f"{name} (signed build): {why}")
                else:
                    signed += 1

    jars = sum(1 for files in one.values() for n in files if n.endswith(".jar"))
    if problems:
        print("release-check: FAILED")
        for p in problems:
            print("  - " + p)
        return 1
    print(f"release-check: {len(published_jars)} published modules, {jars} jars, all with sources and Javadoc, "
          f"complete POMs, BOM in step, jars and POMs byte-identical across two builds, "
          f"{signed} files of the signed build each with a .asc that verifies as key {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]))
