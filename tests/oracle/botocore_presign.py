#!/usr/bin/env python3
"""botocore presigned-URL oracle for PresignTools.

Reads a JSON array of cases on stdin, writes a JSON array of results (same
order) on stdout.  Everything is offline and deterministic: the SigV4 clock is
pinned to each case's ``signingTime`` and no AWS config, credentials file,
environment variable or instance metadata is ever consulted.

    python3 tests/oracle/botocore_presign.py < cases.json > results.json
    python3 tests/oracle/botocore_presign.py --pretty < cases.json
    python3 tests/oracle/botocore_presign.py --version   # botocore version

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
                       oracle's 'when_required'                    [false]
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
"""

import datetime
import json
import os
import sys
import tempfile

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
_FIXED = {'now': None}
_orig_get_current_datetime = botocore.auth.get_current_datetime


def _fixed_current_datetime(remove_tzinfo=True):
    now = _FIXED['now']
    if now is None:
        return _orig_get_current_datetime(remove_tzinfo)
    if remove_tzinfo:
        return now.replace(tzinfo=None)
    return now


botocore.auth.get_current_datetime = _fixed_current_datetime

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
    checksum = (
        'when_supported' if case.get('checksumWhenSupported') else
        'when_required'
    )
    config = Config(
        signature_version='s3v4',
        s3=s3cfg,
        request_checksum_calculation=checksum,
        response_checksum_validation='when_required',
        retries={'max_attempts': 1},
    )
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
