"""Which address a request came from, for the login throttle and the access log alike.

`X-Real-IP` and `X-Forwarded-For` are believed only when the peer that sent them is one
of our own proxies (TRUSTED_PROXIES); from anyone else they are the client's own words,
and a client that could choose its address would dodge every per-address limit.

No Django here: gunicorn's access log (gunicorn.conf.py) uses it before Django loads.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Loopback only: the documented topology runs nginx on the same host as gunicorn.
DEFAULT_TRUSTED_PROXIES = ("127.0.0.1/32", "::1/128")


def parse_networks(specs: Iterable[str]) -> tuple[Network, ...]:
    """CIDRs (or single addresses); ValueError names the first one that is not."""
    networks = []
    for spec in specs:
        spec = spec.strip()
        if not spec:
            continue
        try:
            networks.append(ipaddress.ip_network(spec, strict=False))
        except ValueError:
            raise ValueError(f"TRUSTED_PROXIES: {spec!r} is not an address or a CIDR") from None
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(text: str, trusted: tuple[Network, ...]) -> bool:
    address = _address(text)
    return address is not None and any(address in network for network in trusted)


def client_address(
    *, peer: str, real_ip: str, forwarded_for: str, trusted: tuple[Network, ...]
) -> str:
    """The client's address: the peer's own, unless the peer is a trusted proxy; then
    X-Real-IP (nginx overwrites it), else the nearest X-Forwarded-For hop that is not
    one of our proxies."""
    if not _trusted(peer, trusted):
        return peer
    if _address(real_ip) is not None:
        return real_ip.strip()
    for hop in reversed(forwarded_for.split(",")):
        if _address(hop) is None:
            break
        if not _trusted(hop, trusted):
            return hop.strip()
    return peer
