/** Model judges beside people (issue 23): pure functions from examples, human and judge answers to figures. */
export * from './types';
export * from './judge-rows';
export * from './unify';
export * from './pair-counts';
export * from './pairwise';
export * from './majority';
export * from './per-human';
export * from './corrected';
export * from './verdict';
export * from './compare-judge';
export * from './judges-report';
