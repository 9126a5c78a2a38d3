import {
  STUDY_ACTIONS,
  STUDY_STATES,
  acceptsNewTasks,
  acceptsSubmissions,
  availableActions,
  isEditable,
  studyTransition,
} from '../../../server/domain/studies/study-state';
import type { StudyAction, StudyState } from '../../../server/domain/studies/study-state';

/** The whole table: every (state, action) pair and where it leads, or null when it is refused. */
const EXPECTED: Record<StudyState, Record<StudyAction, StudyState | null>> = {
  draft: { open: 'open', pause: null, resume: null, close: null, reopen: null },
  open: { open: null, pause: 'paused', resume: null, close: 'closed', reopen: null },
  paused: { open: null, pause: null, resume: 'open', close: 'closed', reopen: null },
  closed: { open: null, pause: null, resume: null, close: null, reopen: 'open' },
};

describe('studyTransition', () => {
  const pairs = STUDY_STATES.flatMap((from) => STUDY_ACTIONS.map((action) => [from, action] as const));

  test.each(pairs)('%s + %s follows the table', (from, action) => {
    const to = EXPECTED[from][action];
    const result = studyTransition(from, action);
    if (to === null) expect(result.ok).toBe(false);
    else expect(result).toEqual({ ok: true, state: to });
  });

  test('a refused transition says why in words', () => {
    expect(studyTransition('draft', 'close')).toEqual({
      ok: false,
      reason: 'A draft study cannot be closed.',
    });
    expect(studyTransition('open', 'reopen')).toEqual({
      ok: false,
      reason: 'An open study cannot be reopened.',
    });
  });

  test('a closed study can only be reopened', () => {
    for (const action of STUDY_ACTIONS.filter((a) => a !== 'reopen')) {
      expect(studyTransition('closed', action)).toEqual({
        ok: false,
        reason: 'This study is closed; a closed study can only be reopened.',
      });
    }
    expect(studyTransition('closed', 'reopen')).toEqual({ ok: true, state: 'open' });
  });

  test('availableActions lists exactly the actions that succeed', () => {
    for (const state of STUDY_STATES) {
      expect([...availableActions(state)].sort()).toEqual(
        STUDY_ACTIONS.filter((a) => studyTransition(state, a).ok).sort(),
      );
    }
  });
});

describe('isEditable, acceptsNewTasks and acceptsSubmissions', () => {
  test('only a draft can be edited', () => {
    expect(STUDY_STATES.filter(isEditable)).toEqual(['draft']);
  });

  test('only an open study hands out tasks', () => {
    expect(STUDY_STATES.filter(acceptsNewTasks)).toEqual(['open']);
  });

  test('open and paused studies still accept submissions; draft and closed do not', () => {
    expect(STUDY_STATES.filter(acceptsSubmissions)).toEqual(['open', 'paused']);
  });
});
