"""The picture a shared link to a page or team shows: drawn from the page's own figures, in the
language it was shared in, kept until a gift changes it."""

from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageOps

from jfa.campaigns import queries, share_images
from jfa.campaigns.models import AdvocatePage
from jfa.campaigns.share_fonts import Face
from jfa.campaigns.share_images import BRAND_LIGHT, PLACEHOLDER, TRACK, ShareCard
from jfa.core import testing
from jfa.core.testing import give, png_bytes
from jfa.donations.models import TotalScope

pytestmark = pytest.mark.django_db

BAR_LEFT, BAR_WIDTH = share_images.TEXT_LEFT, share_images.TEXT_WIDTH
PHOTO_TOP = share_images.TOP_BAR + (share_images.HEIGHT - share_images.FOOTER_HEIGHT - share_images.TOP_BAR - 420) // 2


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def picture(client, url: str) -> Image.Image:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=600"
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == ("JPEG", (1200, 630))
    return image.convert("RGB")


def near(pixel, colour, tolerance=24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def bar_row(image: Image.Image) -> int | None:
    """The height at which the bar's track is drawn, found at its right end (always unfilled
    below 95%)."""
    x = BAR_LEFT + BAR_WIDTH - 10
    return next((y for y in range(image.height) if near(image.getpixel((x, y)), TRACK, 8)), None)


def filled_share(image: Image.Image) -> float:
    y = bar_row(image)
    assert y is not None, "no progress bar"
    y += 10
    filled = [x for x in range(BAR_LEFT, BAR_LEFT + BAR_WIDTH) if near(image.getpixel((x, y)), BRAND_LIGHT)]
    return (max(filled) - BAR_LEFT + 1) / BAR_WIDTH if filled else 0.0


def test_a_page_link_shares_a_picture_of_its_progress(client, campaign, alice_page):
    url = f"/p/{alice_page.slug}/share.jpg"
    assert filled_share(picture(client, url)) == 0  # no gift yet: an empty bar

    give(page=alice_page, amount_minor=25_000)  # US$250 of US$1,000
    assert filled_share(picture(client, url)) == pytest.approx(0.25, abs=0.01)
    give(page=alice_page, amount_minor=35_000)
    assert filled_share(picture(client, url)) == pytest.approx(0.60, abs=0.01)


def test_the_page_names_its_picture_for_previews_and_describes_it(client, campaign, alice_page):
    give(page=alice_page, amount_minor=25_000)
    html = client.get(alice_page.get_absolute_url()).content.decode()
    assert (
        f'<meta property="og:image" content="http://testserver/p/{alice_page.slug}/share.jpg?lang=en&amp;v=1">' in html
    )
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:alt" content="Alice: US$250.00 raised of US$1,000, 25% of goal.">' in html

    french = client.get(alice_page.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f"/p/{alice_page.slug}/share.jpg?lang=fr&amp;v=1" in french
    assert (
        "Alice\u00a0: 250,00\u00a0$\u00a0US amassés sur 1\u202f000\u00a0$\u00a0US, 25\u00a0% de l’objectif." in french
    )


def test_the_picture_speaks_the_language_in_its_address_and_nothing_else(client, campaign, alice_page):
    give(page=alice_page, amount_minor=25_000)
    url = f"/p/{alice_page.slug}/share.jpg"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content  # a preview fetcher's own language is ignored
    assert client.get(f"{url}?lang=xx").content == english
    french = client.get(f"{url}?lang=fr").content
    assert french != english

    progress = queries.progress(TotalScope.PAGE, alice_page.pk, alice_page.goal)
    page = AdvocatePage.objects.select_related("campaign").get(pk=alice_page.pk)
    with translation.override("fr"):
        card = share_images.page_card(page, progress)
    assert card.raised == "250,00\u00a0$\u00a0US"
    assert card.of_goal == "amassés sur 1\u202f000\u00a0$\u00a0US"
    assert card.progress_line == "25\u00a0% de l’objectif · 1 don"
    assert card.byline == "Alice porte une robe chaque jour de décembre."
    assert card.footer == "Justice For All · 100\u00a0% des dons vont à des partenaires qui luttent contre l’esclavage"


def test_a_picture_is_drawn_once_until_a_gift_changes_it(client, campaign, alice_page, monkeypatch):
    drawn = []
    draw = share_images.draw
    monkeypatch.setattr(share_images, "draw", lambda card, photo=None: drawn.append(card) or draw(card, photo))
    url = f"/p/{alice_page.slug}/share.jpg"
    first = client.get(url).content
    assert client.get(url).content == first
    assert len(drawn) == 1

    give(page=alice_page, amount_minor=1_000)
    assert client.get(url).content != first
    assert [card.raised for card in drawn] == ["US$0.00", "US$10.00"]


def test_the_advocates_photo_is_in_the_picture_and_otherwise_their_initial(client, campaign, charlie):
    client.force_login(charlie)
    photo = testing.page_form(photo_alt="Charlie in a green tie")
    green = (30, 160, 60)
    photo["photo"] = io.BytesIO(png_bytes(size=(600, 800), color=green))
    photo["photo"].name = "me.png"
    assert client.post("/me/setup/", photo).status_code == 302
    page = AdvocatePage.objects.get()
    client.logout()

    centre = (share_images.MARGIN + 210, PHOTO_TOP + 210)
    corner = (share_images.MARGIN + 30, PHOTO_TOP + 30)
    with_photo = picture(client, f"/p/{page.slug}/share.jpg")
    assert near(with_photo.getpixel(centre), green) and near(with_photo.getpixel(corner), green)

    page.photo, page.photo_thumbnail = "", ""
    page.save(update_fields=["photo", "photo_thumbnail"])
    initial = picture(client, f"/p/{page.slug}/share.jpg")
    assert near(initial.getpixel(corner), PLACEHOLDER, 6)


def test_a_team_link_shares_its_own_picture(client, campaign, alice_page, team):
    give(team=team, amount_minor=125_000)  # US$1,250 of US$5,000
    html = client.get(team.get_absolute_url()).content.decode()
    found = re.search(r'<meta property="og:image" content="http://testserver(/t/[^"?]+)\?lang=en&amp;v=1">', html)
    assert found is not None and found.group(1) == f"/t/{team.slug}/share.jpg"
    assert '<meta property="og:image:alt" content="Tie One On: US$1,250.00 raised of US$5,000, 25% of goal.">' in html
    assert filled_share(picture(client, found.group(1))) == pytest.approx(0.25, abs=0.01)


def test_hidden_and_unknown_pages_have_no_picture(client, campaign, alice_page):
    alice_page.is_published = False
    alice_page.save(update_fields=["is_published"])
    for url in (f"/p/{alice_page.slug}/share.jpg", "/p/nobody/share.jpg", "/t/nobody/share.jpg"):
        assert client.get(url).status_code == 404, url


# Letters of Latin-1, and of the other scripts and the emoji the picture draws in fonts of their own.
letters = st.one_of(
    st.characters(codec="latin-1", categories=["L", "N"]),
    st.sampled_from("陈 美 さ ド 김 민 प्रि क ส ม ស ម ሕ 👗 ✊🏽 🇨🇦 ❤\ufe0f".split()),
)
words = st.lists(letters, min_size=1, max_size=40).map("".join)
phrases = st.lists(words, min_size=1, max_size=30).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(headline=phrases, byline=phrases, raised=st.integers(0, 10**13), goal=st.integers(1, 10**13), fr=st.booleans())
@override_settings(LANGUAGE_CODE="en")
def test_whatever_the_words_they_fit_beside_the_photo_and_above_the_footer(headline, byline, raised, goal, fr):
    """A 120-character title, an unbroken 40-letter word or a ten-figure sum, in any script, is
    wrapped, shrunk or cut with "…", never drawn over the footer or past the right edge."""
    from jfa.core.money import Money

    language = "fr" if fr else "en"
    card = ShareCard(
        kicker="Dress for Freedom 2026",
        headline=headline[:120],
        byline=byline,
        raised=Money(raised, "CAD").format(language=language),
        of_goal=("amassés sur %s" if fr else "raised of %s") % Money(goal, "CAD").format(language=language),
        progress_line="100 % de l’objectif · 1 234 dons",
        bar_percent=min(100, raised * 100 // goal),
        footer="Justice For All",
        initial="A",
    )
    column = share_images.text_column(card)
    assert column.height <= share_images.HEIGHT - share_images.FOOTER_HEIGHT - share_images.TOP_BAR
    width = share_images.TEXT_WIDTH
    for text, face in ((card.headline, Face(42, bold=True)), (card.byline, Face(24))):
        assert all(face.length(line) <= width for line in share_images._wrap(text, face, width, max_lines=2))


def lettering_card(headline: str, initial: str = "A") -> ShareCard:
    return ShareCard(
        kicker="Dress for Freedom 2026",
        headline=headline,
        byline=f"{headline} is wearing a dress every day of December.",
        raised="CA$1,121.50",
        of_goal="raised of CA$500",
        progress_line="224% of goal · 16 gifts",
        bar_percent=100,
        footer="Justice For All",
        initial=initial,
    )


# Letters that stand alone (no vowel marks), so a name backwards is letters in another order.
@pytest.mark.parametrize("name", ["陈美玲", "佐藤さくら", "김민지", "कमल", "กมล", "សខល", "ምሕረት"])
def test_a_name_in_any_script_is_drawn_in_its_letters_not_as_boxes(name):
    """Each character missing from the main font used to be the same empty box, so a name and the
    same name backwards came out as the same picture."""
    drawn = share_images.text_column(lettering_card(name)).tobytes()
    assert drawn != share_images.text_column(lettering_card(name[::-1])).tobytes()

    def portrait(initial: str) -> bytes:
        image = Image.open(io.BytesIO(share_images.draw(lettering_card("Aisha", initial=initial))))
        return image.crop((share_images.MARGIN, PHOTO_TOP, share_images.MARGIN + 420, PHOTO_TOP + 420)).tobytes()

    assert portrait(name[0]) != portrait(name[-1])


def test_a_right_to_left_name_starts_its_left_to_right_sentence():
    """The byline is an English or French sentence: an Arabic name at its start stays at the left,
    instead of the sentence being laid out right to left around it."""
    face = Face(24)

    def line(text: str) -> Image.Image:
        image = Image.new("RGB", (700, 40), (255, 255, 255))
        face.draw(image, (0, 0), text, (0, 0, 0))
        return image

    name = "عائشة حداد"
    width = round(face.length(name))
    alone, in_sentence = line(name), line(f"{name} is wearing a dress every day of December.")
    assert alone.crop((0, 0, width, 40)).tobytes() == in_sentence.crop((0, 0, width, 40)).tobytes()
    assert ImageOps.invert(in_sentence.crop((width + 2, 0, 700, 40)).convert("L")).getbbox()  # the English follows


def wrapped(text: str, *, size: int = 42) -> list[str]:
    return share_images._wrap(text, Face(size, bold=True), share_images.TEXT_WIDTH, max_lines=2)


def test_a_title_written_without_spaces_wraps_between_its_characters():
    """Chinese and Japanese titles have no spaces: a long one used to be a single word, cut after
    a dozen characters on one line."""
    chinese = "陈美玲为反对现代奴隶制度而每天穿裙子整个十二月"  # 24 characters, two lines at 42 px
    lines = wrapped(chinese)
    assert len(lines) == 2 and "".join(lines) == chinese

    japanese = "さくらは十二月の毎日、奴隷制に反対してドレスを着ます。応援してください。"
    lines = wrapped(japanese, size=56)
    assert len(lines) == 2 and lines[1].endswith("…")
    assert not any(line[0] in "、。" for line in lines)  # closing punctuation never starts a line


def test_a_cut_title_ends_on_a_whole_word():
    lines = wrapped("Aisha wears a dress for freedom all December long, every single day")
    assert lines == ["Aisha wears a dress for", "freedom all December…"]
    assert wrapped("Supercalifragilisticexpialidociouslyyours " * 3, size=56)[0].endswith("…")
    # Chinese has no words to keep whole: a space early on does not cost the rest of the line.
    chinese = "陈美玲 为反对现代奴隶制度而每天穿裙子整个十二月都不停止为反对现代奴隶制度而每天穿裙子整个十二月都不停止"
    assert len(share_images._clip(chinese, Face(42, bold=True), share_images.TEXT_WIDTH)) > 10


def colourful(text: str, size: int = 56) -> bool:
    """Whether ``text`` drawn in black ink on white shows colour anywhere (an emoji picture)."""
    image = Image.new("RGB", (800, 120), (255, 255, 255))
    Face(size, bold=True).draw(image, (0, 0), text, (0, 0, 0))
    return any(max(pixel) - min(pixel) > 50 for _, pixel in image.getcolors(maxcolors=800 * 120))


def test_emoji_in_a_title_are_drawn_in_colour_each_as_one_picture():
    """A title like "👗 Aisha wears a dress for freedom ✊🏽" is common; its emoji used to be boxes."""
    assert colourful("👗 Aisha") and colourful("✊🏽") and colourful("🇨🇦")
    assert not colourful("Aisha wears a dress")
    # A heart asked for as an emoji is the red picture; a plain one stays a letter in the title's ink.
    assert colourful("I ❤\ufe0f freedom") and not colourful("I ❤ freedom")
    # A family, a couple, a skin tone or a flag joined from several characters is one picture wide.
    face = Face(56, bold=True)
    one = face.length("👗")
    for joined in ("👩\u200d❤\ufe0f\u200d👨", "✊🏽", "🇨🇦", "1\ufe0f\u20e3"):
        assert face.length(joined) == pytest.approx(one, rel=0.1), joined


def test_the_initial_drawn_in_place_of_a_photo_is_the_names_first_letter(campaign, alice, alice_page, team):
    progress = queries.progress(TotalScope.TEAM, team.pk, team.goal)
    for name, initial in (("🇨🇦 Tie One On", "T"), ("👗 dress squad", "D"), ("陈美玲", "陈"), ("👗👗", "👗")):
        team.name = name
        assert share_images.team_card(team, progress).initial == initial, name


@pytest.mark.parametrize(
    "text, cut_before",
    [
        ("🇨🇦🇨🇦🇨🇦🇨🇦🇨🇦🇨🇦🇨🇦🇨🇦🇨🇦🇨🇦🇨🇦🇨🇦🇨🇦", "\U0001f1e6"),  # never half a flag
        ("प्रियाप्रियाप्रियाप्रियाप्रियाप्रियाप्रियाप्रिया", "्ािर"),  # nor a consonant from its marks
        ("👩\u200d❤\ufe0f\u200d👨" * 14, "\u200d❤\ufe0f👨"),  # nor a couple into two people
    ],
)
def test_a_title_too_long_is_cut_between_whole_letters(text, cut_before):
    face = Face(42, bold=True)
    for width in range(80, 500, 3):
        line = share_images._clip(text, face, width)
        kept = line[:-1]
        assert line.endswith("…") and text.startswith(kept)
        assert text[len(kept)] not in cut_before, width


def test_the_footer_is_never_cut_in_either_language(campaign, alice_page, team):
    """The French footer is longer than the English one: it used to end "qui luttent contre…"."""
    progress = queries.progress(TotalScope.TEAM, team.pk, team.goal)
    for language in ("en", "fr"):
        with translation.override(language):
            text = share_images.team_card(team, progress).footer
        line, face = share_images.footer_line(text)
        assert line == text and face.length(line) <= share_images.WIDTH - 2 * share_images.MARGIN, language


def test_after_the_campaign_the_picture_speaks_of_december_in_the_past(campaign, alice_page, time_machine):
    import datetime

    progress = queries.progress(TotalScope.PAGE, alice_page.pk, alice_page.goal)
    page = AdvocatePage.objects.select_related("campaign").get(pk=alice_page.pk)
    during = share_images.page_card(page, progress)
    time_machine.move_to(datetime.datetime(2027, 1, 5, 15, tzinfo=datetime.UTC))
    after = share_images.page_card(page, progress)
    assert after.byline == "Alice took up the challenge of wearing a dress every day of December 2026."
    assert after.cache_key != during.cache_key  # a new picture, not the one drawn in December
    with translation.override("fr"):
        assert share_images.page_card(page, progress).byline == (
            "Alice a relevé le défi de porter une robe chaque jour de décembre 2026."
        )
