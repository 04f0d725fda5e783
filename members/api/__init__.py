"""The member JSON API: profile, logs, check-ins, saved meals (docs/MEMBER_API.md).

One small view per resource, nested Input/Output serializers. Hot lists are served from
`values()` dicts; the Output serializers document the shape for OpenAPI and are checked
against the dicts in the tests.
"""
