/**
 * `compliance-gateway dashboard hash-password | new-token`: credentials for `dashboard.officers`.
 * The password is read from standard input (not echoed on a terminal; piped: the first line), so it
 * never appears in the process list or the shell history. Only hashes go into the config.
 */
import type { Command } from 'commander';
import { die } from '../compliance/cli-support';
import { hashPassword, hashToken, newToken } from '../dashboard/password';

/** One line from stdin; on a terminal the typed characters are not echoed. */
export function readSecret(prompt: string, stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    const tty = stdin.isTTY === true;
    if (tty) {
      process.stderr.write(prompt);
      stdin.setRawMode(true);
    }
    stdin.setEncoding('utf8');
    const done = (err?: Error) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      if (tty) {
        stdin.setRawMode(false);
        process.stderr.write('\n');
      }
      stdin.pause();
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\n' || ch === '\r' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (tty && (ch === '\u007f' || ch === '\b')) value = value.slice(0, -1);
        else value += ch;
      }
    };
    const onEnd = () => done();
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

export function registerDashboard(program: Command): void {
  const dashboard = program.command('dashboard').description('credentials for the compliance officer dashboard (config key dashboard.officers)');
  dashboard
    .command('hash-password')
    .description('read a password from standard input and print its scrypt hash for dashboard.officers[].password_hash')
    .action(async () => {
      const password = await readSecret('Password: ').catch((err: Error) => die(err.message));
      if (password.length < 12) die('the password must have at least 12 characters');
      process.stdout.write(`${await hashPassword(password)}\n`);
    });
  dashboard
    .command('new-token')
    .description('print a new API token (give it to the script) and its hash (put it in dashboard.officers[].token_hash)')
    .action(() => {
      const token = newToken();
      process.stdout.write(`token: ${token}\ntoken_hash: ${hashToken(token)}\n`);
    });
}
