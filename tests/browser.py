"""Browser-test helpers (Playwright)."""
from django.urls import reverse

from .factories import PASSWORD


def browser_login(page, base_url: str, user, path: str = "") -> None:
    """Sign in through the login page, as a user would.

    With `path`, open that page first: the login page comes in between and the user lands on `path`.
    """
    login_url = reverse("login")
    page.goto(base_url + (path or login_url))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert login_url not in page.url, "login failed"


def open_section(page, label: str) -> None:
    """Follow the top menu's link ``label``, opening its dropdown group («Мониторинг») first when it is folded."""
    link = page.locator("nav.navbar").get_by_role("link", name=label, exact=True)
    if not link.is_visible():
        # get_by_role() skips hidden elements, so the folded link is found by its text
        group = page.locator("nav.navbar li.dropdown").filter(has=page.locator(f'a.dropdown-item:text-is("{label}")'))
        group.locator(".dropdown-toggle").click()
        link.wait_for(state="visible")
    link.click()
    page.wait_for_load_state()


def browser_upload(page, form: str, path, then: str = "#job") -> None:
    """Choose `path` in the file field of `form` (a selector), send the form and wait for `then` on the next page
    (by default the import's job page, core.imports)."""
    page.wait_for_selector(form)
    page.set_input_files(f"{form} input[name=file]", str(path))
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector(then)
