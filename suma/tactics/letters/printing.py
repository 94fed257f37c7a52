"""A letter as a printable A4 PDF, for members who send it by post: drawn by suma.rights.pdf."""

from django.utils import timezone

from suma.rights.letters import Letter as PrintedLetter
from suma.rights.letters import Recipient, language_of
from suma.rights.pdf import letter_pdf
from suma.tactics.letters.models import Constituent, Letter


def letter_pdf_bytes(*, letter: Letter) -> bytes:
    """The member's letter: their name, address and email top right, the representative
    where a window envelope shows it, the date in the member's language, subject and text."""
    user = letter.user
    constituent = Constituent.objects.filter(user=user).first()
    representative = letter.representative
    office = [line for line in (letter.to_office, letter.to_body) if line]
    postal = representative.postal_address if representative is not None else ""
    language = language_of(user.language if user else "")
    printed = PrintedLetter(subject=letter.subject, body=letter.body, language=language,
                            date=timezone.localdate(letter.sent_at or timezone.now()))
    sender = Recipient(name=(user.name or user.email) if user else "",
                       address=constituent.address if constituent else "",
                       email=user.email if user else "")
    recipient = Recipient(name=letter.to_name, address="\n".join([*office, postal]))
    return letter_pdf(printed, sender=sender, recipient=recipient)
