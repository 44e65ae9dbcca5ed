"""The compute API: paste filters, routes, handlers, views and schemas."""

from translator.conf import CONF


def pipeline_factory(loader, global_conf, **local_conf):
    """paste.deploy composite that builds the pipeline named by ``[api] auth_strategy``."""
    pipeline = local_conf[CONF.api.auth_strategy].split()
    app = loader.get_app(pipeline[-1])
    for name in reversed(pipeline[:-1]):
        app = loader.get_filter(name)(app)
    return app
