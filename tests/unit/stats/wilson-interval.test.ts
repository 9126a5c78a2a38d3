import { wilsonInterval } from '../../../server/domain/stats';

// Hand-computed from Wilson (1927): centre (p + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·√(p(1−p)/n + z²/4n²).
describe('wilsonInterval', () => {
  it('gives [0.8882, 0.9785] for 95 of 100', () => {
    const stat = wilsonInterval(95, 100);
    expect(stat).toMatchObject({ value: 0.95, n: 100 });
    expect(stat.value !== null && stat.low).toBeCloseTo(0.8882, 4);
    expect(stat.value !== null && stat.high).toBeCloseTo(0.9785, 4);
  });

  it('gives [0, 0.2775] for 0 of 10, keeping the lower bound at exactly 0', () => {
    expect(wilsonInterval(0, 10)).toEqual({ value: 0, n: 10, low: 0, high: expect.closeTo(0.2775, 4) });
  });

  it('gives [0.7225, 1] for 10 of 10, keeping the upper bound at exactly 1', () => {
    expect(wilsonInterval(10, 10)).toEqual({ value: 1, n: 10, low: expect.closeTo(0.7225, 4), high: 1 });
  });

  it('is symmetric around one half for 5 of 10', () => {
    const stat = wilsonInterval(5, 10);
    expect(stat.value).toBe(0.5);
    expect(stat.value !== null && stat.low! + stat.high!).toBeCloseTo(1, 10);
  });

  it('is undefined with a reason when there are no observations', () => {
    expect(wilsonInterval(0, 0)).toEqual({ value: null, reason: 'no observations', n: 0 });
  });

  it('narrows when z is smaller (a 90% interval is inside the 95% one)', () => {
    const wide = wilsonInterval(30, 50);
    const narrow = wilsonInterval(30, 50, 1.644854);
    expect(narrow.value !== null && wide.value !== null && narrow.low! > wide.low!).toBe(true);
    expect(narrow.value !== null && wide.value !== null && narrow.high! < wide.high!).toBe(true);
  });

  it('throws on impossible counts, which are programming errors', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 10)).toThrow(RangeError);
  });
});
