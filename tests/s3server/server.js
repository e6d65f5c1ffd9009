#!/usr/bin/env node
'use strict'
/*
 * Local S3-compatible test server for the PresignTools integration tests.
 *
 * Wraps @20minutes/s3rver (pinned to 5.0.0 in package.json; NOT the `s3rver`
 * package, which accepts forged signatures). Install once with `npm ci` in
 * this folder.
 *
 * Usage:
 *   node server.js --dir <folder> [--buckets a,b,c] [--port N] [--ttl-seconds N]
 *
 *   --dir <folder>       data directory (created if missing; objects persist there)
 *   --buckets a,b,c      buckets to create at start-up (existing ones are kept)
 *   --port N             TCP port on 127.0.0.1; 0 (default) picks a free one
 *   --ttl-seconds N      exit by itself after N seconds (default 3600; 0 = never)
 *
 * The server listens on 127.0.0.1 only, path-style
 * (http://127.0.0.1:PORT/<bucket>/<key>), with s3rver's built-in credentials
 * access key S3RVER / secret key S3RVER (any region; SigV4 and SigV2 checked),
 * and logs nothing. Once it listens it prints exactly one line of JSON to
 * stdout and nothing else:
 *
 *   {"port":12345,"pid":4242,"endpoint":"http://127.0.0.1:12345"}
 *
 * It then runs until SIGTERM or SIGINT (closes the server, exit code 0) or
 * until the TTL elapses (same clean shutdown, exit code 0, one note on
 * stderr). Bad arguments or a start-up failure: message on stderr, exit 2 /
 * exit 1 respectively.
 *
 * Note: unsigned (anonymous) requests are always allowed by s3rver; only
 * requests that carry a signature have it verified.
 *
 * Two fixes on top of stock s3rver 5.0.0 (see the functions below):
 *  - a bucket or key that would resolve outside its bucket directory (e.g.
 *    key '../../x', bucket '%2E%2E') is refused with 400 InvalidBucketName /
 *    InvalidArgument instead of reading/writing files outside --dir;
 *  - ListObjectsV2 pagination works on Node's OpenSSL 3 (stock s3rver answers
 *    500 InternalError for any truncated ListObjectsV2 page there).
 */

const fs = require('node:fs')
const path = require('node:path')

const USAGE =
  'usage: node server.js --dir <folder> [--buckets a,b,c] [--port N] [--ttl-seconds N]'

function fail(message, code) {
  process.stderr.write(`s3server: ${message}\n`)
  process.exit(code)
}

function parseArgs(argv) {
  const opts = { dir: undefined, buckets: [], port: 0, ttlSeconds: 3600 }
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]
    let value
    const eq = arg.indexOf('=')
    if (arg.startsWith('--') && eq !== -1) {
      value = arg.slice(eq + 1)
      arg = arg.slice(0, eq)
    }
    const takeValue = () => {
      if (value !== undefined) return value
      if (i + 1 >= argv.length) fail(`missing value for ${arg}\n${USAGE}`, 2)
      return argv[++i]
    }
    const takeInt = (min, max) => {
      const raw = takeValue()
      if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
        fail(`${arg} must be an integer between ${min} and ${max}, got "${raw}"`, 2)
      }
      return Number(raw)
    }
    switch (arg) {
      case '--dir':
        opts.dir = takeValue()
        break
      case '--buckets':
        opts.buckets = takeValue()
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean)
        break
      case '--port':
        opts.port = takeInt(0, 65535)
        break
      case '--ttl-seconds':
        opts.ttlSeconds = takeInt(0, 2147483)
        break
      case '-h':
      case '--help':
        process.stdout.write(`${USAGE}\n`)
        process.exit(0)
        break
      default:
        fail(`unknown argument "${argv[i]}"\n${USAGE}`, 2)
    }
  }
  if (!opts.dir) fail(`--dir is required\n${USAGE}`, 2)
  for (const bucket of opts.buckets) {
    // S3 bucket naming rules (the subset that matters here): 3-63 chars,
    // lowercase letters, digits, '.', '-'; starts and ends alphanumeric.
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      fail(`invalid bucket name "${bucket}"`, 2)
    }
  }
  return opts
}

/*
 * s3rver's filesystem store maps a key straight onto a file path with
 * path.join(), so '..' segments (literal, or decoded from %2E%2E / %2F) can
 * make it read or write outside the bucket, even outside --dir (e.g. key
 * '../../x', or bucket '%2E%2E'). Refuse those requests instead. Keys whose
 * '.', '..' or empty segments stay inside the bucket are left alone; they
 * alias the normalised key ('a/../b', 'a//b' and '/b' are stored and listed
 * as 'b', 'a/b' and 'b').
 */
function confineStore(store, root) {
  const S3Error = require('@20minutes/s3rver/lib/models/error')
  const rootDir = path.resolve(root)
  const getBucketPath = store.getBucketPath.bind(store)
  const getResourcePath = store.getResourcePath.bind(store)
  const bucketDirOf = (bucket) => {
    const dir = getBucketPath(bucket)
    if (path.dirname(dir) !== rootDir || path.basename(dir) !== bucket) {
      throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', {
        BucketName: bucket,
      })
    }
    return dir
  }
  store.getBucketPath = bucketDirOf
  store.getResourcePath = (bucket, key, resource) => {
    const bucketDir = bucketDirOf(bucket)
    const resourcePath = getResourcePath(bucket, key, resource)
    if (!resourcePath.startsWith(bucketDir + path.sep)) {
      throw new S3Error(
        'InvalidArgument',
        'test server: this key would be stored outside its bucket directory ' +
          '(s3rver resolves .. segments in keys as file-system paths)',
        { ArgumentName: 'key', ArgumentValue: key }
      )
    }
    return resourcePath
  }
}

/*
 * s3rver encrypts ListObjectsV2 continuation tokens with single DES ('des'),
 * which OpenSSL 3 (Node >= 17) only offers through its legacy provider: without
 * this, every truncated ListObjectsV2 page (more than MaxKeys objects) fails
 * with 500 InternalError. Triple DES with the 8-byte key repeated three times
 * is the same cipher as single DES, so map 'des' onto 'des-ede3-cbc' (tokens
 * stay byte-for-byte what s3rver would produce). Only done when needed.
 */
function enableDesContinuationTokens() {
  const crypto = require('node:crypto')
  try {
    crypto.createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8))
    return // single DES available (e.g. --openssl-legacy-provider)
  } catch {
    // fall through and map it
  }
  const mapDes =
    (original) =>
    (algorithm, key, iv, ...rest) => {
      if (typeof algorithm === 'string' && algorithm.toLowerCase() === 'des' && key.length === 8) {
        const k = Buffer.from(key)
        return original('des-ede3-cbc', Buffer.concat([k, k, k]), iv, ...rest)
      }
      return original(algorithm, key, iv, ...rest)
    }
  crypto.createCipheriv = mapDes(crypto.createCipheriv)
  crypto.createDecipheriv = mapDes(crypto.createDecipheriv)
}

/*
 * Bucket-level requests sent as "/bucket/" (the AWS SDK for .NET writes ListObjectsV2 that way in path
 * style) are signed by the client over the path as sent, as real S3 checks them. Stock s3rver rebuilds
 * the canonical URI from the route parameters and always drops that trailing slash, so it refuses
 * correctly signed SDK requests. Load its authentication middleware with the canonical URI taken from
 * the request path for bucket-level requests. Fails loudly if the source no longer has that shape.
 */
function signBucketPathAsSent() {
  const Module = require('node:module')
  const file = require.resolve('@20minutes/s3rver/lib/middleware/authentication.js')
  const source = fs.readFileSync(file, 'utf8')
  const anchor = '      if (ctx.params.key) {\n        canonicalizedResource += `/${ctx.params.key}`\n      }'
  if (!source.includes(anchor)) fail('cannot adapt s3rver authentication (unexpected source)', 1)
  const patched = source.replace(
    anchor,
    anchor + " else if (!ctx.state.vhost && ctx.path.endsWith('/')) {\n        canonicalizedResource += '/'\n      }"
  )
  const m = new Module(file, module)
  m.filename = file
  m.paths = Module._nodeModulePaths(path.dirname(file))
  m._compile(patched, file)
  m.loaded = true
  require.cache[file] = m
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))

  // e.g. EADDRINUSE is emitted as an 'error' event on the http server, which
  // s3rver does not handle: report it like any other start-up failure.
  process.on('uncaughtException', (err) => fail(`fatal: ${err && err.message ? err.message : err}`, 1))

  let S3rver
  try {
    signBucketPathAsSent()
    S3rver = require('@20minutes/s3rver')
  } catch (err) {
    fail(`cannot load @20minutes/s3rver (run "npm ci" in ${__dirname}): ${err.message}`, 1)
  }

  const directory = path.resolve(opts.dir)
  fs.mkdirSync(directory, { recursive: true })

  const server = new S3rver({
    address: '127.0.0.1',
    port: opts.port,
    silent: true,
    directory,
    vhostBuckets: false, // path-style only
    resetOnClose: false,
    allowMismatchedSignatures: false,
    configureBuckets: opts.buckets.map((name) => ({ name, configs: [] })),
  })

  confineStore(server.store, directory)
  enableDesContinuationTokens()

  const { port } = await server.run()

  let stopping = false
  const stop = (reason) => {
    if (stopping) return
    stopping = true
    if (reason) process.stderr.write(`s3server: ${reason}, shutting down\n`)
    const http = server.httpServer
    // Give in-flight requests a moment, then drop whatever is left.
    const force = setTimeout(() => {
      if (typeof http.closeAllConnections === 'function') http.closeAllConnections()
    }, 2000)
    force.unref()
    const hardExit = setTimeout(() => process.exit(0), 5000)
    hardExit.unref()
    server.close((err) => {
      if (err && err.code !== 'ERR_SERVER_NOT_RUNNING') {
        process.stderr.write(`s3server: error while closing: ${err.message}\n`)
      }
      process.exit(0)
    })
    if (typeof http.closeIdleConnections === 'function') http.closeIdleConnections()
  }

  process.on('SIGTERM', () => stop())
  process.on('SIGINT', () => stop())
  if (opts.ttlSeconds > 0) {
    setTimeout(() => stop(`ttl of ${opts.ttlSeconds}s elapsed`), opts.ttlSeconds * 1000).unref()
  }

  // A parent that stops reading stdout must not crash us.
  process.stdout.on('error', () => {})
  process.stdout.write(
    `${JSON.stringify({ port, pid: process.pid, endpoint: `http://127.0.0.1:${port}` })}\n`
  )
}

main().catch((err) => {
  fail(`failed to start: ${err && err.stack ? err.stack : err}`, 1)
})
