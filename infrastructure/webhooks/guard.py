"""SSRF protection: which addresses a webhook may reach, checked on the address actually connected to.

Refused by default (`refusal`): loopback, private (RFC 1918, fc00::/7), shared (100.64/10), link-local
(169.254/16 with the cloud metadata address 169.254.169.254, fe80::/10), multicast, unspecified, reserved,
documentation and benchmarking ranges — anything not globally routable — and the same addresses hidden in
IPv6 (IPv4-mapped ::ffff:a.b.c.d, 6to4, Teredo). A host name is resolved and *every* address it has must
pass; the delivery then connects to the vetted address itself (the name is sent as Host and TLS SNI), so a
second DNS answer cannot swap in another address (no rebinding window). `localhost` and `*.localhost` are
loopback whatever the resolver says (RFC 6761). Redirects are never followed.

On-premises use: WEBHOOK_ALLOW_PRIVATE=true lets every address through; WEBHOOK_ALLOWED_HOSTS lists host
names (exact) or networks (CIDR) let through although private.
"""

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from application.webhooks.ports import TargetGuard
from domain.webhooks.exceptions import WebhookTargetRefusedError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
RESOLVE_TIMEOUT_SECONDS = 5.0
METADATA = ipaddress.ip_address("169.254.169.254")
LOOPBACK = ipaddress.ip_address("127.0.0.1")


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    return None


def refusal(address: IPAddress) -> str | None:
    """Why a webhook may not connect to `address` by default; None when it may (a public address)."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None:
            reason = refusal(inner)
            return f"{reason} (inside the IPv6 address {address})" if reason else None
    if address == METADATA:
        return f"{address} is the cloud metadata address"
    for test, kind in (
        (address.is_unspecified, "unspecified"),
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_private, "a private address"),
        (address.is_reserved, "a reserved address"),
    ):
        if test:
            return (
                f"{address} is {kind}" if kind != "unspecified" else f"{address} is the unspecified address"
            )
    if not address.is_global:
        return f"{address} is not a public address"
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class AddressRules:
    allow_private: bool = False
    allowed_hosts: frozenset[str] = frozenset()
    allowed_networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, allow_private: bool, allowed: Iterable[str]) -> "AddressRules":
        hosts, networks = set(), []
        for item in (entry.strip() for entry in allowed):
            if not item:
                continue
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                hosts.add(item.lower().rstrip("."))
        return cls(
            allow_private=allow_private, allowed_hosts=frozenset(hosts), allowed_networks=tuple(networks)
        )

    def refusal(self, host: str, address: IPAddress) -> str | None:
        if self.allow_private or host.lower().rstrip(".") in self.allowed_hosts:
            return None
        if any(address in network for network in self.allowed_networks):
            return None
        mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
        if mapped is not None and any(mapped in network for network in self.allowed_networks):
            return None
        return refusal(address)


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


class ResolvingGuard(TargetGuard):
    """Resolves a URL's host and vets every address (the module's rules)."""

    def __init__(self, rules: AddressRules) -> None:
        self._rules = rules

    async def vet(self, url: str) -> None:
        """At creation: a refused address is refused now; a name that does not resolve (yet) is let be,
        the delivery checks it again."""
        try:
            await self.resolve(url)
        except OSError:
            return

    async def resolve(self, url: str) -> tuple[str, IPAddress, int]:
        """(host, the address to connect to, port); raises WebhookTargetRefusedError, or OSError when the
        name does not resolve."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        literal = _literal(host)
        name = host.lower().rstrip(".")
        if literal is None and (name == "localhost" or name.endswith(".localhost")):
            literal = LOOPBACK  # RFC 6761: always loopback, whatever a resolver answers (or fails to)
        if literal is not None:
            addresses: list[IPAddress] = [literal]
        else:
            loop = asyncio.get_running_loop()
            async with asyncio.timeout(RESOLVE_TIMEOUT_SECONDS):
                infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            addresses = []
            for info in infos:
                address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
                if address not in addresses:
                    addresses.append(address)
            if not addresses:
                raise OSError(f"{host} has no address")
        for address in addresses:
            reason = self._rules.refusal(host, address)
            if reason is not None:
                shown = reason if _literal(host) is not None else f"{host} resolves to {reason}"
                raise WebhookTargetRefusedError(
                    f"Webhooks may not reach this host: {shown}. The operator can allow it "
                    "(WEBHOOK_ALLOW_PRIVATE, WEBHOOK_ALLOWED_HOSTS).",
                    details={"host": host[:200], "address": str(address)},
                )
        return host, addresses[0], port
