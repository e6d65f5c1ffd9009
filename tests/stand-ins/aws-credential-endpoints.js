#!/usr/bin/env node
'use strict'
/*
 * Loopback stand-ins for the AWS endpoints that hand out credentials, speaking their real wire formats:
 *   STS      POST / (form: Action=AssumeRole | AssumeRoleWithWebIdentity)  -> Query/XML response
 *   SSO      GET  /federation/credentials?account_id=&role_name=           -> JSON (header x-amz-sso_bearer_token)
 *   ECS      GET  /container/credentials                                    -> JSON (optional Authorization check)
 *   IMDSv2   PUT  /latest/api/token, GET /latest/meta-data/iam/security-credentials/[role] -> token, role, JSON
 *   S3       HEAD /<bucket> (HeadBucket)  -> the x-amz-bucket-region header, with the status configured per bucket
 * Every credential it returns is S3RVER/S3RVER (what the test S3 server accepts) with a fresh session token.
 *
 * Control (tests only):
 *   GET  /__requests  -> JSON array of the requests seen (method, path, action, durationSeconds, headers of interest)
 *   POST /__config    -> JSON merged into the behaviour: { expiresSeconds (null: as asked), stsError, stsMaxDuration,
 *                        containerToken, ssoToken, imdsRole, buckets: { name: { status, region, hang } } }
 *   POST /__reset     -> clears the request log
 *
 * Usage: node aws-credential-endpoints.js [--port N]; prints {"port":N,"pid":P,"endpoint":"http://127.0.0.1:N"}.
 * Binds 127.0.0.1 only; exits on SIGTERM/SIGINT or after --ttl-seconds (default 3600).
 */
const http = require('node:http')
const crypto = require('node:crypto')

const args = process.argv.slice(2)
const arg = (name, def) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : def
}
const port = Number(arg('--port', '0'))
const ttl = Number(arg('--ttl-seconds', '3600'))

const config = { expiresSeconds: null, stsError: null, stsMaxDuration: 43200, containerToken: null, ssoToken: null, imdsRole: 'test-role', buckets: {} }
const requests = []

const creds = () => ({
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
  sessionToken: 'STANDIN' + crypto.randomBytes(24).toString('base64').replace(/[^A-Za-z0-9]/g, ''),
  expiration: new Date(Date.now() + (config.expiresSeconds || 3600) * 1000),
})

const xmlError = (res, status, code, message) => {
  res.writeHead(status, { 'Content-Type': 'text/xml' })
  res.end(`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>standin</RequestId></ErrorResponse>`)
}

function sts(req, res, params) {
  const action = params.get('Action')
  const duration = params.get('DurationSeconds')
  requests.push({ method: req.method, path: '/', action, durationSeconds: duration ? Number(duration) : null, roleArn: params.get('RoleArn'), externalId: params.get('ExternalId'), sessionName: params.get('RoleSessionName') })
  if (config.stsError) return xmlError(res, 403, config.stsError, 'stand-in refuses')
  if (duration && Number(duration) > config.stsMaxDuration) {
    return xmlError(res, 400, 'ValidationError', `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`)
  }
  if (action !== 'AssumeRole' && action !== 'AssumeRoleWithWebIdentity') return xmlError(res, 400, 'InvalidAction', 'unknown action')
  const c = creds()
  // A session lasts what was asked (DurationSeconds, default 1 h) unless the test fixed a lifetime.
  c.expiration = new Date(Date.now() + (config.expiresSeconds || Number(duration || 3600)) * 1000)
  res.writeHead(200, { 'Content-Type': 'text/xml' })
  res.end(`<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${action}Result>` +
    `<Credentials><AccessKeyId>${c.accessKeyId}</AccessKeyId><SecretAccessKey>${c.secretAccessKey}</SecretAccessKey>` +
    `<SessionToken>${c.sessionToken}</SessionToken><Expiration>${c.expiration.toISOString()}</Expiration></Credentials>` +
    `<AssumedRoleUser><AssumedRoleId>AROASTANDIN:${params.get('RoleSessionName')}</AssumedRoleId><Arn>${params.get('RoleArn')}/${params.get('RoleSessionName')}</Arn></AssumedRoleUser>` +
    `</${action}Result><ResponseMetadata><RequestId>standin</RequestId></ResponseMetadata></${action}Response>`)
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1')
  let body = ''
  req.on('data', (d) => { body += d })
  req.on('end', () => {
    if (url.pathname === '/__requests') { res.writeHead(200, { 'Content-Type': 'application/json' }); return res.end(JSON.stringify(requests)) }
    if (url.pathname === '/__config' && req.method === 'POST') { Object.assign(config, JSON.parse(body || '{}')); res.writeHead(204); return res.end() }
    if (url.pathname === '/__reset' && req.method === 'POST') { requests.length = 0; res.writeHead(204); return res.end() }

    if (url.pathname === '/' && (req.method === 'POST' || url.searchParams.get('Action'))) {
      const params = req.method === 'POST' ? new URLSearchParams(body) : url.searchParams
      return sts(req, res, params)
    }
    if (url.pathname === '/federation/credentials') {
      const token = req.headers['x-amz-sso_bearer_token']
      requests.push({ method: req.method, path: url.pathname, action: 'GetRoleCredentials', accountId: url.searchParams.get('account_id'), roleName: url.searchParams.get('role_name'), hasToken: !!token })
      if (!token || (config.ssoToken && token !== config.ssoToken)) { res.writeHead(401, { 'Content-Type': 'application/json' }); return res.end('{"message":"Session token not found or invalid"}') }
      const c = creds()
      res.writeHead(200, { 'Content-Type': 'application/json' })
      return res.end(JSON.stringify({ roleCredentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration.getTime() } }))
    }
    if (url.pathname.startsWith('/container')) {
      requests.push({ method: req.method, path: url.pathname, action: 'Container', authorization: req.headers.authorization ? 'present' : 'absent' })
      if (config.containerToken && req.headers.authorization !== config.containerToken) { res.writeHead(403); return res.end('{"message":"bad token"}') }
      const c = creds()
      res.writeHead(200, { 'Content-Type': 'application/json' })
      return res.end(JSON.stringify({ AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, Token: c.sessionToken, Expiration: c.expiration.toISOString(), RoleArn: 'arn:aws:iam::123456789012:role/container' }))
    }
    if (url.pathname === '/latest/api/token' && req.method === 'PUT') {
      requests.push({ method: req.method, path: url.pathname, action: 'ImdsToken', ttl: req.headers['x-aws-ec2-metadata-token-ttl-seconds'] || null })
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      return res.end('IMDSTOKEN')
    }
    if (url.pathname.startsWith('/latest/meta-data/iam/security-credentials')) {
      const ok = req.headers['x-aws-ec2-metadata-token'] === 'IMDSTOKEN'
      requests.push({ method: req.method, path: url.pathname, action: 'ImdsCredentials', hasToken: ok })
      if (!ok) { res.writeHead(401); return res.end() }
      const rest = url.pathname.replace(/^\/latest\/meta-data\/iam\/security-credentials\/?/, '')
      if (!rest) { res.writeHead(200, { 'Content-Type': 'text/plain' }); return res.end(config.imdsRole) }
      const c = creds()
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      return res.end(JSON.stringify({ Code: 'Success', LastUpdated: new Date().toISOString(), Type: 'AWS-HMAC', AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, Token: c.sessionToken, Expiration: c.expiration.toISOString() }))
    }
    if (req.method === 'HEAD') {
      const bucket = decodeURIComponent(url.pathname.slice(1))
      const entry = config.buckets[bucket]
      requests.push({ method: req.method, path: url.pathname, action: 'HeadBucket', bucket })
      if (entry && entry.hang) return // never answers: the client's timeout must end the wait
      if (!entry) { res.writeHead(404); return res.end() }
      res.writeHead(entry.status || 200, entry.region ? { 'x-amz-bucket-region': entry.region } : {})
      return res.end()
    }
    res.writeHead(404)
    res.end()
  })
})

server.listen(port, '127.0.0.1', () => {
  const p = server.address().port
  process.stdout.write(JSON.stringify({ port: p, pid: process.pid, endpoint: `http://127.0.0.1:${p}` }) + '\n')
})
const stop = () => server.close(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
if (ttl > 0) setTimeout(stop, ttl * 1000).unref()
