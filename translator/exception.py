"""Exceptions the service raises; each carries the HTTP code it maps to.

The backend raises only these, and the API layer renders them as Nova faults
(``translator.web.faults``). ``safe`` messages are shown to the caller; the
message of an unsafe one (an unexpected 5xx) is replaced by a generic text.
"""


class TranslatorException(Exception):
    msg_fmt = 'An unknown exception occurred.'
    code = 500
    safe = False
    headers: dict = {}

    def __init__(self, message: str | None = None, **kwargs):
        self.kwargs = kwargs
        super().__init__(message or self.msg_fmt % kwargs)

    @property
    def message(self) -> str:
        return str(self)


class Invalid(TranslatorException):
    msg_fmt = 'Unacceptable parameters.'
    code = 400
    safe = True


class ValidationError(Invalid):
    msg_fmt = '%(detail)s'


class MarkerNotFound(Invalid):
    msg_fmt = 'marker [%(marker)s] not found'


class MalformedRequestBody(Invalid):
    msg_fmt = 'Malformed request body'


class FlavorNotFoundForCreate(Invalid):
    msg_fmt = 'Flavor %(flavor_id)s could not be found.'


class ServerGroupNotFoundForCreate(Invalid):
    msg_fmt = 'Instance group %(group_id)s could not be found.'


class ImageNotFoundForCreate(Invalid):
    msg_fmt = 'Can not find requested image'


class ImageNotActive(Invalid):
    msg_fmt = 'Image %(image_id)s is not active.'


class FlavorMemoryTooSmall(Invalid):
    msg_fmt = "Flavor's memory is too small for requested image."


class FlavorDiskSmallerThanMinDisk(Invalid):
    msg_fmt = ("Flavor's disk is smaller than the minimum size specified in image "
               'metadata. Flavor disk is %(flavor_size)i bytes, minimum size is '
               '%(image_min_disk)i bytes.')


class InvalidKeyName(Invalid):
    msg_fmt = 'Invalid key_name provided.'


class NetworkNotFound(Invalid):
    msg_fmt = 'Network %(network_id)s could not be found.'


class InvalidProjectMapping(Invalid):
    msg_fmt = ('Project %(project_id)s cannot be mapped to an Arktos %(kind)s: '
               '%(value)r is not a DNS-1123 label.')


class InvalidArktosName(Invalid):
    msg_fmt = '%(name)r is not a valid Arktos object name.'


class RestoreCannotChange(Invalid):
    msg_fmt = ('Rebuild from snapshot %(image_id)s restores the VM as it was: it cannot '
               'change %(fields)s.')


class QuotaLimitTooLow(Invalid):
    msg_fmt = ('Quota limit %(limit)s for %(resource)s must be greater than or equal to '
               'already used and reserved %(minimum)s.')


class InvalidQuotaClassName(Invalid):
    msg_fmt = ('Invalid input for field/attribute quota_class_name. Value: %(name)s. '
               'A quota class name consists of letters, digits, \'-\', \'_\' and \'.\' '
               '(at most 253).')


class ProjectIdMismatch(Invalid):
    msg_fmt = ("Malformed request URL: URL's project_id '%(url)s' doesn't match "
               "Context's project_id '%(context)s'")


class Forbidden(TranslatorException):
    msg_fmt = 'Forbidden'
    code = 403
    safe = True


class PolicyNotAuthorized(Forbidden):
    msg_fmt = "Policy doesn't allow %(action)s to be performed."


class NotFound(TranslatorException):
    msg_fmt = 'The resource could not be found.'
    code = 404
    safe = True


class InstanceNotFound(NotFound):
    msg_fmt = 'Instance %(instance_id)s could not be found.'


class FlavorNotFound(NotFound):
    msg_fmt = 'Flavor %(flavor_id)s could not be found.'


class ImageNotFound(NotFound):
    msg_fmt = 'Image %(image_id)s could not be found.'


class ServerGroupNotFound(NotFound):
    msg_fmt = 'Instance group %(group_id)s could not be found.'


class UnsupportedMediaType(TranslatorException):
    msg_fmt = 'Unsupported Content-Type'
    code = 415
    safe = True


class Conflict(TranslatorException):
    msg_fmt = 'There was a conflict when trying to complete your request.'
    code = 409
    safe = True


class FlavorExists(Conflict):
    msg_fmt = 'Flavor with ID %(flavor_id)s already exists.'


class InstanceInvalidState(Conflict):
    msg_fmt = "Cannot '%(action)s' instance %(server_id)s while it is in %(attr)s %(state)s"


class InstanceIsLocked(Conflict):
    msg_fmt = 'Instance %(server_id)s is locked'


class NotSupported(TranslatorException):
    """Nova's answer when the virt driver lacks a feature: 501 notImplemented."""

    msg_fmt = ('The requested functionality is not supported: Arktos offers no %(feature)s '
               'for virtual machines.')
    code = 501
    safe = True


class UserQuotasNotSupported(NotSupported):
    msg_fmt = ('The requested functionality is not supported: quotas apply to a whole '
               'project, there are no per-user quotas (user_id).')


class BackendUnavailable(TranslatorException):
    """Arktos cannot be reached, timed out, or is overloaded: worth retrying."""

    msg_fmt = 'The compute backend is unavailable: %(reason)s'
    code = 503
    safe = True

    def __init__(self, message: str | None = None, retry_after: int = 1, **kwargs):
        super().__init__(message, **kwargs)
        self.headers = {'Retry-After': str(retry_after)}


class BackendError(TranslatorException):
    """Arktos answered in a way the service did not expect (a bug or a misconfiguration)."""

    msg_fmt = 'The compute backend failed: %(reason)s'
    code = 500


class InvalidKeypair(Invalid):
    msg_fmt = 'Keypair data is invalid: %(reason)s'


class InvalidAvailabilityZone(Invalid):
    msg_fmt = 'The requested availability zone is not available'


class KeypairNotFound(NotFound):
    msg_fmt = 'Keypair %(name)s not found for user %(user_id)s'


class NetworkNotFoundItem(NotFound):
    msg_fmt = 'Network %(network_id)s could not be found.'


class AggregateNotFound(NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s could not be found.'


class AggregateNameExists(Conflict):
    msg_fmt = 'Aggregate %(aggregate_name)s already exists.'


class AggregateHostExists(Conflict):
    msg_fmt = 'Aggregate %(aggregate_id)s already has host %(host)s.'


class AggregateHostNotFound(NotFound):
    msg_fmt = 'Cannot remove host %(host)s in aggregate %(aggregate_id)s'


class InvalidAggregateActionAdd(Conflict):
    msg_fmt = 'Cannot add host to aggregate %(aggregate_id)s. Reason: %(reason)s.'


class InvalidAggregateAction(Invalid):
    msg_fmt = 'Cannot %(action)s aggregate %(aggregate_id)s. Reason: %(reason)s.'


class ComputeHostNotFound(NotFound):
    msg_fmt = 'Compute host %(host)s could not be found.'


class SecurityGroupNotFound(NotFound):
    msg_fmt = 'Security group %(security_group_id)s not found.'


class SubnetNotFound(NotFound):
    msg_fmt = 'Subnet %(subnet_id)s could not be found.'


class SecurityGroupRuleNotFound(NotFound):
    msg_fmt = 'Security group rule %(rule_id)s does not exist'


class NetworkResourceReadOnly(Forbidden):
    msg_fmt = '%(reason)s'


class SecurityGroupCannotRemoveDefault(Conflict):
    msg_fmt = 'Removing default security group not allowed.'


class ServerChanged(Conflict):
    msg_fmt = ('Cannot act on instance %(server_id)s: it changed while the request was '
               'handled (another action is in progress). Try again.')


class KeyPairExists(Conflict):
    msg_fmt = "Key pair '%(key_name)s' already exists."


class QuotaExceeded(Forbidden):
    msg_fmt = ('Quota exceeded for %(resource)s: Requested %(requested)d, but already used '
               '%(used)d of %(allowed)d %(resource)s')


class KeypairLimitExceeded(Forbidden):
    msg_fmt = 'Quota exceeded, too many key pairs.'


class ServerGroupLimitExceeded(Forbidden):
    msg_fmt = 'Quota exceeded, too many server groups.'


class GroupMemberLimitExceeded(Forbidden):
    msg_fmt = 'Quota exceeded, too many servers in group'


class MetadataLimitExceeded(Forbidden):
    msg_fmt = 'Maximum number of metadata items exceeds %(allowed)d'


class MetadataItemNotFound(NotFound):
    msg_fmt = 'Metadata item was not found'


class TagNotFound(NotFound):
    msg_fmt = 'Tag %(tag)s is not found.'


class InvalidTag(Invalid):
    msg_fmt = ("Tag '%(tag)s' is invalid. It must be a non empty string without characters "
               "'/' and ','. Validation error message: %(reason)s")


class TooManyTags(Invalid):
    msg_fmt = 'The number of tags exceeded the per-server limit %(allowed)d'


class NetworkNotFoundForInstance(NotFound):
    msg_fmt = 'Instance is not a member of specified network'


class PortNotFound(NotFound):
    msg_fmt = 'Port %(port_id)s could not be found.'


class RequestEntityTooLarge(TranslatorException):
    msg_fmt = 'Request Entity Too Large'
    code = 413
    safe = True


class Gone(TranslatorException):
    msg_fmt = 'The resource is gone.'
    code = 410
    safe = True


class RangeNotSatisfiable(TranslatorException):
    msg_fmt = 'Requested range not satisfiable'
    code = 416
    safe = True

    def __init__(self, size: int | None = None):
        super().__init__()
        self.headers = {'Content-Range': f'bytes */{size}'} if size is not None else {}


class LengthRequired(TranslatorException):
    msg_fmt = ('The image data needs a Content-Length, or chunked transfer encoding '
               'that the server decodes.')
    code = 411
    safe = True


class PlacementReadOnly(Forbidden):
    msg_fmt = ('The inventory of Arktos nodes is Arktos\'s (their capacity, allocatable '
               'and bound pods): %(what)s cannot be changed through the placement API.')


class PlacementVersionNotAcceptable(TranslatorException):
    msg_fmt = 'Unacceptable version header: %(version)s'
    code = 406
    safe = True
