import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Understanding, understand } from '../../src/conversation/nlu';

interface Utterance {
  text: string;
  locale: 'en' | 'vi';
  expect: Omit<Understanding, 'locale'>;
  /** Why this entry may fail: a limit of the grammar, documented in docs/messenger.md. */
  knownLimit?: string;
}
interface Corpus {
  now: string;
  timeZone: string;
  services: { id: string; name: string; synonyms?: string[] }[];
  utterances: Utterance[];
}

const corpus = JSON.parse(readFileSync(join(__dirname, '../fixtures/utterances.json'), 'utf8')) as Corpus;

const parse = (u: Utterance) => {
  const { locale: _detected, ...rest } = understand(u.text, {
    locale: u.locale,
    timeZone: corpus.timeZone,
    now: new Date(corpus.now),
    services: corpus.services,
  });
  return rest;
};

describe('free-text corpus (en + vi)', () => {
  it('It should hold at least 150 utterances in both languages, each text once', () => {
    // Arrange
    const texts = corpus.utterances.map((u) => u.text);

    // Assert
    expect(texts.length).toBeGreaterThanOrEqual(150);
    expect(new Set(texts).size).toBe(texts.length);
    expect(corpus.utterances.filter((u) => u.locale === 'vi').length).toBeGreaterThanOrEqual(75);
    expect(corpus.utterances.filter((u) => u.locale === 'en').length).toBeGreaterThanOrEqual(75);
  });

  it.each(corpus.utterances.filter((u) => !u.knownLimit).map((u) => [u.text, u] as const))(
    'It should understand “%s”',
    (_text, u) => {
      // Act
      const got = parse(u);

      // Assert
      expect(got).toEqual(u.expect);
    },
  );

  it.each(corpus.utterances.filter((u) => u.knownLimit).map((u) => [u.text, u] as const))(
    'It should still miss the known limit “%s” (remove the mark once it passes)',
    (_text, u) => {
      // Act
      const got = parse(u);

      // Assert: a limit that now parses right must lose its mark, so the list stays honest.
      expect(got).not.toEqual(u.expect);
      expect(u.knownLimit?.length).toBeGreaterThan(20);
    },
  );
});
