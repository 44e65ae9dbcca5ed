"""The HTTP plumbing both APIs are built on, the compute API (``translator/api``) and
the Glance v2 subset (``translator/image``): the request and its per-request state,
JSON bodies and responses, Nova's fault bodies, routing, links and the paste pipeline.
Nothing here knows a resource."""
