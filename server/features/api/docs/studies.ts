import { PageQuery, StudyParams, StudySettingsBody, StudyStateBody } from '../schemas';
import { z } from 'zod';
import { json, page, type Operation } from './operation';
import { ProgressJson, StudyJson } from '../responses';

const one = (description: string) => json(description, z.object({ study: StudyJson }));

/** Studies: create a draft, replace its settings, move it through its states, watch its progress. */
export const studyOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/studies',
    operationId: 'listStudies',
    tag: 'studies',
    summary: "The caller's studies (an admin's: everyone's), oldest first",
    access: 'read',
    query: PageQuery,
    responses: {
      200: page(
        'studies',
        'A page of studies',
        StudyJson.extend({ tasks: z.number().int(), judged: z.number().int() }),
      ),
    },
  },
  {
    method: 'post',
    path: '/api/v1/studies',
    operationId: 'createStudy',
    tag: 'studies',
    summary: 'Create a study over some of your datasets, as a draft',
    description:
      "The setup form's fields as JSON values. Each dataset's examples are sampled (stratified by proposed " +
      'label, with a recorded seed) when the draft is created. Open it with `POST /api/v1/studies/{id}/state`.',
    access: 'write',
    body: { kind: 'json', schema: StudySettingsBody },
    responses: { 201: one('The draft study') },
  },
  {
    method: 'get',
    path: '/api/v1/studies/:id',
    operationId: 'getStudy',
    tag: 'studies',
    summary: 'A study: settings, state, the actions its state allows, entry link and progress',
    access: 'read',
    params: StudyParams,
    responses: {
      200: json('The study', z.object({ study: StudyJson, progress: ProgressJson })),
    },
  },
  {
    method: 'put',
    path: '/api/v1/studies/:id',
    operationId: 'updateStudy',
    tag: 'studies',
    summary: 'Replace every setting of a draft (409 once it was opened)',
    access: 'write',
    params: StudyParams,
    body: { kind: 'json', schema: StudySettingsBody },
    responses: { 200: one('The draft as it now is') },
  },
  {
    method: 'post',
    path: '/api/v1/studies/:id/state',
    operationId: 'changeStudyState',
    tag: 'studies',
    summary: 'Open, pause, resume, close or reopen a study',
    description: 'draft → open ⇄ paused → closed → (reopen) open. A move its state does not allow is 422.',
    access: 'write',
    params: StudyParams,
    body: { kind: 'json', schema: StudyStateBody },
    responses: { 200: one('The study in its new state') },
  },
  {
    method: 'get',
    path: '/api/v1/studies/:id/progress',
    operationId: 'getStudyProgress',
    tag: 'studies',
    summary: 'Judged / needed per dataset, live reservations and workers',
    access: 'read',
    params: StudyParams,
    responses: { 200: json('The progress', ProgressJson) },
  },
];
