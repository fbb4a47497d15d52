import { hashPassword, hashToken, newToken, secretsEqual, tokenMatchesHash, verifyPassword } from '../../../src/dashboard/password';
import { PASSWORD_HASH, TOKEN_HASH } from '../../../src/dashboard/config';

const FAST = { N: 1024, r: 8, p: 1 };

describe('passwords', () => {
  it('verifies the password a hash was made from and nothing else', async () => {
    const hash = await hashPassword('s3cret passphrase', FAST);
    expect(hash).toMatch(PASSWORD_HASH);
    expect(await verifyPassword('s3cret passphrase', hash)).toBe(true);
    expect(await verifyPassword('s3cret passphrasE', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same', FAST)).not.toBe(await hashPassword('same', FAST));
  });

  it('treats a composed and a decomposed accent as the same password', async () => {
    const hash = await hashPassword('caf\u00e9 au lait', FAST);
    expect(await verifyPassword('cafe\u0301 au lait', hash)).toBe(true);
  });

  it('fails a missing, malformed or unbounded hash instead of throwing', async () => {
    expect(await verifyPassword('x', undefined)).toBe(false);
    expect(await verifyPassword('x', 'plaintext')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$4194304$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toBe(false);
  });
});

describe('tokens', () => {
  it('matches a token against its sha256 hash only', () => {
    const token = newToken();
    const hash = hashToken(token);
    expect(hash).toMatch(TOKEN_HASH);
    expect(tokenMatchesHash(token, hash)).toBe(true);
    expect(tokenMatchesHash(`${token}x`, hash)).toBe(false);
    expect(tokenMatchesHash(token, undefined)).toBe(false);
    expect(tokenMatchesHash(hash, hash)).toBe(false);
  });

  it('compares secrets of any length', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
  });
});
