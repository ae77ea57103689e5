"""The getting-started guide works as written against the artifacts a release would upload.

Usage: getting_started_check.py STAGE, where STAGE is a file repository that a deploy of this
reactor wrote (.ci/release-check passes its first, unsigned build).

It takes the two snippets of docs/GETTING-STARTED.md that a reader copies, the Maven dependencies
and the server, as they stand, and builds them the way the reader would: a Maven project of its own
in a temporary directory whose <dependencies> are the guide's block, resolving dev.switchboard from
STAGE only (a fresh local repository, so nothing installed earlier can stand in for the staged
jars; third-party artifacts and plugins come read-only from ~/.m2 as its tail). It compiles the
server, runs it with the class path Maven resolved and speaks Engine.IO v4 long-polling to it with
exact wire strings: the handshake, the Socket.IO connect, the guide's `welcome` event, its `echo`
acknowledgement, its `chat message` broadcast, and the client bundle at /socket.io/socket.io.js.

The one change to the guide's text: its port. The guide's server listens on 3000 and reads no
setting, so `.listen(3000)` becomes a free port (as the server module's GettingStartedTest does);
anything else that differs from the guide is a failure. Exits 1 with the reason and the server's
output; the server is always stopped and the temporary directory removed.
"""
import hashlib
import http.client
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "GETTING-STARTED.md"
DOC_PORT = ".listen(3000)"
MARKED = re.compile(r"^<!-- snippet: ([\w.-]+) -->\n(```|~~~)([\w-]*)\n(.*?)^\2[ \t]*$", re.M | re.S)
HANDSHAKE = re.compile(r'0\{"sid":"([\w-]+)","upgrades":\["websocket"\],"pingInterval":25000,'
                       r'"pingTimeout":20000,"maxPayload":1000000\}')
CONNECTED = re.compile(r'40\{"sid":"([\w-]+)"\}')
SEPARATOR = "\x1e"
START_SECONDS = 60
REQUEST_SECONDS = 15
# The plugins the tiny project runs, at the versions this build uses, so that they come from ~/.m2.
PLUGINS = {"maven-resources-plugin": "3.3.1", "maven-compiler-plugin": "3.14.0", "maven-dependency-plugin": "3.9.0"}


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def blocks():
    text = PAGE.read_text(encoding="utf-8").replace("\r\n", "\n")
    found = {}
    for m in MARKED.finditer(text):
        check(m.group(1) not in found, f"{PAGE.name} marks two blocks {m.group(1)!r}")
        found[m.group(1)] = (m.group(3), m.group(4))
    return found


def snippet(found, name, language):
    check(name in found, f"{PAGE.name} has no block marked <!-- snippet: {name} -->")
    check(found[name][0] == language, f"{PAGE.name}'s {name} block is {found[name][0]!r}, not {language}")
    return found[name][1]


def project_pom(dependencies, stage):
    plugins = "".join(
        f"<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>{a}</artifactId><version>{v}</version></plugin>"
        for a, v in PLUGINS.items())
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>hello-switchboard</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <repositories>
    <repository>
      <id>switchboard-stage</id>
      <url>{stage.as_uri()}</url>
      <releases><enabled>true</enabled></releases>
      <snapshots><enabled>true</enabled><updatePolicy>always</updatePolicy></snapshots>
    </repository>
  </repositories>
{dependencies}
  <build><plugins>{plugins}</plugins></build>
</project>
"""


def staged_jar(stage, artifact):
    """The main jar of an artifact in the stage (a snapshot deploy stamps its name)."""
    jars = [j for j in (stage / "dev" / "switchboard" / artifact).rglob("*.jar")
            if not j.name.endswith(("-sources.jar", "-javadoc.jar"))]
    check(len(jars) == 1, f"the stage holds {len(jars)} main jars of {artifact}, expected one")
    return jars[0]


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(work, stage, java_source, class_name, dependencies):
    """Compiles the project; returns its run-time class path."""
    src = work / "src" / "main" / "java"
    src.mkdir(parents=True)
    (src / f"{class_name}.java").write_text(java_source, encoding="utf-8")
    (work / "pom.xml").write_text(project_pom(dependencies, stage), encoding="utf-8")
    m2 = work / "m2"
    cp_file = work / "classpath.txt"
    command = [str(ROOT / "mvnw"), "-q", "-B", "-f", str(work / "pom.xml"),
               f"-Dmaven.repo.local={m2}", f"-Dmaven.repo.local.tail={pathlib.Path.home() / '.m2' / 'repository'}",
               "compile", "dependency:build-classpath", f"-Dmdep.outputFile={cp_file}"]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    check(run.returncode == 0, f"Maven could not build the guide's project:\n{run.stdout}{run.stderr}")
    entries = cp_file.read_text(encoding="utf-8").strip().split(os.pathsep)
    # Every Switchboard jar on the class path was fetched from the stage into the fresh local
    # repository, and is byte for byte the staged one: no jar installed earlier stood in for it.
    ours = {}
    for entry in entries:
        path = pathlib.Path(entry)
        if "/dev/switchboard/" in path.as_posix():
            check(path.is_relative_to(m2), f"{path} is on the class path, not from the stage: a Switchboard "
                                           f"install in the tail shadows it (remove ~/.m2/repository/dev/switchboard)")
            artifact = path.parent.parent.name
            check(sha(path) == sha(staged_jar(stage, artifact)), f"{path} differs from the staged {artifact}")
            ours[artifact] = path
    for artifact in ("switchboard-server", "switchboard-socketio"):
        check(artifact in ours, f"{artifact} is not on the class path Maven resolved: {entries}")
    return [str(work / "target" / "classes")] + entries, ours


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Polling:
    """An Engine.IO v4 long-polling client that keeps the packets it has read but not yet taken."""

    def __init__(self, port):
        self.port = port
        self.sid = None
        self.pending = []

    def request(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_SECONDS)
        try:
            headers = {"Content-Type": "text/plain;charset=UTF-8"} if body is not None else {}
            conn.request(method, path, body=None if body is None else body.encode("utf-8"), headers=headers)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def url(self):
        return f"/socket.io/?EIO=4&transport=polling&sid={self.sid}"

    def handshake(self):
        status, _, body = self.request("GET", "/socket.io/?EIO=4&transport=polling")
        text = body.decode("utf-8")
        check(status == 200 and HANDSHAKE.fullmatch(text), f"handshake: HTTP {status} {text!r}")
        self.sid = HANDSHAKE.fullmatch(text).group(1)

    def send(self, packet):
        status, _, body = self.request("POST", self.url(), packet)
        check((status, body) == (200, b"ok"), f"POST {packet!r}: HTTP {status} {body!r}")

    def take(self):
        """The next packet; a ping from the server is answered and skipped."""
        while not self.pending:
            status, _, body = self.request("GET", self.url())
            check(status == 200, f"poll: HTTP {status} {body!r}")
            for packet in body.decode("utf-8").split(SEPARATOR):
                if packet == "2":
                    self.send("3")
                else:
                    self.pending.append(packet)
        return self.pending.pop(0)


def event(*args):
    """A Socket.IO EVENT in the main namespace as Node's encoder writes it (compact JSON)."""
    return json.dumps(list(args), separators=(",", ":"), ensure_ascii=False)


def talk(port, socketio_jar):
    client = Polling(port)
    client.handshake()
    client.send("40")
    connected = client.take()
    check(CONNECTED.fullmatch(connected), f"connect: expected 40{{\"sid\":\"...\"}}, got {connected!r}")
    socket_id = CONNECTED.fullmatch(connected).group(1)
    # The guide: every connected client gets a welcome event with its own id.
    welcome = client.take()
    expected = "42" + event("welcome", "Hello, " + socket_id)
    check(welcome == expected, f"welcome: expected {expected!r}, got {welcome!r}")
    # The guide: echo answers the client's acknowledgement with what it sent.
    client.send("421" + event("echo", "ping"))
    ack, expected = client.take(), "431" + event("ping")
    check(ack == expected, f"echo ack: expected {expected!r}, got {ack!r}")
    # The guide: a chat message goes to every client, this one included.
    client.send("42" + event("chat message", "hi"))
    chat, expected = client.take(), "42" + event("chat message", "hi")
    check(chat == expected, f"chat message: expected {expected!r}, got {chat!r}")
    check(not client.pending, f"packets nobody expected: {client.pending}")

    # The client bundle, from the socketio jar, needing no Node: the bytes the jar carries, with
    # the version of socket.io-client the build pinned as its ETag.
    status, headers, body = client.request("GET", "/socket.io/socket.io.js")
    headers = {k.lower(): v for k, v in headers.items()}
    lock = json.loads((ROOT / "socketio" / "client-bundle" / "package-lock.json").read_text(encoding="utf-8"))
    version = lock["packages"]["node_modules/socket.io-client"]["version"]
    with zipfile.ZipFile(socketio_jar) as jar:
        bundled = jar.read("dev/switchboard/socketio/internal/client-dist/socket.io.js")
    check(status == 200, f"/socket.io/socket.io.js: HTTP {status}")
    check(headers.get("content-type") == "application/javascript; charset=utf-8",
          f"/socket.io/socket.io.js: Content-Type {headers.get('content-type')!r}")
    check(headers.get("etag") == f'"{version}"', f"/socket.io/socket.io.js: ETag {headers.get('etag')!r}, "
                                                  f"expected \"{version}\"")
    check(body == bundled, f"/socket.io/socket.io.js: {len(body)} bytes, not the jar's {len(bundled)}")
    check(body.startswith(f"/*!\n * Socket.IO v{version}\n".encode()), "/socket.io/socket.io.js: no Socket.IO banner")
    return socket_id, len(body), version


def wait_for_port(port, server, log):
    deadline = time.monotonic() + START_SECONDS
    while True:
        check(server.poll() is None, f"the server exited with {server.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            check(time.monotonic() < deadline, f"nothing listens on {port} after {START_SECONDS}s:\n{log.read_text()}")
            # A short, bounded retry while the JVM starts: the port is polled, not hoped for.
            time.sleep(0.1)


def main(stage):
    started = time.monotonic()
    found = blocks()
    dependencies = snippet(found, "maven-dependencies", "xml")
    source = snippet(found, "hello-server", "java")
    check(source.count(DOC_PORT) == 1, f"the guide's server does not call {DOC_PORT} exactly once")
    class_name = re.search(r"public\s+(?:final\s+)?class\s+(\w+)", source)
    check(class_name, "the guide's server declares no public class")
    class_name = class_name.group(1)
    port = free_port()
    work = pathlib.Path(tempfile.mkdtemp(prefix="switchboard-getting-started-"))
    server = None
    log = work / "server.log"
    try:
        class_path, ours = build(work, stage, source.replace(DOC_PORT, f".listen({port})"), class_name, dependencies)
        built = time.monotonic() - started
        java = pathlib.Path(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
        with open(log, "wb") as out:
            server = subprocess.Popen([str(java), "-cp", os.pathsep.join(class_path), class_name],
                                      stdout=out, stderr=subprocess.STDOUT, cwd=work)
        wait_for_port(port, server, log)
        socket_id, bundle_bytes, version = talk(port, ours["switchboard-socketio"])
        print(f"getting-started: {PAGE.name}'s dependencies resolved {len(ours)} Switchboard jars from the stage "
              f"({', '.join(sorted(ours))}); {class_name} built in {built:.0f}s and served over long-polling: "
              f"handshake, connect (socket {socket_id}), welcome, echo ack, chat message broadcast, "
              f"socket.io.js v{version} ({bundle_bytes} bytes); {time.monotonic() - started:.0f}s in all")
        return 0
    except (Failure, OSError, subprocess.TimeoutExpired) as e:
        print(f"getting-started: FAILED: {e}")
        if log.exists():
            print("server output:\n" + log.read_text(errors="replace"))
        return 1
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1]).resolve()))
