"""gunicorn's access log with the client's address as the login throttle sees it: the
peer's own unless the peer is one of TRUSTED_PROXIES (gunicorn's forwarded_allow_ips,
set from the same variable in gunicorn.conf.py), so a client cannot write another
address into our log with an X-Real-IP header."""

from __future__ import annotations

from functools import cached_property

from gunicorn.glogging import Logger

from gymintel.client_address import Network, client_address, parse_networks


class AccessLogger(Logger):
    @cached_property
    def _trusted(self) -> tuple[Network, ...]:
        return parse_networks(a for a in self.cfg.forwarded_allow_ips if a != "*")

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["client"] = client_address(
            peer=environ.get("REMOTE_ADDR", ""),
            real_ip=environ.get("HTTP_X_REAL_IP", ""),
            forwarded_for=environ.get("HTTP_X_FORWARDED_FOR", ""),
            trusted=self._trusted,
        )
        return atoms
