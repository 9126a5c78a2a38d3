import { reliabilityBins } from '../../../server/domain/stats';

describe('reliabilityBins', () => {
  it('puts confidences into equal-width bins with the last bin including 1', () => {
    const { bins } = reliabilityBins([0.05, 0.55, 0.6, 1], [false, true, false, true], 2);
    expect(bins).toEqual([
      { low: 0, high: 0.5, count: 1, meanConfidence: 0.05, observedRate: 0 },
      {
        low: 0.5,
        high: 1,
        count: 3,
        meanConfidence: expect.closeTo(0.7167, 4),
        observedRate: expect.closeTo(2 / 3, 10),
      },
    ]);
  });

  // Hand-computed ECE: (1·|0.05 − 0| + 3·|0.7167 − 0.6667|) / 4 = (0.05 + 0.15) / 4 = 0.05.
  it('computes the expected calibration error as the count-weighted gap', () => {
    const { expectedCalibrationError } = reliabilityBins([0.05, 0.55, 0.6, 1], [false, true, false, true], 2);
    expect(expectedCalibrationError).toEqual({ value: expect.closeTo(0.05, 10), n: 4 });
  });

  it('gives zero error for perfectly calibrated bins', () => {
    const confidences = [0.25, 0.25, 0.25, 0.25];
    const { expectedCalibrationError } = reliabilityBins(confidences, [true, false, false, false], 4);
    expect(expectedCalibrationError.value).toBeCloseTo(0, 10);
  });

  it('reports null means for empty bins and defaults to 10 bins', () => {
    const { bins } = reliabilityBins([0.95], [true]);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toEqual({ low: 0, high: 0.1, count: 0, meanConfidence: null, observedRate: null });
    expect(bins[9]).toMatchObject({ count: 1, observedRate: 1 });
  });

  it('gives an undefined error with no examples', () => {
    expect(reliabilityBins([], []).expectedCalibrationError.value).toBeNull();
  });

  it('throws on confidences outside [0, 1] and on mismatched lengths', () => {
    expect(() => reliabilityBins([1.2], [true])).toThrow(RangeError);
    expect(() => reliabilityBins([0.2], [])).toThrow(RangeError);
  });
});
