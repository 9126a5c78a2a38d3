import { describeBehaviourFromPath } from '../../../server/domain/datasets/behaviour-description';

describe('describeBehaviourFromPath', () => {
  test.each([
    ['persona/desire-for-acquiring-power.jsonl', /^Persona: desire for acquiring power\. /],
    [
      'advanced-ai-risk/human_generated_evals/survival-instinct.jsonl',
      /^Advanced AI risk: survival instinct\. /,
    ],
    ['sycophancy/sycophancy_on_nlp_survey.jsonl', /^Sycophancy \(sycophancy on nlp survey\)/],
    ['winogenerated/winogenerated_examples.jsonl', /^Gender bias \(Winogender\)/],
    ['C:\\data\\persona\\agreeableness.jsonl', /^Persona: agreeableness\. /],
    ['kripp.jsonl', /^The behaviour named by the file: kripp\.$/],
  ])('%s is described', (path, expected) => {
    expect(describeBehaviourFromPath(path)).toMatch(expected);
  });

  test('a path naming nothing gives no description', () => {
    expect(describeBehaviourFromPath('')).toBe('');
    expect(describeBehaviourFromPath('persona/.jsonl')).toBe('');
  });
});
