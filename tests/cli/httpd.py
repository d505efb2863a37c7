#!/usr/bin/env python3
"""httpd.py -- a loopback HTTP server for frfile's count and notify tests.

Serves facts documents and misbehaviours for `frfile count`, and receives
webhook posts for `frfile check --notify`, checking their body, headers
and signature and recording what arrived (one JSON object per line).

  httpd.py --port-file F [--dir D] [--token T] [--fleet N --secret S]
           [--hook-secret S] [--log F] [--tls CERT KEY]

GET  /f/NAME          the file D/NAME (401 unless "Authorization: Bearer T")
GET  /fleet/I         a synthetic facts document (device I of N)
GET  /redirect-same   302 to /f/a.json on this host
GET  /redirect-other  302 to the same path on another host name
GET  /huge            an endless body (streams until the client gives up)
GET  /hang            never answers
GET  /flaky/NAME      503 on the first request, then the file
POST /hook/FORMAT     a webhook; FORMAT is dingtalk, wecom, feishu, slack, json
"""
import argparse, base64, hashlib, hmac, json, os, ssl, sys, threading, time
import urllib.parse
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

A = None
FLEET = {}
SEEN = set()
LOCK = threading.Lock()


def fleet_doc(i, n, secret):
    """Device i holds persons i*50 .. i*50+99: neighbours share 50."""
    persons = []
    for p in range(i * 50, i * 50 + 100):
        key = hmac.new(secret, b"person-%d" % p, hashlib.sha256).hexdigest()
        persons.append({"key": key, "from": "2024-01-%02d" % (1 + p % 28),
                        "until": None})
    return json.dumps({
        "schema": "frmatch-facts/1", "store_id": "%032x" % i,
        "device": "gate-%03d" % i, "individuals": len(persons),
        "keys": {"algorithm": "HMAC-SHA256",
                 "secret_id": hashlib.sha256(secret).hexdigest()[:16],
                 "persons": persons}}).encode()


def check_sign(fmt, q, body, hdrs):
    """Recompute each service's signature; return a problem or None."""
    if not A.hook_secret:
        return None
    sec = A.hook_secret
    if fmt == "dingtalk":
        ts, sign = q.get("timestamp", [""])[0], q.get("sign", [""])[0]
        want = base64.b64encode(hmac.new(sec, ts.encode() + b"\n" + sec,
                                         hashlib.sha256).digest()).decode()
        if not ts.isdigit() or abs(int(ts) / 1000 - time.time()) > 3600:
            return "bad timestamp %r" % ts
        return None if sign == want else "bad sign %r, want %r" % (sign, want)
    if fmt == "feishu":
        ts, sign = str(body.get("timestamp", "")), body.get("sign", "")
        want = base64.b64encode(hmac.new(ts.encode() + b"\n" + sec, b"",
                                         hashlib.sha256).digest()).decode()
        if not ts.isdigit() or abs(int(ts) - time.time()) > 3600:
            return "bad timestamp %r" % ts
        return None if sign == want else "bad sign %r, want %r" % (sign, want)
    return None


def check_body(fmt, b):
    try:
        if fmt in ("dingtalk", "wecom"):
            assert b["msgtype"] == "text" and isinstance(b["text"]["content"], str)
        elif fmt == "feishu":
            assert b["msg_type"] == "text" and isinstance(b["content"]["text"], str)
        elif fmt == "slack":
            assert isinstance(b["text"], str)
        elif fmt == "json":
            assert isinstance(b["status"], str) and isinstance(b["state"], str)
        else:
            return "unknown format"
    except (KeyError, TypeError, AssertionError):
        return "body is not a %s message" % fmt
    return None


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def send(self, code, data=b"", ctype="application/json", extra=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def authorised(self):
        if A.token is None:
            return True
        if self.headers.get("Authorization") == "Bearer " + A.token:
            return True
        self.send(401, b'{"error":"unauthorised"}')
        return False

    def serve_file(self, name):
        path = os.path.join(A.dir or ".", os.path.basename(name))
        try:
            with open(path, "rb") as f:
                self.send(200, f.read())
        except OSError:
            self.send(404, b'{"error":"not found"}')

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        p = u.path
        if p == "/hang":
            time.sleep(60)
            return
        if not self.authorised():
            return
        if p.startswith("/f/"):
            self.serve_file(p[3:])
        elif p.startswith("/fleet/"):
            d = FLEET.get(p[7:])
            self.send(200, d) if d else self.send(404, b"{}")
        elif p == "/redirect-same":
            self.send(302, extra=[("Location", "/f/a.json")])
        elif p == "/redirect-other":
            host = "localhost" if "127.0.0.1" in self.headers.get("Host", "") \
                else "127.0.0.1"
            self.send(302, extra=[("Location", "http://%s:%d/f/a.json" % (
                host, self.server.server_address[1]))])
        elif p == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            chunk = b" " * 65536
            try:
                while True:
                    self.wfile.write(chunk)
            except OSError:
                pass
            self.close_connection = True
        elif p.startswith("/flaky/"):
            with LOCK:
                first = p not in SEEN
                SEEN.add(p)
            self.send(503, b"{}") if first else self.serve_file(p[7:])
        else:
            self.send(404, b"{}")

    def do_POST(self):
        u = urllib.parse.urlsplit(self.path)
        n = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(n)
        if "/slow/" in u.path:  # time to look at the sender's command line
            time.sleep(2)
        fmt = u.path.rsplit("/", 1)[-1]
        rec = {"path": u.path, "format": fmt,
               "content_type": self.headers.get("Content-Type", "")}
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        rec["body"] = body
        problems = []
        if not rec["content_type"].startswith("application/json"):
            problems.append("content type %r" % rec["content_type"])
        if body is None:
            problems.append("body is not JSON")
        else:
            for pr in (check_body(fmt, body),
                       check_sign(fmt, urllib.parse.parse_qs(u.query), body,
                                  self.headers)):
                if pr:
                    problems.append(pr)
        rec["problems"] = problems
        if A.log:
            with LOCK, open(A.log, "a") as f:
                f.write(json.dumps(rec) + "\n")
        if fmt in ("dingtalk", "wecom"):
            reply = {"errcode": 0 if not problems else 310000,
                     "errmsg": "ok" if not problems else "; ".join(problems)}
        elif fmt == "feishu":
            reply = {"code": 0 if not problems else 19021,
                     "msg": "success" if not problems else "; ".join(problems)}
        else:
            reply = {"ok": not problems}
        self.send(200 if not problems or fmt in ("dingtalk", "wecom", "feishu")
                  else 400, json.dumps(reply).encode())


class Server(ThreadingHTTPServer):
    # The listen backlog is set when the socket is made: a class attribute.
    request_queue_size = 1024
    daemon_threads = True


def main():
    global A
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--dir")
    ap.add_argument("--token")
    ap.add_argument("--fleet", type=int, default=0)
    ap.add_argument("--secret")
    ap.add_argument("--hook-secret")
    ap.add_argument("--log")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    A = ap.parse_args()
    A.hook_secret = A.hook_secret.encode() if A.hook_secret else None
    for i in range(A.fleet):
        FLEET[str(i)] = fleet_doc(i, A.fleet, A.secret.encode())
    srv = Server(("127.0.0.1", 0), H)
    if A.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(A.tls[0], A.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    tmp = A.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, A.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
