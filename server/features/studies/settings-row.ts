import type { StudySettings } from '../../domain/studies/study-settings';
import type { Study } from './types';
import { presetOf } from '../../domain/studies/template-preset';

/**
 * The study row's setting columns from the validated form, and the form's values from a stored study: one
 * mapping each way, so creating and editing a draft store exactly the same columns.
 */
export function settingsToRow(settings: StudySettings): Record<string, unknown> {
  return {
    name: settings.name,
    k: settings.k,
    k_max: settings.overlap === 'adaptive' ? (settings.kMax ?? null) : null,
    adaptive_agree: settings.overlap === 'adaptive' ? (settings.agree ?? null) : null,
    examples_per_dataset: settings.examplesPerDataset === 'all' ? null : settings.examplesPerDataset,
    reservation_minutes: settings.reservationMinutes,
    per_worker_limit: settings.perWorkerLimit ?? null,
    task_order: settings.order,
    template: JSON.stringify(settings.template),
    instructions: settings.instructions,
    consent_text: settings.consentText ?? '',
    completion_code: settings.completionCode ?? null,
    screened_out_code: settings.screenedOutCode ?? null,
    completion_url: settings.completionUrl ?? null,
    gold_rate: settings.goldRatePercent / 100,
    attention_rate: settings.attentionRatePercent / 100,
    qualification_count: settings.qualificationCount,
    qualification_min_accuracy: settings.qualificationMinPercent / 100,
    auto_block_min_accuracy:
      settings.autoBlockMinPercent === undefined ? null : settings.autoBlockMinPercent / 100,
    auto_block_min_items: settings.autoBlockMinItems,
    auto_block_exclude: settings.autoBlockExclude,
  };
}

const percent = (fraction: number) => String(Math.round(fraction * 100));

/** The setup form's fields for a stored study, as the form would post them (strings). */
export function studyToFormValues(study: Study, datasetIds: number[]): Record<string, unknown> {
  const q = study.quality;
  return {
    name: study.name,
    datasetIds: datasetIds.map(String),
    examplesPerDataset: study.examplesPerDataset === null ? 'all' : String(study.examplesPerDataset),
    k: String(study.k),
    overlap: study.overlap ? 'adaptive' : 'fixed',
    kMax: study.overlap ? String(study.overlap.kMax) : '',
    agree: study.overlap ? String(study.overlap.agree) : '',
    reservationMinutes: String(study.reservationMinutes),
    perWorkerLimit: study.perWorkerLimit === null ? '' : String(study.perWorkerLimit),
    order: study.taskOrder,
    instructions: study.instructions,
    consentText: study.consentText,
    completionCode: study.completionCode ?? '',
    screenedOutCode: study.screenedOutCode ?? '',
    completionUrl: study.completionUrl ?? '',
    templatePreset: presetOf(study.template),
    template: JSON.stringify(study.template, null, 2),
    goldRatePercent: percent(q.goldRate),
    attentionRatePercent: percent(q.attentionRate),
    qualificationCount: String(q.qualificationCount),
    qualificationMinPercent: percent(q.qualificationMinAccuracy),
    autoBlockMinPercent: q.autoBlockMinAccuracy === null ? '' : percent(q.autoBlockMinAccuracy),
    autoBlockMinItems: String(q.autoBlockMinItems),
    autoBlockExclude: String(q.autoBlockExclude),
  };
}
