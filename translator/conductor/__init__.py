"""``translator-conductor``: moves the servers' long tasks on, as nova-conductor does.

The API records a task on a server's pod and asks Arktos for the work; it never
writes on a read. The conductor list-watches the pods that record a task
(``informer``), reads the Actions of the namespaces that wait for one, and writes the
next step (``reconciler``, deciding with the pure ``backend.arktos.tasks.next_step``):
the second half of a power cycle, clearing a finished task (a fault for a failed one),
a snapshot image becoming ``active`` or ``killed``, the end of a task past its
deadline. Every write is conditional on the resourceVersion it read, so any number of
conductors can run at once: of two that decide the same step, Arktos lets one write it
and refuses the other (409), which simply reads again. Each conductor renews a Lease
(``lease``) that the API's healthcheck and operators read.
"""
