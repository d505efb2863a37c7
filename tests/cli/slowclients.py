#!/usr/bin/env python3
# slowclients.py PORT TOKEN WAIT — the slow-client attack on frmatch serve:
# 100 connections from 127.0.0.2 that send one header byte every 3 s,
# then a request with the token from 127.0.0.1. Prints, one per line:
#   open_after_1s N     slow connections the server kept
#   answer STATUS SECS  the authorised request's status and time
#   open_after_wait N   slow connections still open WAIT seconds in
# Every loop and wait is bounded (about WAIT + 4 seconds in all).
import socket
import sys
import time

port, token, wait = int(sys.argv[1]), sys.argv[2].encode(), float(sys.argv[3])
t0 = time.monotonic()
slow = []
for _ in range(100):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.2", 0))
    s.settimeout(1)
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(b"G")
        slow.append(s)
    except OSError:
        s.close()


def alive():
    n = 0
    for s in slow:
        s.setblocking(False)
        try:
            if s.recv(64) != b"":
                n += 1
        except BlockingIOError:
            n += 1
        except OSError:
            pass
    return n


def drip(last=[0.0]):
    # One more header byte on each slow connection, every 3 s.
    if time.monotonic() - last[0] >= 3:
        last[0] = time.monotonic()
        for s in slow:
            try:
                s.send(b"E")
            except OSError:
                pass


time.sleep(max(0, 1 - (time.monotonic() - t0)))
print("open_after_1s", alive())
start = time.monotonic()
status = "none"
try:
    c = socket.create_connection(("127.0.0.1", port), timeout=2,
                                 source_address=("127.0.0.1", 0))
    c.sendall(b"GET /facts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
              token + b"\r\n\r\n")
    buf = b""
    while time.monotonic() - start < 2:
        chunk = c.recv(65536)
        if not chunk:
            break
        buf += chunk
    status = buf.split(b" ", 2)[1].decode() if buf.startswith(b"HTTP/") else "none"
    c.close()
except OSError as e:
    status = "error:" + type(e).__name__
print("answer", status, "%.2f" % (time.monotonic() - start))
while time.monotonic() - t0 < wait:
    drip()
    time.sleep(0.2)
print("open_after_wait", alive())
for s in slow:
    s.close()
