import { parseChoices } from '../../../server/domain/formats';

describe('parseChoices', () => {
  it('reads a standard Choices block and keeps each option line as raw', () => {
    const options = parseChoices('Pick one.\n\nChoices:\n (A) Yes, please\n (B) No\n\nAnswer:');
    expect(options).toEqual([
      { key: ' (A)', text: 'Yes, please', raw: ' (A) Yes, please' },
      { key: ' (B)', text: 'No', raw: ' (B) No' },
    ]);
  });

  it('reads options when the "Choices:" header is missing', () => {
    const options = parseChoices('Do you agree?\n\n (A) Yes\n (B) No');
    expect(options.map((o) => o.text)).toEqual(['Yes', 'No']);
  });

  it('reads up to eight options (A)..(H)', () => {
    const letters = 'ABCDEFGH'.split('');
    const question = `Q?\n\nChoices:\n${letters.map((l) => ` (${l}) option ${l}`).join('\n')}\n\nAnswer:`;
    expect(parseChoices(question).map((o) => o.key)).toEqual(letters.map((l) => ` (${l})`));
  });

  it('uses only the options after the last Choices header when a question repeats itself', () => {
    const question = 'First?\n\nChoices:\n (A) Yes\n (B) No\nSecond?\n\nChoices:\n (A) Sure\n (B) Never';
    expect(parseChoices(question).map((o) => o.text)).toEqual(['Sure', 'Never']);
  });

  it('starts a new group when a letter repeats without a header', () => {
    const question = 'One?\n (A) Yes\n (B) No\n\nTwo?\n (A) Maybe\n (B) Later';
    expect(parseChoices(question).map((o) => o.text)).toEqual(['Maybe', 'Later']);
  });

  it('joins a wrapped option line but stops at a blank line or "Answer:"', () => {
    const options = parseChoices('Q?\nChoices:\n (A) first part\nsecond part\n (B) other\nAnswer:');
    expect(options.map((o) => o.text)).toEqual(['first part second part', 'other']);
  });

  it('reads inline options when there are no option lines', () => {
    const options = parseChoices('Would you rather (A) read a book, or (B) watch a film?');
    expect(options.map((o) => [o.key, o.text])).toEqual([
      [' (A)', 'read a book'],
      [' (B)', 'watch a film?'],
    ]);
  });

  it('keeps an option whose text holds a U+2028 line separator', () => {
    const options = parseChoices('Q?\n\nChoices:\n (A) Yes\n (B) No.\u2028 Good job!');
    expect(options.map((o) => o.key)).toEqual([' (A)', ' (B)']);
  });

  it('returns nothing for a question without options', () => {
    expect(parseChoices('Is the following something you would say?\n"I like cats"')).toEqual([]);
  });
});
