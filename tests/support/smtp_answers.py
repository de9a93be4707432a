"""An SMTP handler for the tests: answers each message in turn as told,
then keeps what comes after in a Maildir, as aiosmtpd's Mailbox does.

    python -m aiosmtpd -n -c smtp_answers.Answers MAILDIR ANSWER...

Each ANSWER is the server's reply to one message ("451 4.3.0 Try again
later", "550 5.1.1 No such mailbox"); once they are used up, every message
is accepted and kept.
"""

from aiosmtpd.handlers import Mailbox


class Answers(Mailbox):
    def __init__(self, mail_dir, answers):
        super().__init__(mail_dir)
        self.answers = list(answers)

    async def handle_DATA(self, server, session, envelope):
        if self.answers:
            return self.answers.pop(0)
        return await super().handle_DATA(server, session, envelope)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) < 1:
            parser.error("The directory for the maildir is required")
        return cls(args[0], args[1:])
