import {
  applyEditorAction,
  draftFromForm,
  draftOf,
  validateDraft,
} from '../../../server/domain/studies/template-editor';
import { BUILTIN_TEMPLATES, WINOGENERATED_TEMPLATE } from '../../../server/domain/studies/question-template';

/** A posted editor form: the template name and each question's fields as `questions.<i>.<field>`. */
function form(name: string, questions: Record<string, string>[]): Record<string, string> {
  const body: Record<string, string> = { name };
  questions.forEach((q, i) => {
    for (const [k, v] of Object.entries(q)) body[`questions.${i}.${k}`] = v;
  });
  return body;
}

describe('validateDraft (field-level errors)', () => {
  it('keys each error by the form field it belongs to', () => {
    const result = validateDraft(
      draftFromForm(
        form('  ', [
          { id: 'scale', kind: 'rating', prompt: '', min: 'x', max: '3', minLabel: 'Low', maxLabel: 'High' },
          { id: 'notes', kind: 'text', prompt: 'Anything else?', maxLength: '0' },
          { id: 'Bad Id', kind: 'yes-no', prompt: 'Fine?' },
        ]),
      ),
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        name: 'Give the template a name',
        'questions.0.prompt': 'Must not be empty',
        'questions.0.min': 'Must be a whole number',
        'questions.1.maxLength': 'Must be at least 1',
        'questions.2.id': 'Must be a slug: a lowercase letter, then up to 39 of a-z 0-9 _ -',
      },
    });
  });

  it('names the field of a scale whose ends are the wrong way round, and an empty end label', () => {
    const result = validateDraft(
      draftFromForm(
        form('Scale', [
          { id: 'r', kind: 'rating', prompt: 'How good?', min: '5', max: '1', maxLabel: 'Top' },
        ]),
      ),
    );
    expect(result).toEqual({
      ok: false,
      errors: { 'questions.0.minLabel': 'Must not be empty', 'questions.0.max': 'Must be greater than min' },
    });
  });

  it('says a template needs a question, and that two questions cannot share an id', () => {
    expect(validateDraft(draftFromForm({ name: 'Empty' }))).toEqual({
      ok: false,
      errors: { questions: 'Must have at least one question' },
    });
    const twice = validateDraft(
      draftFromForm(
        form('Twice', [
          { id: 'same', kind: 'yes-no', prompt: 'One?' },
          { id: 'same', kind: 'yes-no', prompt: 'Two?' },
        ]),
      ),
    );
    expect(twice).toEqual({ ok: false, errors: { 'questions.1.id': 'Duplicates questions[0].id' } });
  });

  it('accepts every built-in template unchanged after a trip through the form', () => {
    for (const builtin of BUILTIN_TEMPLATES) {
      const result = validateDraft(draftOf(builtin.template, builtin.name));
      expect(result).toEqual({ ok: true, name: builtin.name, template: builtin.template });
    }
  });

  it('reads kinds, required, help, role and a scale’s own labels from the form', () => {
    const result = validateDraft(
      draftFromForm(
        form('Mine', [
          { id: 'own', kind: 'choice', prompt: 'Which?', required: 'true', role: 'answer', help: 'Pick one' },
          {
            id: 'r',
            kind: 'rating',
            prompt: 'Sure?',
            min: '1',
            max: '3',
            minLabel: 'No',
            maxLabel: 'Yes',
            labels: 'No | Maybe | Yes',
          },
          // A role that is not its kind's is dropped, not an error: the checkbox belongs to another kind.
          { id: 'why', kind: 'text', prompt: 'Why?', maxLength: '500', role: 'answer' },
        ]),
      ),
    );
    expect(result).toEqual({
      ok: true,
      name: 'Mine',
      template: {
        questions: [
          { id: 'own', kind: 'choice', prompt: 'Which?', required: true, role: 'answer', help: 'Pick one' },
          {
            id: 'r',
            kind: 'rating',
            prompt: 'Sure?',
            required: false,
            min: 1,
            max: 3,
            minLabel: 'No',
            maxLabel: 'Yes',
            labels: ['No', 'Maybe', 'Yes'],
          },
          { id: 'why', kind: 'text', prompt: 'Why?', required: false, maxLength: 500 },
        ],
      },
    });
  });
});

describe('applyEditorAction', () => {
  const draft = draftOf(WINOGENERATED_TEMPLATE, 'Wino');
  const ids = (d: typeof draft) => d.questions.map((q) => q.id);

  it('moves a question up or down, and not past either end', () => {
    expect(ids(applyEditorAction(draft, 'up-1')).slice(0, 2)).toEqual([
      'pair-correct',
      'profession-accurate',
    ]);
    expect(ids(applyEditorAction(draft, 'down-0')).slice(0, 2)).toEqual([
      'pair-correct',
      'profession-accurate',
    ]);
    expect(ids(applyEditorAction(draft, 'up-0'))).toEqual(ids(draft));
    expect(ids(applyEditorAction(draft, 'down-6'))).toEqual(ids(draft));
  });

  it('adds a blank question of the kind asked with an unused id, and removes by position', () => {
    const added = applyEditorAction(draft, 'add-rating');
    expect(added.questions).toHaveLength(8);
    expect(added.questions[7]).toMatchObject({ id: 'q8', kind: 'rating', prompt: '', required: true });
    const removed = applyEditorAction(draft, 'remove-0');
    expect(ids(removed)).toEqual(ids(draft).slice(1));
    expect(applyEditorAction(draft, 'remove-context-0').context).toHaveLength(3);
    expect(applyEditorAction(draft, 'add-context').context).toHaveLength(5);
  });

  it('leaves the draft as it is for save, preview and refresh', () => {
    for (const action of ['save', 'preview', 'refresh'])
      expect(applyEditorAction(draft, action)).toEqual(draft);
  });
});
