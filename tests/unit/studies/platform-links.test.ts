import { platformLinks } from '../../../server/domain/studies/platform-links';

describe('platformLinks', () => {
  test('the Prolific link carries the three placeholders Prolific fills in', () => {
    expect(platformLinks('https://evalvet.example/s/abc').prolific).toBe(
      'https://evalvet.example/s/abc?PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID={{%STUDY_ID%}}&SESSION_ID={{%SESSION_ID%}}',
    );
  });

  test('a link that already has a query gets the placeholders after an ampersand', () => {
    expect(platformLinks('https://evalvet.example/s/abc?x=1').prolific).toMatch(/\?x=1&PROLIFIC_PID=/);
  });

  test('the MTurk link is the plain entry link, to which MTurk appends workerId and assignmentId', () => {
    expect(platformLinks('https://evalvet.example/s/abc').mturk).toBe('https://evalvet.example/s/abc');
  });
});
