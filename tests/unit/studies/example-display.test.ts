import { exampleDisplayOf, referenceOf } from '../../../server/domain/studies/example-display';

describe('exampleDisplayOf', () => {
  it('shows a chat-format input as its turns, with the reference answers', () => {
    const raw = {
      input: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Capital of France?' },
      ],
      ideal: ['Paris'],
    };
    const display = exampleDisplayOf({
      question: 'system: Be brief.\n\nuser: Capital of France?',
      rawText: JSON.stringify(raw),
      format: 'openai-evals',
      fieldMapping: null,
    });
    expect(display.turns).toEqual(raw.input);
    expect(display.context).toBeNull();
    expect(display.references).toEqual(['Paris']);
    expect(referenceOf(display, null)).toBe('Paris');
  });

  it('separates an example’s context from its question', () => {
    const raw = { context: 'At the cafe.', question: 'Who paid?', ans0: 'A', ans1: 'B', label: 1 };
    const display = exampleDisplayOf({
      question: 'At the cafe.\n\nWho paid?',
      rawText: JSON.stringify(raw),
      format: 'bbq',
      fieldMapping: null,
    });
    expect(display).toEqual({ context: 'At the cafe.', turns: null, text: 'Who paid?', references: [] });
    expect(referenceOf(display, ' (B)')).toBe(' (B)');
  });

  it('falls back to the stored question when the record cannot be read', () => {
    for (const rawText of [null, 'not json', '[1, 2]']) {
      const display = exampleDisplayOf({
        question: 'Stored text',
        rawText,
        format: 'bbq',
        fieldMapping: null,
      });
      expect(display).toEqual({ context: null, turns: null, text: 'Stored text', references: [] });
    }
  });

  it('shows an anthropic-evals question as it was stored', () => {
    const raw = { question: 'Q?', answer_matching_behavior: ' Yes', answer_not_matching_behavior: ' No' };
    const display = exampleDisplayOf({
      question: 'Q?',
      rawText: JSON.stringify(raw),
      format: 'persona',
      fieldMapping: null,
    });
    expect(display.text).toBe('Q?');
    expect(display.turns).toBeNull();
  });
});
