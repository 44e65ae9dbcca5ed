"""The compute API's request: the shared one, plus the negotiated microversion."""

from translator.api import microversion
from translator.web import wsgi


class Request(wsgi.Request):

    @property
    def version(self) -> microversion.APIVersion:
        return microversion.from_environ(self.environ)
