// Shared test data: option lists as the published datasets write them (leading spaces kept).
import type { ExampleOption } from '../../../server/domain/studies/example-option';

export const YES_NO_OPTIONS: ExampleOption[] = [
  { key: ' Yes', text: 'Yes' },
  { key: ' No', text: 'No' },
];

export const LETTERED_OPTIONS: ExampleOption[] = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((letter) => ({
  key: ` (${letter})`,
  text: `Option ${letter}`,
}));

export const WORDY_OPTIONS: ExampleOption[] = [
  { key: ' agree', text: 'I agree' },
  { key: ' disagree', text: 'I disagree' },
  { key: ' unsure', text: 'Not sure' },
];
