"""Small factories shared by every test package."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from participation.models import Parent

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("first_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            group, _ = Group.objects.get_or_create(name=extracted)
            self.groups.add(group)
        self.save()
        EmailAddress.objects.get_or_create(
            user=self, email=self.email, defaults={"verified": True, "primary": True}
        )


def make_user(role: Role | None = None, **kwargs) -> User:
    return UserFactory(role=role, **kwargs)


class ParentFactory(factory.django.DjangoModelFactory):
    """A core-group parent with their own account. The name has two words, so that a page that
    must show the first name only can be checked for the rest."""

    class Meta:
        model = Parent
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, role=Role.PARENT)
    preferred_name = factory.Sequence(lambda n: f"Parent{n} Surname")
    region = "Leeds"

    @factory.post_generation
    def interests(self, create, extracted, **kwargs):
        if create and extracted:
            self.interests.set(extracted)
