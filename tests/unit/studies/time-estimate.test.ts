import {
  DEFAULT_TEMPLATE,
  WINOGENERATED_TEMPLATE,
  type Question,
  type QuestionTemplate,
} from '../../../server/domain/studies/question-template';
import {
  MAX_RESERVATION_MINUTES,
  MIN_RESERVATION_MINUTES,
  READING_SECONDS,
  defaultReservationMinutes,
  expectedMinutes,
  secondsPerItem,
} from '../../../server/domain/studies/time-estimate';

const yesNo = (id: string): Question => ({ id, kind: 'yes-no', required: true, prompt: id });
const text = (id: string): Question => ({ id, kind: 'text', required: false, prompt: id, maxLength: 500 });
const template = (...questions: Question[]): QuestionTemplate => ({ questions });

describe('secondsPerItem', () => {
  test("the paper's three questions take reading plus choice, rating and yes-no: 36 s", () => {
    expect(secondsPerItem(DEFAULT_TEMPLATE)).toBe(READING_SECONDS + 10 + 6 + 5);
  });

  test('each free-text question adds more than a yes-no question', () => {
    expect(secondsPerItem(template(text('a')))).toBeGreaterThan(secondsPerItem(template(yesNo('a'))));
  });

  test('more questions never take less time', () => {
    expect(secondsPerItem(WINOGENERATED_TEMPLATE)).toBeGreaterThan(secondsPerItem(template(yesNo('a'))));
  });
});

describe('expectedMinutes', () => {
  test('no items take no time', () => {
    expect(expectedMinutes(DEFAULT_TEMPLATE, 0)).toBe(0);
  });

  test('a single short item still shows one minute', () => {
    expect(expectedMinutes(template(yesNo('a')), 1)).toBe(1);
  });

  test('twenty default items take 12 minutes (20 × 36 s)', () => {
    expect(expectedMinutes(DEFAULT_TEMPLATE, 20)).toBe(12);
  });

  test('rounds up, never down', () => {
    expect(expectedMinutes(DEFAULT_TEMPLATE, 21)).toBe(13); // 12.6 minutes
  });
});

describe('defaultReservationMinutes', () => {
  test('the default template gets 10 minutes (ten times 36 s, rounded up to 5)', () => {
    expect(defaultReservationMinutes(DEFAULT_TEMPLATE)).toBe(10);
  });

  test('a one-question template gets the 5-minute floor', () => {
    expect(defaultReservationMinutes(template(yesNo('a')))).toBe(MIN_RESERVATION_MINUTES);
  });

  test('a long free-text template is capped at an hour', () => {
    const many = template(...Array.from({ length: 30 }, (_, i) => text(`t${i}`)));
    expect(defaultReservationMinutes(many)).toBe(MAX_RESERVATION_MINUTES);
  });

  test('is always a multiple of 5 within the bounds', () => {
    for (let n = 1; n <= 30; n += 1) {
      const minutes = defaultReservationMinutes(
        template(...Array.from({ length: n }, (_, i) => yesNo(`q${i}`))),
      );
      expect(minutes % 5).toBe(0);
      expect(minutes).toBeGreaterThanOrEqual(MIN_RESERVATION_MINUTES);
      expect(minutes).toBeLessThanOrEqual(MAX_RESERVATION_MINUTES);
    }
  });
});
