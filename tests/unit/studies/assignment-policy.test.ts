import {
  decideSubmission,
  isEligible,
  isReservationLive,
  orderCandidates,
  quotaReached,
  remainingSlots,
  reservationExpiry,
} from '../../../server/domain/studies/assignment-policy';

const fresh = {
  judgmentsDone: 0,
  activeReservations: 0,
  k: 3,
  workerAlreadyJudged: false,
  workerAlreadyReserved: false,
};

describe('remainingSlots', () => {
  test('k minus judgments minus live reservations', () => {
    expect(remainingSlots({ judgmentsDone: 1, activeReservations: 1, k: 3 })).toBe(1);
  });

  test('never negative, even if counts overshoot k', () => {
    expect(remainingSlots({ judgmentsDone: 3, activeReservations: 2, k: 3 })).toBe(0);
  });
});

describe('isEligible', () => {
  test('an untouched example is eligible', () => {
    expect(isEligible(fresh)).toBe(true);
  });

  test('an example the worker already judged is not eligible', () => {
    expect(isEligible({ ...fresh, workerAlreadyJudged: true })).toBe(false);
  });

  test('an example the worker already holds is not eligible for a second reservation', () => {
    expect(isEligible({ ...fresh, workerAlreadyReserved: true })).toBe(false);
  });

  test('an example with k judgments is not eligible', () => {
    expect(isEligible({ ...fresh, judgmentsDone: 3 })).toBe(false);
  });

  test('live reservations of others count against k', () => {
    expect(isEligible({ ...fresh, judgmentsDone: 1, activeReservations: 2 })).toBe(false);
    expect(isEligible({ ...fresh, judgmentsDone: 1, activeReservations: 1 })).toBe(true);
  });
});

describe('quotaReached', () => {
  test('without a limit the quota is never reached', () => {
    expect(quotaReached(10_000, null)).toBe(false);
    expect(quotaReached(10_000, undefined)).toBe(false);
  });

  test('reached exactly at the limit, not before', () => {
    expect(quotaReached(4, 5)).toBe(false);
    expect(quotaReached(5, 5)).toBe(true);
  });
});

describe('orderCandidates', () => {
  const candidates = [
    { exampleId: 1, judgmentsDone: 0, randomKey: 0.3 },
    { exampleId: 2, judgmentsDone: 2, randomKey: 0.9 },
    { exampleId: 3, judgmentsDone: 1, randomKey: 0.1 },
    { exampleId: 4, judgmentsDone: 2, randomKey: 0.2 },
  ];

  test('random order follows the random key', () => {
    expect(orderCandidates(candidates, 'random').map((c) => c.exampleId)).toEqual([3, 4, 1, 2]);
  });

  test('finish-started puts the most judged first, then the random key', () => {
    expect(orderCandidates(candidates, 'finish-started').map((c) => c.exampleId)).toEqual([4, 2, 3, 1]);
  });

  test('equal random keys fall back to the example id; the input is not mutated', () => {
    const tied = [
      { exampleId: 9, judgmentsDone: 0, randomKey: 0.5 },
      { exampleId: 5, judgmentsDone: 0, randomKey: 0.5 },
    ];
    expect(orderCandidates(tied, 'random').map((c) => c.exampleId)).toEqual([5, 9]);
    expect(tied.map((c) => c.exampleId)).toEqual([9, 5]);
  });
});

describe('reservationExpiry and isReservationLive', () => {
  const now = new Date('2024-05-01T12:00:00Z');

  test('expiry is now plus the reservation minutes', () => {
    expect(reservationExpiry(now, 15).toISOString()).toBe('2024-05-01T12:15:00.000Z');
  });

  test('non-positive minutes throw', () => {
    expect(() => reservationExpiry(now, 0)).toThrow(RangeError);
  });

  test('a reservation is live before its expiry and gone at it', () => {
    const expiresAt = reservationExpiry(now, 15);
    expect(isReservationLive(expiresAt, new Date('2024-05-01T12:14:59.999Z'))).toBe(true);
    expect(isReservationLive(expiresAt, expiresAt)).toBe(false);
  });
});

describe('decideSubmission', () => {
  const base = {
    workerAlreadyJudged: false,
    reservationLive: true,
    judgmentsDone: 2,
    otherActiveReservations: 0,
    k: 3,
  };

  test('a submit on a live reservation is accepted', () => {
    expect(decideSubmission(base)).toBe('accept');
  });

  test('a second submit of the same form is a duplicate', () => {
    expect(decideSubmission({ ...base, workerAlreadyJudged: true })).toBe('duplicate');
  });

  test('a late submit is accepted while a slot is still free', () => {
    expect(decideSubmission({ ...base, reservationLive: false })).toBe('accept');
  });

  test('a late submit is refused once others filled the slots', () => {
    expect(decideSubmission({ ...base, reservationLive: false, otherActiveReservations: 1 })).toBe(
      'slot-taken',
    );
    expect(decideSubmission({ ...base, reservationLive: false, judgmentsDone: 3 })).toBe('slot-taken');
  });
});
