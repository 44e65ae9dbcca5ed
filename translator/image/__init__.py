"""The Glance v2 subset that OpenStack clients need next to the compute API.

Mounted at ``/image`` (catalog type ``image``): version discovery, image list and
show with the filters clients use, the image schemas, and update and delete of a
project's own snapshots. Images live in the Arktos catalog (``translator.backend``).
"""
