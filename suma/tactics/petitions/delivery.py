"""The files a petition is delivered with: a PDF letter and a CSV of names and countries."""

import csv
import io
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from suma.tactics.petitions.countries import country_name
from suma.tactics.petitions.models import Petition
from suma.tactics.petitions.selectors import counts_by_country, signatures_for_delivery
from suma.tactics.petitions.services import signature_total


def _shown_name(name: str, anonymised: bool) -> str:
    return _("(anonymised)") if anonymised or not name else name


def signatures_csv(*, petition: Petition) -> str:
    """Every valid signature's name and country, never an email address."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_("name"), _("country")])
    for name, country, anonymised in signatures_for_delivery(petition=petition).iterator(
            chunk_size=5000):
        # A name starting with = + - @ would be a formula in a spreadsheet: quote it away.
        shown = _shown_name(name, anonymised)
        if shown[:1] in ("=", "+", "-", "@"):
            shown = "'" + shown
        writer.writerow([shown, country_name(country)])
    return out.getvalue()


def letter_pdf(*, petition: Petition) -> bytes:
    """The letter: addressee, date, the petition's text, the count and the counts by country."""
    import markdown as md
    import nh3
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=petition.title,
                            leftMargin=2.2 * cm, rightMargin=2.2 * cm)
    total = signature_total(petition=petition)
    story = [
        Paragraph(escape(_("To: %(target)s") % {"target": petition.target}), styles["Normal"]),
        Paragraph(escape(formats.date_format(timezone.localdate(), "DATE_FORMAT")),
                  styles["Normal"]),
        Spacer(1, 0.6 * cm),
        Paragraph(escape(petition.title), styles["Title"]),
    ]
    # The text's Markdown reduced to paragraphs reportlab understands (b, i, links dropped).
    html = md.markdown(petition.text or "", output_format="html")
    for block in nh3.clean(html, tags={"p", "li"}).replace("<li>", "<p>• ").replace(
            "</li>", "</p>").split("</p>"):
        text = nh3.clean(block, tags=set()).strip()
        if text:
            story.append(Paragraph(text, styles["BodyText"]))  # already escaped
    story += [
        Spacer(1, 0.5 * cm),
        Paragraph(escape(_("Signed by %(count)s people, from %(union)s and the public, "
                           "in the campaign “%(campaign)s”.")
                         % {"count": f"{total:,}", "union": petition.union.name,
                            "campaign": petition.campaign.title}), styles["Heading3"]),
    ]
    rows = [[_("Country"), _("Signatures")]] + [
        [row["name"], f"{row['count']:,}"] for row in counts_by_country(petition=petition)]
    story.append(Table(rows, hAlign="LEFT"))
    doc.build(story)
    return buffer.getvalue()
