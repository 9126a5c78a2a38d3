// A study's life cycle: draft → open ⇄ paused → closed, and closed → open again (reopen) when the researcher
// closed too early. A draft can only be opened.

export const STUDY_STATES = ['draft', 'open', 'paused', 'closed'] as const;
export type StudyState = (typeof STUDY_STATES)[number];
export const STUDY_ACTIONS = ['open', 'pause', 'resume', 'close', 'reopen'] as const;
export type StudyAction = (typeof STUDY_ACTIONS)[number];

export type TransitionResult = { ok: true; state: StudyState } | { ok: false; reason: string };

const TRANSITIONS: Record<StudyState, Partial<Record<StudyAction, StudyState>>> = {
  draft: { open: 'open' },
  open: { pause: 'paused', close: 'closed' },
  paused: { resume: 'open', close: 'closed' },
  closed: { reopen: 'open' },
};

const PAST: Record<StudyAction, string> = {
  open: 'opened',
  pause: 'paused',
  resume: 'resumed',
  close: 'closed',
  reopen: 'reopened',
};

/** Why: routes ask before writing, and the reason is shown to the researcher when the button was stale. */
export function studyTransition(from: StudyState, action: StudyAction): TransitionResult {
  const to = TRANSITIONS[from][action];
  if (to !== undefined) return { ok: true, state: to };
  if (from === 'closed')
    return { ok: false, reason: 'This study is closed; a closed study can only be reopened.' };
  const article = from === 'open' ? 'An' : 'A';
  return { ok: false, reason: `${article} ${from} study cannot be ${PAST[action]}.` };
}

/** Why: the progress page shows only the buttons that would succeed. */
export function availableActions(state: StudyState): StudyAction[] {
  return Object.keys(TRANSITIONS[state]) as StudyAction[];
}

/** Why: settings decide what was sampled and what workers were promised, so they change only before opening. */
export function isEditable(state: StudyState): boolean {
  return state === 'draft';
}

/** Why: only an open study hands out tasks; pausing stops new ones without cutting off work in progress. */
export function acceptsNewTasks(state: StudyState): boolean {
  return state === 'open';
}

/** Why: a worker who reserved before a pause may still submit; once closed, nothing more is recorded. */
export function acceptsSubmissions(state: StudyState): boolean {
  return state === 'open' || state === 'paused';
}
