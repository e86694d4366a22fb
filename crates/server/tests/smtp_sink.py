"""A real SMTP server for the desk's mail tests (aiosmtpd, Debian's python3-aiosmtpd).

usage: smtp_sink.py HOST PORT DIR

Every message it accepts is written to DIR as one JSON file: the envelope's recipients and
sender, and the message's subject and text body decoded (RFC 2047 words, quoted-printable or
base64). It prints "ready" once it listens.
"""

import asyncio
import email
import email.policy
import itertools
import json
import os
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = itertools.count()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=email.policy.default
        )
        record = {
            "to": list(envelope.rcpt_tos),
            "from": envelope.mail_from,
            "subject": str(message["subject"]),
            "body": message.get_content(),
        }
        name = "%d-%06d.json" % (os.getpid(), next(self.count))
        path = os.path.join(self.folder, name)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.rename(path + ".tmp", path)
        return "250 OK"


async def main(host, port, folder):
    loop = asyncio.get_running_loop()
    sink = Sink(folder)  # one for every connection: its count names the files
    server = await loop.create_server(lambda: SMTP(sink), host, port)
    print("ready", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
