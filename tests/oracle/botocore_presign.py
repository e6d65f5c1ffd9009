#!/usr/bin/env python3
"""botocore presigned-URL oracle for PresignTools.

Reads a JSON array of cases on stdin, writes a JSON array of results (same
order) on stdout.  Everything is offline and deterministic: the SigV4 clock is
pinned to each case's ``signingTime`` and no AWS config, credentials file,
environment variable or instance metadata is ever consulted.

    python3 tests/oracle/botocore_presign.py < cases.json > results.json
    python3 tests/oracle/botocore_presign.py --pretty < cases.json
    python3 tests/oracle/botocore_presign.py --version   # botocore version
    python3 tests/oracle/botocore_presign.py --shims     # clock patch + shims
    python3 tests/oracle/botocore_presign.py --no-compat < cases.json
                                   # old botocore as it is, no backported fixes

Works with botocore 1.29 (Debian 12's python3-botocore 1.29.27) through
current releases (the stored matrix was made with 1.43.11); see
"Old botocore" below.

Case (only "id", "bucket", "key", "region", "accessKey", "secretKey" are
required; defaults in brackets):

    id                 str
    method             "GET" | "HEAD" | "PUT" | "DELETE"            ["GET"]
    bucket, key        str  (the key is passed to botocore verbatim)
    region             str
    endpoint           str | null  custom endpoint_url              [null]
    pathStyle          true -> addressing_style 'path'
                       false -> 'virtual'
                       null / absent -> 'auto' (botocore default)   [null]
    accelerate         bool  s3.use_accelerate_endpoint             [false]
    dualstack          bool  s3.use_dualstack_endpoint              [false]
    usEast1Regional    true -> s3.us_east_1_regional_endpoint 'regional'
                       false -> 'legacy'
                       null / absent -> not set (botocore default = legacy)
    expires            int seconds (ExpiresIn)                      [3600]
    signingTime        "YYYY-MM-DDTHH:MM:SSZ"            [2013-05-24T00:00:00Z]
    accessKey, secretKey, sessionToken (str|null)
    versionId          str | null -> Params VersionId
    responseOverrides  {"response-content-disposition": ..., ...}
                       S3 query names -> ResponseContentDisposition etc.
                       (any member of the operation whose location is
                       'querystring' may be given by its wire name, e.g.
                       "partNumber")
    headers            {"Content-Type": "text/plain", "x-amz-meta-a": "b", ...}
                       Wire header name (case-insensitive) -> the operation's
                       input member bound to that header, taken from the
                       botocore S3 model; "x-amz-meta-<k>" -> Metadata[<k>].
                       See HEADER MAP below.
    params             {"ContentType": ...}  raw boto3 Params, merged last
                       (escape hatch)
    checksumWhenSupported  bool: use request_checksum_calculation
                       'when_supported' (botocore's default) instead of the
                       oracle's 'when_required'; ignored by a botocore
                       without that option (< 1.36)                [false]
    debug              bool: also return canonicalRequest, stringToSign,
                       signedHeaders (the headers botocore signed, with the
                       values it signed)                            [false]

Result: {"id": ..., "url": str} (+ debug fields) or {"id": ..., "error": str}

HEADER MAP (built from the service model, e.g. for PutObject):
    Content-Type -> ContentType, Content-MD5 -> ContentMD5,
    Content-Length -> ContentLength (int), Content-Encoding, Content-Language,
    Content-Disposition, Cache-Control, Expires (timestamp),
    x-amz-meta-* -> Metadata, x-amz-acl -> ACL, x-amz-tagging -> Tagging,
    x-amz-storage-class -> StorageClass,
    x-amz-server-side-encryption -> ServerSideEncryption,
    x-amz-server-side-encryption-aws-kms-key-id -> SSEKMSKeyId,
    x-amz-server-side-encryption-context -> SSEKMSEncryptionContext,
    x-amz-server-side-encryption-bucket-key-enabled -> BucketKeyEnabled (bool),
    x-amz-server-side-encryption-customer-{algorithm,key,key-MD5} -> SSECustomer*,
    x-amz-checksum-{crc32,crc32c,crc64nvme,sha1,sha256} -> Checksum*,
    x-amz-sdk-checksum-algorithm -> ChecksumAlgorithm,
    x-amz-website-redirect-location, x-amz-grant-*, x-amz-object-lock-*,
    x-amz-request-payer, x-amz-expected-bucket-owner, If-Match, If-None-Match, ...
    GET/HEAD: Range, If-Match, If-None-Match, If-Modified-Since, ...,
    x-amz-checksum-mode; DELETE: x-amz-mfa, x-amz-bypass-governance-retention.
    A header that is not a member of the operation is an error.

Notes on what botocore 1.43 does (observed, see the report):
  * Headers are SIGNED (listed in X-Amz-SignedHeaders, e.g.
    "content-type;host;x-amz-meta-a"), never hoisted into the query string:
    the client must send them with the request.
  * With request_checksum_calculation='when_supported' (botocore's default)
    a GET or PUT presign gets no checksum query param / signed header
    either (observed with 1.43.11); the oracle still pins
    'when_required' so that a future botocore cannot add one silently.

Old botocore (checked with Debian's 1.29.27):
  * The clock: botocore.auth.get_current_datetime is patched when it exists;
    otherwise botocore.auth's ``datetime`` module is replaced by a copy whose
    datetime.utcnow()/now()/today() return the case's signingTime.
  * Config: only options the installed Config knows are passed
    (request_checksum_calculation / response_checksum_validation are left
    out before 1.36; old botocore adds no optional checksum anyway).
  * Two endpoint bugs fixed upstream are backported when a probe finds them
    (see _shim_* below): botocore#2941 (dotted bucket with a short label on
    an http:// endpoint fell back to path style) and botocore#3081
    (explicit addressing_style='virtual' presigned on the global
    bucket.s3.amazonaws.com host outside us-east-1).  --no-compat disables
    them.
  * Not bridged: 1.29's bundled S3 model has no response-* members on
    HeadObject, so HEAD cases with responseOverrides are refused
    (matrix case x-head-overrides).  With the shims, every other case of
    matrix_cases.json gives the URL stored in matrix_expected.json.
"""

import datetime
import json
import os
import sys
import tempfile
import types

# --- isolate from any AWS configuration on the machine, before importing ---
for _k in list(os.environ):
    if _k.startswith('AWS_') or _k.startswith('BOTO_'):
        del os.environ[_k]
_EMPTY = tempfile.NamedTemporaryFile(prefix='oracle-aws-empty-', delete=False)
_EMPTY.close()
os.environ['AWS_CONFIG_FILE'] = _EMPTY.name
os.environ['AWS_SHARED_CREDENTIALS_FILE'] = _EMPTY.name
os.environ['AWS_EC2_METADATA_DISABLED'] = 'true'

import botocore  # noqa: E402
import botocore.auth  # noqa: E402
import botocore.loaders  # noqa: E402
import botocore.session  # noqa: E402
from botocore.config import Config  # noqa: E402

# --- deterministic clock --------------------------------------------------
# Newer botocore reads the SigV4 clock through
# botocore.auth.get_current_datetime(); older releases (e.g. Debian's 1.29.27)
# call datetime.datetime.utcnow() on the ``datetime`` module that
# botocore.auth imported.  Patch whichever the installed botocore has.
_FIXED = {'now': None}
_REAL_DATETIME = datetime.datetime


def _fixed_now_utc():
    """The pinned time (aware, UTC) or None when no case is being signed."""
    return _FIXED['now']


if hasattr(botocore.auth, 'get_current_datetime'):
    _CLOCK_PATCH = 'botocore.auth.get_current_datetime'
    _orig_get_current_datetime = botocore.auth.get_current_datetime

    def _fixed_current_datetime(remove_tzinfo=True):
        now = _fixed_now_utc()
        if now is None:
            return _orig_get_current_datetime(remove_tzinfo)
        if remove_tzinfo:
            return now.replace(tzinfo=None)
        return now

    botocore.auth.get_current_datetime = _fixed_current_datetime
else:
    _CLOCK_PATCH = 'botocore.auth.datetime'

    class _FixedDatetime(_REAL_DATETIME):
        """datetime.datetime whose clock reads the pinned signing time."""

        @classmethod
        def utcnow(cls):
            now = _fixed_now_utc()
            if now is None:
                return _REAL_DATETIME.utcnow()
            return now.replace(tzinfo=None)

        @classmethod
        def now(cls, tz=None):
            now = _fixed_now_utc()
            if now is None:
                return _REAL_DATETIME.now(tz)
            if tz is None:  # naive local time, as datetime.now() gives
                return now.astimezone().replace(tzinfo=None)
            return now.astimezone(tz)

        @classmethod
        def today(cls):
            return cls.now()

    # A stand-in for the datetime module, seen only by botocore.auth: every
    # name of the real module, with datetime.datetime replaced.
    if getattr(botocore.auth, 'datetime', None) is not datetime:
        raise SystemExit(
            'botocore_presign.py: this botocore has neither '
            'botocore.auth.get_current_datetime nor the datetime module in '
            'botocore.auth; cannot pin the signing clock'
        )
    _datetime_shim = types.ModuleType('datetime')
    _datetime_shim.__dict__.update(
        {k: v for k, v in vars(datetime).items() if not k.startswith('__')}
    )
    _datetime_shim.datetime = _FixedDatetime
    botocore.auth.datetime = _datetime_shim

# --- compatibility shims for old botocore ----------------------------------
# The stored matrix and the PresignTools differential tests follow current
# botocore (1.43.11).  Older releases still found in distributions (Debian 12
# ships 1.29.27) have two endpoint bugs that were fixed upstream; no Config
# option changes them, so the oracle backports the two fixes.  Each shim is
# installed only when a probe shows that the installed botocore still has the
# old behaviour, so on a current botocore nothing is replaced.
# `--no-compat` turns them off (plain old-botocore behaviour); `--shims`
# lists what is installed.
_SHIMS = []


def _shim_virtual_hostable_bucket():
    """boto/botocore#2938, fixed by #2941 (May 2023).

    aws.isVirtualHostableS3Bucket(Bucket, true) -- used by the S3 endpoint
    rules for dotted buckets on an http:// custom endpoint -- required every
    dot-separated label to be 3+ characters, so "my.bucket" fell back to
    path style.  Fixed: only the whole name must be 3-63 characters.
    """
    try:
        from botocore.endpoint_provider import RuleSetStandardLibrary
        from botocore.compat import IPV4_RE
    except ImportError:  # no endpoint rulesets at all (botocore < 1.28)
        return None
    cls = RuleSetStandardLibrary
    if not hasattr(cls, 'aws_is_virtual_hostable_s3_bucket'):
        return None
    try:
        if cls(None).aws_is_virtual_hostable_s3_bucket('ab.cde', True):
            return None  # already fixed
    except Exception:  # a different implementation: leave it alone
        return None

    def aws_is_virtual_hostable_s3_bucket(self, value, allow_subdomains):
        if (
            value is None
            or len(value) < 3
            or value.lower() != value
            or IPV4_RE.match(value) is not None
        ):
            return False
        return self.is_valid_host_label(
            value, allow_subdomains=allow_subdomains
        )

    cls.aws_is_virtual_hostable_s3_bucket = aws_is_virtual_hostable_s3_bucket
    return 'virtual-hostable-s3-bucket (botocore#2941)'


def _shim_presign_virtual_regional():
    """boto/botocore#3081 (merged Dec 2023; reported fixed from 1.33.8).

    generate_presigned_url in the aws partition signs on the global
    bucket.s3.amazonaws.com host (region 'aws-global' in the endpoint rules,
    the credential scope keeps the client region) unless dualstack or
    us-east-1 'regional' is set.  The fix: an explicit
    addressing_style='virtual' also means the regional host
    (bucket.s3.<region>.amazonaws.com); 'auto' keeps the global host.
    """
    import botocore.signers as signers
    orig = getattr(signers, '_should_use_global_endpoint', None)
    if orig is None:
        return None
    probe = types.SimpleNamespace(meta=types.SimpleNamespace(
        partition='aws',
        config=types.SimpleNamespace(
            region_name='eu-west-1', s3={'addressing_style': 'virtual'}
        ),
    ))
    try:
        if not orig(probe):
            return None  # already fixed
    except Exception:  # a different implementation: leave it alone
        return None

    def _should_use_global_endpoint(client):
        s3_config = client.meta.config.s3
        if s3_config and s3_config.get('addressing_style') == 'virtual':
            return False
        return orig(client)

    signers._should_use_global_endpoint = _should_use_global_endpoint
    return 'presign-virtual-regional (botocore#3081)'


def _install_compat_shims():
    for shim in (_shim_virtual_hostable_bucket,
                 _shim_presign_virtual_regional):
        name = shim()
        if name:
            _SHIMS.append(name)


# --- capture canonical request / string to sign (debug) ------------------
_CAPTURE = {}
_orig_canonical_request = botocore.auth.SigV4Auth.canonical_request
_orig_string_to_sign = botocore.auth.SigV4Auth.string_to_sign


def _cap_canonical_request(self, request):
    cr = _orig_canonical_request(self, request)
    _CAPTURE['canonicalRequest'] = cr
    _CAPTURE['signedHeaders'] = {
        k: v for k, v in self.headers_to_sign(request).items()
    }
    return cr


def _cap_string_to_sign(self, request, canonical_request):
    sts = _orig_string_to_sign(self, request, canonical_request)
    _CAPTURE['stringToSign'] = sts
    return sts


botocore.auth.SigV4Auth.canonical_request = _cap_canonical_request
botocore.auth.SigV4Auth.string_to_sign = _cap_string_to_sign

OPERATIONS = {
    'GET': ('get_object', 'GetObject'),
    'HEAD': ('head_object', 'HeadObject'),
    'PUT': ('put_object', 'PutObject'),
    'DELETE': ('delete_object', 'DeleteObject'),
}

_SESSION = botocore.session.get_session()
_SESSION.set_config_variable('config_file', _EMPTY.name)
_SESSION.set_config_variable('credentials_file', _EMPTY.name)
# Only botocore's bundled models/endpoints, never ~/.aws/models.
_SESSION.register_component(
    'data_loader',
    botocore.loaders.Loader(
        extra_search_paths=[botocore.loaders.Loader.BUILTIN_DATA_PATH],
        include_default_search_paths=False,
    ),
)
_SERVICE_MODEL = _SESSION.get_service_model('s3')
# The Config options this botocore knows (Config() refuses any other).
_CONFIG_OPTIONS = frozenset(getattr(Config, 'OPTION_DEFAULTS', ()))


def _parse_time(s):
    s = s.strip()
    if s.endswith('Z'):
        s = s[:-1] + '+00:00'
    dt = datetime.datetime.fromisoformat(s)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return dt.astimezone(datetime.timezone.utc)


def _member_maps(op_name):
    """(header wire name lower -> (member, type), query wire name -> (member,
    type), metadata prefix member or None)"""
    shape = _SERVICE_MODEL.operation_model(op_name).input_shape
    headers, query, meta = {}, {}, None
    for name, m in shape.members.items():
        loc = m.serialization.get('location')
        wire = m.serialization.get('name', name)
        if loc == 'header':
            headers[wire.lower()] = (name, m.type_name)
        elif loc == 'querystring':
            query[wire] = (name, m.type_name)
        elif loc == 'headers':
            meta = (name, wire.lower())
    return headers, query, meta


def _convert(value, type_name):
    if type_name in ('integer', 'long') and not isinstance(value, int):
        return int(value)
    if type_name == 'boolean' and isinstance(value, str):
        return value.strip().lower() == 'true'
    return value


def _build_params(case, op_name):
    hmap, qmap, meta = _member_maps(op_name)
    params = {'Bucket': case['bucket'], 'Key': case['key']}
    if case.get('versionId') is not None:
        if 'versionId' not in qmap:
            raise ValueError(f'versionId not supported by {op_name}')
        params['VersionId'] = case['versionId']
    for qname, value in (case.get('responseOverrides') or {}).items():
        if qname not in qmap:
            raise ValueError(f'unknown query parameter for {op_name}: {qname}')
        member, tname = qmap[qname]
        params[member] = _convert(value, tname)
    for hname, value in (case.get('headers') or {}).items():
        lname = hname.lower()
        if meta is not None and lname.startswith(meta[1]):
            params.setdefault(meta[0], {})[hname[len(meta[1]):]] = value
            continue
        if lname not in hmap:
            raise ValueError(f'unknown header for {op_name}: {hname}')
        member, tname = hmap[lname]
        params[member] = _convert(value, tname)
    params.update(case.get('params') or {})
    return params


def _make_client(case):
    path_style = case.get('pathStyle')
    s3cfg = {
        'addressing_style': {True: 'path', False: 'virtual'}.get(
            path_style, 'auto'
        ),
        'use_accelerate_endpoint': bool(case.get('accelerate', False)),
        'use_dualstack_endpoint': bool(case.get('dualstack', False)),
    }
    regional = case.get('usEast1Regional')
    if regional is not None:
        s3cfg['us_east_1_regional_endpoint'] = (
            'regional' if regional else 'legacy'
        )
    options = {
        'signature_version': 's3v4',
        's3': s3cfg,
        'retries': {'max_attempts': 1},
    }
    # Flexible-checksum settings exist only in newer botocore (1.36+).  An
    # older botocore has no such setting and never adds a checksum that an
    # operation does not require, i.e. it behaves like 'when_required'
    # (and for presigned GET/PUT like 'when_supported' too, see the notes).
    if 'request_checksum_calculation' in _CONFIG_OPTIONS:
        options['request_checksum_calculation'] = (
            'when_supported' if case.get('checksumWhenSupported') else
            'when_required'
        )
    if 'response_checksum_validation' in _CONFIG_OPTIONS:
        options['response_checksum_validation'] = 'when_required'
    config = Config(**options)
    return _SESSION.create_client(
        's3',
        region_name=case['region'],
        endpoint_url=case.get('endpoint'),
        aws_access_key_id=case['accessKey'],
        aws_secret_access_key=case['secretKey'],
        aws_session_token=case.get('sessionToken'),
        config=config,
    )


def presign(case):
    method = (case.get('method') or 'GET').upper()
    if method not in OPERATIONS:
        raise ValueError(f'unsupported method {method}')
    client_method, op_name = OPERATIONS[method]
    params = _build_params(case, op_name)
    _FIXED['now'] = _parse_time(case.get('signingTime')
                                or '2013-05-24T00:00:00Z')
    _CAPTURE.clear()
    client = _make_client(case)
    try:
        url = client.generate_presigned_url(
            client_method,
            Params=params,
            ExpiresIn=case.get('expires', 3600),
        )
    finally:
        client.close()
    result = {'id': case.get('id'), 'url': url}
    if case.get('debug'):
        result.update(_CAPTURE)
    return result


def main(argv):
    if '--version' in argv:
        print(botocore.__version__)
        return 0
    if '--no-compat' not in argv:
        _install_compat_shims()
    if '--shims' in argv:
        print(f'botocore {botocore.__version__}')
        print(f'clock: {_CLOCK_PATCH}')
        has_checksum = 'request_checksum_calculation' in _CONFIG_OPTIONS
        print('request_checksum_calculation: '
              + ('passed' if has_checksum else 'not in this botocore'))
        for name in _SHIMS or ['(none installed)']:
            print(f'shim: {name}')
        return 0
    cases = json.loads(sys.stdin.buffer.read().decode('utf-8-sig'))
    if not isinstance(cases, list):
        raise SystemExit('stdin must be a JSON array of cases')
    results = []
    for case in cases:
        try:
            results.append(presign(case))
        except Exception as e:  # report per case, keep going
            results.append({'id': case.get('id'),
                            'error': f'{type(e).__name__}: {e}'})
    indent = 2 if '--pretty' in argv else None
    text = json.dumps(results, indent=indent, ensure_ascii=False) + '\n'
    sys.stdout.buffer.write(text.encode('utf-8'))
    sys.stdout.flush()
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv[1:]))
    finally:
        try:
            os.unlink(_EMPTY.name)
        except OSError:
            pass
