/** Report assembly: pure functions from examples and judgments to reports. No SQL, no clock. */
export * from './types';
export * from './answers';
export * from './example-results';
export * from './core-stats';
export * from './label-model';
export * from './confidence';
export * from './failed-examples';
export * from './dataset-report';
export * from './study-summary';
export * from './pair-comparison';
export * from './cleaning-rules';
export * from './judgment-import-rows';
export * from './question-stats';
export * from './question-cells';
export * from './question-rules';
