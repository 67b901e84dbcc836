"""A real SMTP server for the test suite that keeps every message it receives.

Runs aiosmtpd on a loopback socket and writes each accepted message, as received, to one
file in MAILDIR (written under a dot-name and renamed, so a reader never sees half a mail),
preceded by `X-Sink-Mail-From:` and `X-Sink-Rcpt-To:` lines with the SMTP envelope. The mail
is on disk before the server answers 250, so a test that awaited its send can read it at once.

    python smtp_sink.py --maildir DIR --port-file FILE

binds 127.0.0.1 on a port the kernel picks and writes that port to FILE once it is listening.
Stops on SIGTERM or SIGINT.
"""

import argparse
import asyncio
import itertools
import os
import signal
import socket

from aiosmtpd.smtp import SMTP


class Sink:
    """aiosmtpd handler: accept every message and file it."""

    def __init__(self, maildir):
        self.maildir = maildir
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        name = f"{os.getpid()}-{next(self.counter):06d}.eml"
        temporary = os.path.join(self.maildir, "." + name)
        envelope_lines = [f"X-Sink-Mail-From: {envelope.mail_from}\r\n"]
        envelope_lines += [f"X-Sink-Rcpt-To: {rcpt}\r\n" for rcpt in envelope.rcpt_tos]
        with open(temporary, "wb") as out:
            out.write("".join(envelope_lines).encode("ascii", "replace"))
            out.write(envelope.original_content or envelope.content)
            out.flush()
            os.fsync(out.fileno())
        os.rename(temporary, os.path.join(self.maildir, name))
        return "250 Message accepted for delivery"


async def serve(maildir, port_file):
    handler = Sink(maildir)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="sundial-test-sink"), sock=listener
    )
    port = listener.getsockname()[1]
    with open(port_file + ".tmp", "w") as out:
        out.write(f"{port}\n")
    os.rename(port_file + ".tmp", port_file)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()
    await server.wait_closed()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--port-file", required=True)
    args = parser.parse_args()
    os.makedirs(args.maildir, exist_ok=True)
    asyncio.run(serve(args.maildir, args.port_file))


if __name__ == "__main__":
    main()
