import { PassThrough } from 'node:stream';
import { readSecret } from '../../../src/commands/dashboard';

describe('readSecret', () => {
  it('reads the first line of piped input without the newline', async () => {
    const input = new PassThrough();
    const read = readSecret('Password: ', input as unknown as NodeJS.ReadStream);
    input.write('pass phrase with spaces\nsecond line\n');
    await expect(read).resolves.toBe('pass phrase with spaces');
  });

  it('takes everything up to the end of input when there is no newline', async () => {
    const input = new PassThrough();
    const read = readSecret('Password: ', input as unknown as NodeJS.ReadStream);
    input.end('no-newline');
    await expect(read).resolves.toBe('no-newline');
  });
});
