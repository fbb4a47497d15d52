/**
 * A peer, side by side: Portkey's open-source AI gateway (`@portkey-ai/gateway`, Node build), as its
 * README runs it (`npx @portkey-ai/gateway`), in production mode and headless. It proxies to our
 * fake upstream as a custom OpenAI host, named per request by the headers its clients send
 * (bench/lib/peers.ts `portkeyHeaders`). Guardrails stay off unless a request's config asks for them.
 *
 * Its start script listens on every interface and takes only a port; the benchmark stays on
 * loopback, so `listen` is pointed at 127.0.0.1 before the script runs. Its start-up banner (a
 * spinner and `console.clear()`) is silenced; its error logging is left alone.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { announce } from './ipc';

const startedAt = Date.now();
process.env.NODE_ENV = 'production';

const listen = net.Server.prototype.listen;
let listening: net.Server | null = null;
net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]): net.Server {
  listening = this;
  // serve({ port }) → listen(port, callback) or listen({ port }): same port, loopback only.
  const port = typeof args[0] === 'object' && args[0] !== null ? (args[0] as net.ListenOptions).port : args[0];
  const callback = args.find((a) => typeof a === 'function');
  return listen.call(this, { port: Number(port), host: '127.0.0.1' }, callback as () => void);
} as typeof net.Server.prototype.listen;

const quiet = { log: console.log, clear: console.clear, write: process.stdout.write };

async function main(): Promise<void> {
  console.log = () => undefined;
  console.clear = () => undefined;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  // Port 0: the system picks a free one (the script parses --port= with parseInt).
  process.argv.push('--port=0', '--headless');
  try {
    // An ES module whose top level awaits its own start-up. This file compiles to CommonJS, where
    // TypeScript turns import() into require(), which cannot load such a module: the import is
    // kept out of the compiler's sight.
    const script = require.resolve('@portkey-ai/gateway/build/start-server.js');
    const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;
    await importModule(script);
  } finally {
    console.log = quiet.log;
    console.clear = quiet.clear;
    process.stdout.write = quiet.write;
  }
  const server = listening as net.Server | null;
  if (!server) throw new Error('the Portkey gateway did not listen');
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  announce(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, startedAt);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
