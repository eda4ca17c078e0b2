#!/usr/bin/env python3
"""serve.py: serves the built web page (a folder such as build/wasm/web) on 127.0.0.1 only, like
`python3 -m http.server`, but with the right MIME types (application/wasm, so browsers compile the
.wasm as it streams), no caching (a rebuilt page is never stale), and, with --isolate, the COOP/COEP
headers that a threaded (SharedArrayBuffer) build would need. Not a production server.
Usage: serve.py DIR [--port N] [--mount /URL=FOLDER ...]
  --port: the first free port from N (default 8765; 0 = any free port)
  --mount: also serve FOLDER under /URL/ (e.g. /data/fashion-mnist-full=/usr/share/datasets/fashion-mnist,
           the full data set for the bench page's ?data=full; /peers=bench/browser for the TF.js peer page)
Prints "serving DIR at http://127.0.0.1:PORT/" once listening; --port-file F also writes the port to F.
Standard library only."""
import argparse
import functools
import http.server
import os
import socket
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".html": "text/html; charset=utf-8",
        ".gz": "application/octet-stream",  # data files: bytes for the app, not a compressed response
    }
    isolate = False
    quiet = False
    mounts = []  # (url prefix without trailing "/", folder), longest prefix first

    def translate_path(self, path):
        """A request under a mounted prefix maps into its folder; everything else into DIR."""
        clean = path.split("?", 1)[0].split("#", 1)[0]
        for prefix, folder in self.mounts:
            if clean == prefix or clean.startswith(prefix + "/"):
                rest = path[len(prefix):] or "/"
                return http.server.SimpleHTTPRequestHandler.translate_path(_Rooted(folder), rest)
        return super().translate_path(path)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        if self.isolate:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()

    def log_message(self, fmt, *args):
        if not self.quiet:
            super().log_message(fmt, *args)


class _Rooted:
    """Just enough of a handler for SimpleHTTPRequestHandler.translate_path to resolve into `directory`
    (it reads only self.directory; the path sanitising, no "..", stays the library's)."""

    def __init__(self, directory):
        self.directory = directory


def free_port(start):
    """The first port from `start` that 127.0.0.1 can bind (0: one the system picks)."""
    for port in ([0] if start == 0 else range(start, start + 200)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
                return s.getsockname()[1]
            except OSError:
                continue
    sys.exit(f"serve.py: no free port in {start}..{start + 199}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", help="the folder to serve (the build's web/ folder)")
    ap.add_argument("--port", type=int, default=8765, help="first port to try (0: any free port)")
    ap.add_argument("--isolate", action="store_true", help="send COOP/COEP (cross-origin isolation)")
    ap.add_argument("--quiet", action="store_true", help="no request log")
    ap.add_argument("--port-file", help="write the port number to this file once listening")
    ap.add_argument("--mount", action="append", default=[], metavar="/URL=FOLDER",
                    help="also serve FOLDER under /URL/ (repeatable)")
    a = ap.parse_args()
    for m in a.mount:
        url, sep, folder = m.partition("=")
        if not sep or not url.startswith("/") or not os.path.isdir(folder):
            sys.exit(f"serve.py: --mount {m!r}: want /URL=FOLDER with an existing folder")
        Handler.mounts.append((url.rstrip("/"), os.path.abspath(folder)))
    Handler.mounts.sort(key=lambda m: -len(m[0]))
    if not os.path.isfile(os.path.join(a.dir, "index.html")):
        sys.exit(f"serve.py: {a.dir}/index.html not found: build the web page first (scripts/start.sh)")
    Handler.isolate, Handler.quiet = a.isolate, a.quiet
    handler = functools.partial(Handler, directory=a.dir)
    # Another process may take the port between the probe and the bind: then try the next ones.
    port = free_port(a.port)
    for _ in range(20):
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
            break
        except OSError:
            port = free_port(port + 1 if port else 0)
    else:
        sys.exit("serve.py: could not bind a port on 127.0.0.1")
    port = server.server_address[1]
    if a.port_file:
        with open(a.port_file + ".tmp", "w") as f:
            f.write(f"{port}\n")
        os.replace(a.port_file + ".tmp", a.port_file)
    print(f"serving {a.dir} at http://127.0.0.1:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
