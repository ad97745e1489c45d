"""Editors write and submit; approvers publish; editors see nothing of the working apps."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import Workflow

from home.models import StandardPage, StoryPage
from pace_site.accounts.roles import Role
from tests.factories import make_user

from .factories import StandardPageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db

WORKING_APPS = {"participation", "befriending", "events", "notifications", "audit", "accounts"}


def test_editors_can_add_and_change_pages_but_not_publish(home):
    editor = make_user(Role.EDITOR)
    permissions = home.permissions_for_user(editor)
    assert permissions.can_add_subpage()
    assert permissions.can_edit()
    assert not permissions.can_publish()
    admin = make_user(Role.ADMINISTRATOR)
    assert home.permissions_for_user(admin).can_publish()


def test_an_editor_submits_and_an_approver_publishes(home):
    editor = make_user(Role.EDITOR)
    approver = make_user(Role.ADMINISTRATOR)
    page = StandardPageFactory(parent=home, title="About Pace", slug="about", publish=False)
    workflow = page.get_workflow()
    assert workflow == Workflow.objects.get(name="Editorial review")

    page.save_revision(user=editor)
    state = workflow.start(page, editor)
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(page, editor) == []  # an editor cannot approve their own page
    assert [name for name, *_ in task.get_actions(page, approver)][:1] == ["reject"] or any(
        name == "approve" for name, *_ in task.get_actions(page, approver)
    )
    task.on_action(task_state, approver, "approve")
    page.refresh_from_db()
    assert page.live


def test_editors_hold_no_permission_of_the_working_apps():
    editor = Group.objects.get(name=Role.EDITOR)
    labels = set(
        Permission.objects.filter(group=editor).values_list("content_type__app_label", flat=True)
    )
    assert not labels & WORKING_APPS


def test_editor_uses_the_admin_for_the_site(signed_in_client, home):
    client = signed_in_client(make_user(Role.EDITOR))
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{home.pk}/").status_code == 200
    assert client.get("/admin/documents/").status_code == 200
    assert client.get("/admin/images/").status_code == 200


@pytest.mark.parametrize(
    ("role", "action"),
    [(Role.ADMINISTRATOR, "action-publish"), (Role.EDITOR, "action-submit")],
)
def test_publishing_a_story_without_consent_in_the_admin_says_why(
    signed_in_client, story_index, role, action
):
    client = signed_in_client(make_user(role))
    draft = StoryPageFactory(parent=story_index, title="Joe draft", slug="joe-draft", publish=False)
    form = client.get(f"/admin/pages/{draft.pk}/edit/")
    assert form.status_code == 200
    data = {
        "title": draft.title,
        "slug": draft.slug,
        "pseudonym": "Joe",
        "summary": "A summary.",
        "content_warning": "",
        "transcript": "",
        "consent": "",
        "body-count": "0",
        "partners-TOTAL_FORMS": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        action: action,
    }
    response = client.post(f"/admin/pages/{draft.pk}/edit/", data)
    assert "needs the parent&#x27;s active permission" in response.content.decode()
    story = StoryPage.objects.get(pk=draft.pk)
    assert not story.live and not story.workflow_in_progress


def test_the_consent_choice_shows_the_pseudonym_not_the_real_name(signed_in_client, story):
    client = signed_in_client(make_user(Role.EDITOR))
    html = client.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    assert "Joe (given" in html
    assert "Samantha" not in html
    assert "Joe&#x27;s story" not in html  # the detail can hold the parent's own words


def test_an_editor_sends_a_page_for_approval_in_the_admin(signed_in_client, home):
    editor = make_user(Role.EDITOR)
    client = signed_in_client(editor)
    page = StandardPageFactory(parent=home, title="About", slug="about", publish=False)
    data = {
        "title": "About Pace",
        "slug": "about",
        "intro": "Who we are.",
        "body-count": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "action-submit": "action-submit",
    }
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert not page.live
    # Publishing straight away is not open to an editor.
    data.pop("action-submit")
    data["action-publish"] = "action-publish"
    client.post(f"/admin/pages/{page.pk}/edit/", data)
    page.refresh_from_db()
    assert not page.live


def test_the_publish_hook_refuses_a_story_without_consent(rf, story_index):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from home.wagtail_hooks import refuse_story_without_consent

    draft = StoryPageFactory(parent=story_index, title="No consent yet", publish=False)
    request = rf.post("/admin/")
    request.session = {}
    request._messages = FallbackStorage(request)
    response = refuse_story_without_consent(request, draft)
    assert response.status_code == 302
    assert "needs the parent's active permission" in str(list(request._messages)[0])


def test_a_scheduled_page_is_published_by_the_beat_task(home):
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from home.tasks import publish_scheduled_pages

    page = StandardPageFactory(parent=home, title="Later", slug="later", publish=False)
    page.go_live_at = timezone.now() + timedelta(minutes=5)
    page.save_revision().publish()
    assert not StandardPage.objects.get(pk=page.pk).live
    publish_scheduled_pages()
    assert not StandardPage.objects.get(pk=page.pk).live
    revision = page.revisions.get(approved_go_live_at__isnull=False)
    # Five minutes pass.
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    publish_scheduled_pages()
    publish_scheduled_pages()  # a second run does nothing more
    assert StandardPage.objects.get(pk=page.pk).live
    assert "home-publish-scheduled" in settings.CELERY_BEAT_SCHEDULE


@pytest.mark.parametrize(
    ("model", "parent_fixture"),
    [
        ("standardpage", "home"),
        ("resourceindexpage", "home"),
        ("guidepage", "guides"),
        ("storyindexpage", "home"),
        ("storypage", "story_index"),
        ("newsindexpage", "home"),
        ("newspage", "news_index"),
    ],
)
def test_editors_can_open_the_form_for_each_page_type(
    request, signed_in_client, model, parent_fixture
):
    parent = request.getfixturevalue(parent_fixture)
    client = signed_in_client(make_user(Role.EDITOR))
    response = client.get(f"/admin/pages/add/home/{model}/{parent.pk}/")
    assert response.status_code == 200


def test_editors_open_the_edit_form_of_a_guide_and_the_home_page(
    signed_in_client, home, debt_bondage_guide
):
    client = signed_in_client(make_user(Role.EDITOR))
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{debt_bondage_guide.pk}/edit/").status_code == 200


def test_editors_see_a_pseudonym_and_nothing_else_of_the_parent(signed_in_client, story):
    from django.utils import timezone

    from .factories import make_parent, make_story_consent

    withdrawn = make_story_consent(
        make_parent(pseudonym="Wren", preferred_name="Wendy Private"), detail="Wren's words"
    )
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save()
    make_story_consent(
        make_parent(pseudonym="", preferred_name="Nora Nopseudonym"), detail="Nora's own words"
    )
    editor = make_user(Role.EDITOR)
    client = signed_in_client(editor)

    # Two revisions with different permissions, so compare and history have something to show.
    other = make_story_consent(make_parent(pseudonym="Kit", preferred_name="Katherine Secret"))
    story.save_revision(user=editor)
    story.consent = other
    story.save_revision(user=editor)
    first, second = story.revisions.order_by("pk")[:2]
    screens = [
        f"/admin/pages/{story.pk}/edit/",
        f"/admin/pages/{story.pk}/history/",
        f"/admin/pages/{story.pk}/revisions/compare/{first.pk}...{second.pk}/",
        f"/admin/pages/{story.pk}/revisions/{first.pk}/view/",
    ]
    for url in screens:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for secret in [
            "Samantha Realname",
            "Katherine Secret",
            "Wendy Private",
            "Nora Nopseudonym",
            "Joe's story",
            "Wren's words",
            "Nora's own words",
        ]:
            assert secret not in html, (url, secret)
    edit = client.get(screens[0]).content.decode()
    assert "Kit (given" in edit
    assert "Wren" not in edit  # withdrawn permissions are not offered
