"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readSecret = readSecret;
exports.registerDashboard = registerDashboard;
const cli_support_1 = require("../compliance/cli-support");
const password_1 = require("../dashboard/password");
/** One line from stdin; on a terminal the typed characters are not echoed. */
function readSecret(prompt, stdin = process.stdin) {
    return new Promise((resolve, reject) => {
        let value = '';
        const tty = stdin.isTTY === true;
        if (tty) {
            process.stderr.write(prompt);
            stdin.setRawMode(true);
        }
        stdin.setEncoding('utf8');
        const done = (err) => {
            stdin.off('data', onData);
            stdin.off('end', onEnd);
            if (tty) {
                stdin.setRawMode(false);
                process.stderr.write('\n');
            }
            stdin.pause();
            if (err)
                reject(err);
            else
                resolve(value);
        };
        const onData = (chunk) => {
            for (const ch of chunk) {
                if (ch === '\n' || ch === '\r' || ch === '\u0004')
                    return done();
                if (ch === '\u0003')
                    return done(new Error('cancelled'));
                if (tty && (ch === '\u007f' || ch === '\b'))
                    value = value.slice(0, -1);
                else
                    value += ch;
            }
        };
        const onEnd = () => done();
        stdin.on('data', onData);
        stdin.on('end', onEnd);
        stdin.resume();
    });
}
function registerDashboard(program) {
    const dashboard = program.command('dashboard').description('credentials for the compliance officer dashboard (config key dashboard.officers)');
    dashboard
        .command('hash-password')
        .description('read a password from standard input and print its scrypt hash for dashboard.officers[].password_hash')
        .action(async () => {
        const password = await readSecret('Password: ').catch((err) => (0, cli_support_1.die)(err.message));
        if (password.length < 12)
            (0, cli_support_1.die)('the password must have at least 12 characters');
        process.stdout.write(`${await (0, password_1.hashPassword)(password)}\n`);
    });
    dashboard
        .command('new-token')
        .description('print a new API token (give it to the script) and its hash (put it in dashboard.officers[].token_hash)')
        .action(() => {
        const token = (0, password_1.newToken)();
        process.stdout.write(`token: ${token}\ntoken_hash: ${(0, password_1.hashToken)(token)}\n`);
    });
}
