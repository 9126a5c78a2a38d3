import { weakPasswordMessage } from '../../../server/features/accounts/password-strength';
import { PasswordSchema } from '../../../server/features/accounts/service';
import { DEMO_ACCOUNTS } from '../../../seeds/demo';
import { TEST_PASSWORD } from '../../helpers/test-app';

describe('password strength', () => {
  it.each([
    ['aaaaaaaaaa', /repeated characters/],
    ['1234567890', /most used passwords/],
    ['password12', /commonly used password/],
    ['abcdefghij', /sequences/],
    ['qwertyuiop', /most used passwords|row of keys/],
    ['Password1!', /close to a commonly used password/],
  ])('refuses %j and says why', (password, why) => {
    const message = weakPasswordMessage(password);
    expect(message).toMatch(/^This password is too easy to guess/);
    expect(message).toMatch(why);
    expect(message).toMatch(/Try three or four unrelated words/);
  });

  it('accepts the test password, the demo passwords and a passphrase', () => {
    for (const password of [TEST_PASSWORD, ...DEMO_ACCOUNTS.map((a) => a.password), 'Tr0ub4dor&3-horse'])
      expect(weakPasswordMessage(password)).toBeNull();
  });

  it('is part of the password rule, after the length rule', () => {
    expect(PasswordSchema.safeParse('password12').error?.issues[0]?.message).toMatch(/too easy to guess/);
    expect(PasswordSchema.safeParse('short').error?.issues.map((i) => i.message)).toEqual([
      'Use at least 10 characters',
    ]);
    expect(PasswordSchema.safeParse(TEST_PASSWORD).success).toBe(true);
  });

  it('estimates a 200-character password quickly', () => {
    const start = Date.now();
    expect(weakPasswordMessage('ab1!'.repeat(50))).toMatch(/repeated patterns/);
    expect(Date.now() - start).toBeLessThan(2000);
  });
});
