"""Which uid (and gid, the same number) a sandbox slot's programs run as: pure arithmetic, so both the
settings (to refuse a scheme that cannot work) and the sandbox may use it without importing each other.

    uid = base + instance * stride + slot

`instance` is the number a sandbox claims on this host when it starts (`infrastructure/sandbox/instance.py`:
an exclusive lock per number), so two workers on one host never share a uid, and `slot` is the slot's index,
so two slots of one worker never do either. The whole range sits far above any account (the default base is
two billion) and below 2**32 - 1, which `setresuid` reads as "unchanged".
"""

from dataclasses import dataclass

ID_LIMIT = 2**32 - 1  # (uid_t)-1 is not a uid; every id of the scheme is below it
DEFAULT_UID_BASE = 2_000_000_000
DEFAULT_UID_STRIDE = 1024
LOWEST_BASE = 65_536  # 16-bit ids (0…65535) are where distributions put accounts, 65534 included


class UidSchemeError(ValueError):
    """The scheme cannot give this slot or instance a uid; the message says why."""


@dataclass(frozen=True, slots=True)
class UidScheme:
    base: int = DEFAULT_UID_BASE
    stride: int = DEFAULT_UID_STRIDE  # slots per instance: the most one sandbox can have

    def problems(self) -> list[str]:
        """Why the scheme is unusable ([] when it is fine)."""
        found = []
        if self.base < LOWEST_BASE:
            found.append(f"the uid base {self.base} is below {LOWEST_BASE}, where host accounts live")
        if self.stride < 1:
            found.append(f"the uid stride {self.stride} must be at least 1")
        elif self.base + self.stride > ID_LIMIT:
            found.append(f"the uid base {self.base} leaves no room for {self.stride} slots below {ID_LIMIT}")
        return found

    @property
    def instances(self) -> int:
        """How many sandboxes one host can run at once under this scheme."""
        return max(0, (ID_LIMIT - self.base) // self.stride) if self.stride > 0 else 0

    def slot_id(self, instance: int, slot: int) -> int:
        """The uid and gid of `slot` of the sandbox that claimed `instance`."""
        if not 0 <= slot < self.stride:
            raise UidSchemeError(f"slot {slot} does not fit a uid stride of {self.stride}")
        if not 0 <= instance < self.instances:
            raise UidSchemeError(f"instance {instance} is past the {self.instances} this uid range holds")
        return self.base + instance * self.stride + slot
