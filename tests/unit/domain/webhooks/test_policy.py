import ipaddress
import random
import uuid
from datetime import timedelta

import pytest

from domain.accounts.entities import Role
from domain.webhooks.entities import AttemptResult, DeliveryState, Endpoint, SigningSecret
from domain.webhooks.exceptions import InvalidWebhookError
from domain.webhooks.policy import RetryPolicy, after_attempt, check_url, hears, sees_restricted
from infrastructure.webhooks.guard import AddressRules, refusal
from infrastructure.webhooks.sender import retry_after
from tests.unit.fakes import NOW

POLICY = RetryPolicy(schedule=(10.0, 100.0), disable_after=timedelta(days=5))


def endpoint(role: Role = Role.USER, **overrides: object) -> Endpoint:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "account_id": uuid.uuid4(),
        "key_id": uuid.uuid4(),
        "role": role,
        "url": "https://example.com/h",
        "event_types": ["submission.judged"],
        "problem_id": None,
        "description": "",
        "secrets": [SigningSecret(value="whsec_AAAA")],
        "created_at": NOW,
    }
    values.update(overrides)
    return Endpoint(**values)  # type: ignore[arg-type]


def test_any_2xx_is_delivered_and_the_endpoint_healthy_again() -> None:
    for status in (200, 201, 204, 299):
        after = after_attempt(AttemptResult(status=status), 1, POLICY, NOW - timedelta(days=1), NOW)
        assert (after.state, after.endpoint_failing_since, after.disable_endpoint) == (
            DeliveryState.DELIVERED,
            None,
            None,
        )


def test_failures_follow_the_schedule_with_jitter_then_fail() -> None:
    rng = random.Random(1)
    first = after_attempt(AttemptResult(status=500), 1, POLICY, None, NOW, rng)
    assert first.state is DeliveryState.PENDING
    assert first.next_attempt_at is not None
    assert timedelta(seconds=8) <= first.next_attempt_at - NOW <= timedelta(seconds=12)
    assert first.endpoint_failing_since == NOW
    second = after_attempt(AttemptResult(status=None, error="timeout"), 2, POLICY, NOW, NOW, rng)
    assert second.next_attempt_at is not None
    assert timedelta(seconds=80) <= second.next_attempt_at - NOW <= timedelta(seconds=120)
    last = after_attempt(AttemptResult(status=500), 3, POLICY, NOW, NOW, rng)
    assert (last.state, last.next_attempt_at) == (DeliveryState.FAILED, None)


def test_jitter_spreads_the_retries() -> None:
    rng = random.Random(7)
    delays = {
        after_attempt(AttemptResult(status=500), 1, POLICY, None, NOW, rng).next_attempt_at for _ in range(20)
    }
    assert len(delays) > 10


def test_retry_after_wins_over_the_schedule_and_is_capped() -> None:
    soon = after_attempt(AttemptResult(status=429, retry_after_seconds=3), 1, POLICY, None, NOW)
    assert soon.next_attempt_at == NOW + timedelta(seconds=3)
    capped = after_attempt(AttemptResult(status=503, retry_after_seconds=10**9), 1, POLICY, None, NOW)
    assert capped.next_attempt_at == NOW + timedelta(days=1)


def test_410_fails_and_disables() -> None:
    after = after_attempt(AttemptResult(status=410), 1, POLICY, None, NOW)
    assert after.state is DeliveryState.FAILED
    assert after.disable_endpoint is not None


def test_an_endpoint_failing_for_too_long_is_disabled() -> None:
    recent = after_attempt(AttemptResult(status=500), 1, POLICY, NOW - timedelta(days=4), NOW)
    assert recent.disable_endpoint is None
    old = after_attempt(AttemptResult(status=500), 1, POLICY, NOW - timedelta(days=5, seconds=1), NOW)
    assert old.disable_endpoint is not None
    assert "failed since" in old.disable_endpoint


def test_hearing_follows_reading() -> None:
    user, author, admin = endpoint(Role.USER), endpoint(Role.AUTHOR), endpoint(Role.ADMIN)
    someone, problem = uuid.uuid4(), uuid.uuid4()
    kind = "submission.judged"
    assert hears(user, kind, user.account_id, problem, None)
    assert not hears(user, kind, someone, problem, user.account_id)  # a user key does not manage problems
    assert hears(author, kind, someone, problem, author.account_id)
    assert not hears(author, kind, someone, problem, uuid.uuid4())
    assert hears(admin, kind, someone, problem, None)
    assert not hears(user, "submission.created", user.account_id, problem, None)
    scoped = endpoint(Role.AUTHOR, problem_id=problem)
    assert hears(scoped, kind, scoped.account_id, problem, None)
    assert not hears(scoped, kind, scoped.account_id, uuid.uuid4(), None)
    disabled = endpoint(enabled=False)
    assert not hears(disabled, kind, disabled.account_id, problem, None)


def test_restricted_fields_only_for_managers() -> None:
    author, user, admin = endpoint(Role.AUTHOR), endpoint(Role.USER), endpoint(Role.ADMIN)
    assert sees_restricted(author.principal, author.account_id)
    assert not sees_restricted(author.principal, uuid.uuid4())
    assert not sees_restricted(user.principal, user.account_id)
    assert sees_restricted(admin.principal, None)


def test_rotation_keeps_the_old_secret_until_the_overlap_ends() -> None:
    hook = endpoint()
    hook.rotate("whsec_BBBB", NOW, NOW + timedelta(hours=1))
    assert hook.signing_secrets(NOW) == ["whsec_BBBB", "whsec_AAAA"]
    assert hook.signing_secrets(NOW + timedelta(hours=1)) == ["whsec_BBBB"]
    hook.rotate("whsec_CCCC", NOW + timedelta(minutes=30), NOW + timedelta(hours=5))
    # the oldest secret never outlives its first overlap
    assert hook.signing_secrets(NOW + timedelta(hours=2)) == ["whsec_CCCC", "whsec_BBBB"]


@pytest.mark.parametrize(
    "url",
    [
        "ftp://x.org/",
        "http://",
        "x.org/hook",
        "http://u:p@x.org/",
        "http://x.org:0/",
        "http://x.org/a b",
        "h" * 2001,
    ],
)
def test_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(InvalidWebhookError):
        check_url(url)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.255.0.9",
        "10.0.0.1",
        "172.31.255.255",
        "192.168.0.1",
        "100.64.0.1",
        "169.254.169.254",
        "169.254.0.1",
        "0.0.0.0",
        "224.0.0.251",
        "239.1.1.1",
        "255.255.255.255",
        "192.0.2.1",
        "198.18.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "2002:7f00:0001::",
        "2001:db8::1",
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


def test_the_metadata_address_is_named() -> None:
    reason = refusal(ipaddress.ip_address("169.254.169.254"))
    assert reason is not None
    assert "metadata" in reason


def test_allow_list_by_name_and_network() -> None:
    rules = AddressRules.parse(False, ["hooks.intranet", "10.1.0.0/16", " ", "HOOKS2.intranet."])
    private = ipaddress.ip_address("10.9.0.1")
    assert rules.refusal("hooks.intranet", private) is None
    assert rules.refusal("hooks2.intranet", private) is None
    assert rules.refusal("other.intranet", private) is not None
    assert rules.refusal("x", ipaddress.ip_address("10.1.2.3")) is None
    assert rules.refusal("x", ipaddress.ip_address("::ffff:10.1.2.3")) is None
    assert AddressRules.parse(True, []).refusal("x", ipaddress.ip_address("127.0.0.1")) is None


def test_retry_after_header_forms() -> None:
    assert retry_after("120", NOW) == 120.0
    assert retry_after(None, NOW) is None
    assert retry_after("soon", NOW) is None
    assert retry_after("-5", NOW) is None
    date = (NOW + timedelta(seconds=30)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert retry_after(date, NOW) == 30.0
