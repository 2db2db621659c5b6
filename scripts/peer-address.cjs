// Preloaded into the Next server by scripts/start.ts (NODE_OPTIONS=--require). Next's route
// handlers never see the socket, and the x-forwarded-for Next fills in keeps whatever the client
// sent, so this writes the socket's address into x-hj-peer-address on every request, replacing
// any value the client sent. lib/server/auth/client-address.ts reads it when no proxy header is
// trusted (docs/decisions/012-login-throttling.md).
"use strict";
// Plain CommonJS: it runs before Next, under node itself, with no TypeScript loader.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const http = require("node:http");

const HEADER = "x-hj-peer-address";
const emit = http.Server.prototype.emit;

http.Server.prototype.emit = function emitWithPeerAddress(event, ...args) {
  if (event === "request" && args[0] && args[0].headers) {
    const req = args[0];
    req.headers[HEADER] = (req.socket && req.socket.remoteAddress) || "";
  }
  return emit.call(this, event, ...args);
};
