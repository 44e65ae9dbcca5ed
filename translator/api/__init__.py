"""The compute API: paste filters, routes, handlers, views and schemas."""
