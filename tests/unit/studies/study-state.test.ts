import {
  STUDY_STATES,
  acceptsNewTasks,
  acceptsSubmissions,
  availableActions,
  studyTransition,
} from '../../../server/domain/studies/study-state';
import type { StudyAction } from '../../../server/domain/studies/study-state';

const ACTIONS: StudyAction[] = ['open', 'pause', 'resume', 'close'];

describe('studyTransition', () => {
  test.each([
    ['draft', 'open', 'open'],
    ['open', 'pause', 'paused'],
    ['paused', 'resume', 'open'],
    ['open', 'close', 'closed'],
    ['paused', 'close', 'closed'],
  ] as const)('%s + %s → %s', (from, action, to) => {
    expect(studyTransition(from, action)).toEqual({ ok: true, state: to });
  });

  test('a draft can only be opened', () => {
    expect(ACTIONS.filter((a) => studyTransition('draft', a).ok)).toEqual(['open']);
    expect(studyTransition('draft', 'close')).toEqual({
      ok: false,
      reason: 'A draft study cannot be closed.',
    });
  });

  test('a closed study is final', () => {
    for (const action of ACTIONS) {
      expect(studyTransition('closed', action)).toEqual({
        ok: false,
        reason: 'This study is closed; a closed study cannot change.',
      });
    }
  });

  test('an open study cannot be opened again, nor a paused one paused', () => {
    expect(studyTransition('open', 'open').ok).toBe(false);
    expect(studyTransition('paused', 'pause').ok).toBe(false);
  });

  test('availableActions lists exactly the actions that succeed', () => {
    for (const state of STUDY_STATES) {
      expect(availableActions(state).sort()).toEqual(
        ACTIONS.filter((a) => studyTransition(state, a).ok).sort(),
      );
    }
  });
});

describe('acceptsNewTasks and acceptsSubmissions', () => {
  test('only an open study hands out tasks', () => {
    expect(STUDY_STATES.filter(acceptsNewTasks)).toEqual(['open']);
  });

  test('open and paused studies still accept submissions; draft and closed do not', () => {
    expect(STUDY_STATES.filter(acceptsSubmissions)).toEqual(['open', 'paused']);
  });
});
