"""Working groups across sites (FEP-1b12): groups as `Group` actors, members as `Person` actors,
messages as `Note`s in a topic's `context` (FEP-7888), live over ActivityPub.

An optional app (`collaboration.federation`, label `collaboration_federation`) for sites that
install both `collaboration` and `federation`; it uses only federation's extension points
(`federation.registry`, `federation.delivery.send`, signed fetch) and the verbs of
`collaboration.services`, so a remote message goes through the same checks as a local one.
"""
