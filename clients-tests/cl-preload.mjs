// Node preload for the Commerce Layer CLI (or any script using the official clients):
//   NODE_OPTIONS="--import /abs/path/clients-tests/cl-preload.mjs" CL_BASE=http://127.0.0.1:5000 commercelayer ...
// The clients call https://auth.<domain>/... and https://<slug>.<domain>/api/...; each such request goes to
// CL_BASE instead, with the same path and query.
const base = new URL(process.env.CL_BASE ?? 'http://127.0.0.1:5000')
const domain = process.env.CL_DOMAIN ?? 'commercelayer.io'
const originalFetch = globalThis.fetch

function redirect(address) {
  const url = new URL(address)
  if (url.protocol !== 'https:' || !(url.hostname === domain || url.hostname.endsWith(`.${domain}`))) return url
  url.protocol = base.protocol
  url.host = base.host
  return url
}

globalThis.fetch = (input, init) =>
  input instanceof Request
    ? originalFetch(new Request(redirect(input.url), input), init)
    : originalFetch(redirect(String(input)), init)
