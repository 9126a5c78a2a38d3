import crypto from 'node:crypto';
import {
  defaultPartialCode,
  entrySignature,
  perWorkerCode,
  verifyEntrySignature,
} from '../../../server/domain/crowd/codes';
import { endingFor } from '../../../server/domain/crowd/ending';

describe('endingFor: codes mean work', () => {
  it('gives nothing for no work, whatever the cause', () => {
    for (const cause of ['quota', 'finished', 'closed', 'paused', 'waited'] as const) {
      expect(endingFor(cause, 0, 5)).toBe('no-work');
      expect(endingFor(cause, 0, null)).toBe('no-work');
    }
  });

  it('gives the completion code only at the quota when there is one', () => {
    expect(endingFor('quota', 5, 5)).toBe('complete');
    expect(endingFor('finished', 4, 5)).toBe('partial');
    expect(endingFor('closed', 5, 5)).toBe('complete');
    expect(endingFor('waited', 1, 5)).toBe('partial');
  });

  it('without a quota, completes a worker who did every example there was for them', () => {
    expect(endingFor('finished', 3, null)).toBe('complete');
    expect(endingFor('paused', 3, null)).toBe('partial');
    expect(endingFor('waited', 3, null)).toBe('partial');
  });
});

describe('codes and signatures', () => {
  const secret = 'a'.repeat(64);

  it('derives the signature as HMAC-SHA256 of "entry:<id>", as the settings page documents', () => {
    const id = '5f1a2b3c4d5e6f7a8b9c0d1e';
    const expected = crypto.createHmac('sha256', secret).update(`entry:${id}`).digest('hex');
    expect(entrySignature(secret, id)).toBe(expected);
    expect(verifyEntrySignature(secret, id, expected)).toBe(true);
    expect(verifyEntrySignature(secret, id, expected.replace(/^./, expected[0] === '0' ? '1' : '0'))).toBe(
      false,
    );
    expect(verifyEntrySignature(secret, id, 'ab')).toBe(false);
    expect(verifyEntrySignature('b'.repeat(64), id, expected)).toBe(false);
  });

  it('gives per-worker codes that differ by worker, by status and by study secret', () => {
    const a = perWorkerCode(secret, 'complete', 'w1');
    expect(a).toMatch(/^C[A-Z2-9]{10}$/);
    expect(perWorkerCode(secret, 'partial', 'w1')).toMatch(/^P[A-Z2-9]{10}$/);
    expect(perWorkerCode(secret, 'complete', 'w2')).not.toBe(a);
    expect(perWorkerCode('c'.repeat(64), 'complete', 'w1')).not.toBe(a);
    expect(perWorkerCode(secret, 'complete', 'w1')).toBe(a);
  });

  it('gives a default partial code that is stable per study', () => {
    expect(defaultPartialCode(secret)).toBe(defaultPartialCode(secret));
    expect(defaultPartialCode(secret)).toMatch(/^P[A-Z2-9]{9}$/);
    expect(defaultPartialCode('d'.repeat(64))).not.toBe(defaultPartialCode(secret));
  });
});
