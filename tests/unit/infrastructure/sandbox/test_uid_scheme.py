import fcntl
import os
from pathlib import Path

import pytest

from infrastructure.sandbox.instance import InstanceError, claim_instance, host_accounts_among
from infrastructure.uid_scheme import ID_LIMIT, UidScheme, UidSchemeError


def test_a_slot_uid_is_base_plus_instance_times_stride_plus_slot() -> None:
    scheme = UidScheme(base=2_000_000_000, stride=1024)
    assert scheme.slot_id(0, 0) == 2_000_000_000
    assert scheme.slot_id(0, 1023) == 2_000_001_023
    assert scheme.slot_id(3, 5) == 2_000_003_077


def test_no_two_instance_slot_pairs_share_a_uid_and_all_stay_below_the_id_limit() -> None:
    scheme = UidScheme(base=ID_LIMIT - 4 * 3 - 1, stride=4)
    ids = [scheme.slot_id(i, s) for i in range(scheme.instances) for s in range(4)]
    assert scheme.instances == 3
    assert len(set(ids)) == len(ids)
    assert max(ids) < ID_LIMIT


@pytest.mark.parametrize(("instance", "slot"), [(0, 1024), (0, -1), (-1, 0), (2_241_179, 0)])
def test_a_slot_or_instance_outside_the_range_has_no_uid(instance: int, slot: int) -> None:
    with pytest.raises(UidSchemeError):
        UidScheme(base=2_000_000_000, stride=1024).slot_id(instance, slot)


@pytest.mark.parametrize(
    ("base", "stride"), [(65534, 1024), (1000, 16), (ID_LIMIT - 10, 1024), (2_000_000_000, 0)]
)
def test_a_scheme_reaching_host_accounts_or_past_the_id_limit_is_refused(base: int, stride: int) -> None:
    assert UidScheme(base, stride).problems()


def test_instances_are_the_first_free_numbers_and_come_back_when_released(tmp_path: Path) -> None:
    scheme = UidScheme()
    first, second = claim_instance(tmp_path, scheme, 4), claim_instance(tmp_path, scheme, 4)
    assert (first.number, second.number) == (0, 1)
    assert first.slot_id(3) == scheme.base + 3
    assert second.slot_id(0) == scheme.base + scheme.stride
    first.release()
    third = claim_instance(tmp_path, scheme, 4)
    assert third.number == 0
    second.release()
    third.release()


def test_a_number_locked_by_another_open_file_is_skipped(tmp_path: Path) -> None:
    held = os.open(tmp_path / "instance-0.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        claim = claim_instance(tmp_path, UidScheme(), 2)
        assert claim.number == 1
        claim.release()
    finally:
        os.close(held)


def test_more_slots_than_the_stride_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InstanceError, match="do not fit"):
        claim_instance(tmp_path, UidScheme(stride=8), 9)


def test_a_runtime_dir_others_may_write_is_refused(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    with pytest.raises(InstanceError, match="writable by it alone"):
        claim_instance(shared, UidScheme(), 2)


def test_host_accounts_among_names_the_users_and_groups_that_hold_an_id() -> None:
    assert "user root=0" in host_accounts_among([0])
    assert "group root=0" in host_accounts_among([0])
    assert host_accounts_among([UidScheme().slot_id(0, 0)]) == []
