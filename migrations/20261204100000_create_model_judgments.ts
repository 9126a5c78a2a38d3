import type { Knex } from 'knex';

/**
 * Model judges (issue 23): an LLM judge's answers to a study's examples, kept apart from human judgments so they
 * never fill a human slot, never count toward k and never enter the human statistics. Each import of a judge
 * name is a new version (model_judges row); its answers are model_judgments rows. Re-importing keeps every
 * version; reports read the latest unless asked for another.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE model_judges (
      id bigserial PRIMARY KEY,
      study_id bigint NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
      version integer NOT NULL CHECK (version >= 1),
      imported_by bigint NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
      imported_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (study_id, name, version)
    )
  `);
  await knex.raw(`
    CREATE TABLE model_judgments (
      id bigserial PRIMARY KEY,
      judge_id bigint NOT NULL REFERENCES model_judges(id) ON DELETE CASCADE,
      study_id bigint NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
      dataset_id bigint NOT NULL REFERENCES datasets(id) ON DELETE RESTRICT,
      example_id bigint NOT NULL REFERENCES examples(id) ON DELETE RESTRICT,
      answer text NOT NULL CHECK (char_length(answer) BETWEEN 1 AND 1000),
      confidence double precision CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
      rationale text CHECK (rationale IS NULL OR char_length(rationale) <= 5000),
      UNIQUE (judge_id, example_id)
    )
  `);
  await knex.raw('CREATE INDEX model_judgments_study ON model_judgments (study_id, judge_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE model_judgments');
  await knex.raw('DROP TABLE model_judges');
}
