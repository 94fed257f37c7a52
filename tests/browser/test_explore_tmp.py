from tests.browser.conftest import _axe_source, describe, log_in, log_in_with_totp
from tests.conftest import make_user

def viol(page):
    page.evaluate(_axe_source())
    r = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    return r["violations"]

def test_explore(new_context, world, live_server):
    out = []
    try:
        run(new_context, world, out)
    finally:
        open("/tmp/hb/explore.txt","w").write("\n".join(out))

def run(new_context, world, out):
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    u = make_user("new@example.org", verified=False)
    key = EmailConfirmationHMAC(EmailAddress.objects.get(user=u)).key
    page = new_context().new_page()
    def visit(url):
        page.goto(url)
        out.append(f"== {url} {page.url}\n" + describe(viol(page)))
    for url in ["/", "/u/users/c/nairobi/", "/accounts/signup/", "/accounts/login/", "/accounts/password/reset/", "/nope/", f"/accounts/confirm-email/{key}/", "/accounts/confirm-email/bad/"]:
        visit(url)
    page.goto("/accounts/password/reset/"); page.fill("input[name=email]", world.member.email); page.press("input[name=email]", "Enter"); page.wait_for_load_state()
    out.append(f"== reset done {page.url}\n" + describe(viol(page)))
    page.goto("/accounts/login/"); page.fill("input[name=login]", world.steward.email); page.fill("input[name=password]", "correct horse battery staple"); page.press("input[name=password]", "Enter"); page.wait_for_load_state()
    out.append(f"== mfa step {page.url}\n" + describe(viol(page)))
    page = new_context().new_page()
    log_in_with_totp(page, world.steward)
    for url in ["/dashboard/", "/audit/", "/notifications/", "/notifications/settings/", "/settings/tokens/", "/u/users/me/", "/accounts/email/", "/accounts/2fa/", "/accounts/password/change/"]:
        visit(url)
    page = new_context().new_page()
    log_in(page, world.organiser.email)
    for url in ["/u/users/c/nairobi/", "/u/users/c/nairobi/applications/", "/u/users/c/nairobi/invitations/", "/dashboard/"]:
        visit(url)
    page = new_context().new_page()
    log_in(page, world.member.email)
    for url in ["/u/users/c/nairobi/", "/accounts/2fa/totp/activate/", "/accounts/2fa/"]:
        visit(url)
