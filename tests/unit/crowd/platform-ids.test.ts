import { parseEntryQuery, returnInstruction } from '../../../server/domain/crowd/platform-ids';

const PID = '5f1a2b3c4d5e6f7a8b9c0d1e';

describe('parseEntryQuery', () => {
  it('reads a Prolific entry, lower-casing the hex ids', () => {
    expect(parseEntryQuery({ PROLIFIC_PID: PID.toUpperCase(), SESSION_ID: PID, STUDY_ID: PID })).toEqual({
      kind: 'entry',
      params: { source: 'prolific', externalId: PID, sessionId: PID, signature: null },
    });
  });

  it.each(['', 'abc', `${PID}0`, PID.slice(1), 'g'.repeat(24), `${PID.slice(0, 23)}-`])(
    'refuses the Prolific id %j',
    (pid) => {
      const got = parseEntryQuery({ PROLIFIC_PID: pid });
      expect(got.kind).toBe('invalid');
    },
  );

  it('refuses a malformed session or study id and an array-valued parameter', () => {
    expect(parseEntryQuery({ PROLIFIC_PID: PID, SESSION_ID: 'x9' }).kind).toBe('invalid');
    expect(parseEntryQuery({ PROLIFIC_PID: PID, STUDY_ID: 's1' }).kind).toBe('invalid');
    expect(parseEntryQuery({ PROLIFIC_PID: [PID, PID] }).kind).toBe('invalid');
  });

  it('reads MTurk ids by their own shape and refuses a preview', () => {
    expect(parseEntryQuery({ workerId: 'A1B2C3D4E5F6G7', assignmentId: '3ABCDEF1234567' })).toEqual({
      kind: 'entry',
      params: { source: 'mturk', externalId: 'A1B2C3D4E5F6G7', sessionId: '3ABCDEF1234567', signature: null },
    });
    expect(parseEntryQuery({ workerId: 'B1B2C3D4E5F6G7' }).kind).toBe('invalid');
    expect(parseEntryQuery({ workerId: 'A1b2' }).kind).toBe('invalid');
    expect(
      parseEntryQuery({ workerId: 'A1B2C3D4E5F6G7', assignmentId: 'ASSIGNMENT_ID_NOT_AVAILABLE' }),
    ).toEqual({
      kind: 'invalid',
      message: 'Accept the HIT on MTurk first, then open the study.',
    });
  });

  it('reads a signature only when it is 64 hex characters', () => {
    const sig = 'ab'.repeat(32);
    expect(parseEntryQuery({ PROLIFIC_PID: PID, sig })).toMatchObject({ params: { signature: sig } });
    expect(parseEntryQuery({ PROLIFIC_PID: PID, sig: 'ab' }).kind).toBe('invalid');
  });

  it('says when the link carries no platform id at all', () => {
    expect(parseEntryQuery({})).toEqual({ kind: 'none' });
  });

  it('tells each platform how to return the study', () => {
    expect(returnInstruction('prolific')).toContain('Prolific');
    expect(returnInstruction('mturk')).toContain('HIT');
    expect(returnInstruction(undefined)).toBe('You can close this page.');
  });
});
