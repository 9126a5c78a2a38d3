/**
 * Reading the labeling page as a browser would: GET /work/studies/:id/next claims a task and shows it, and the
 * task's form says where the answers go (the task's own URL) with its CSRF token and submission key.
 */
export interface TaskForm {
  action: string;
  csrf: string;
  submissionKey: string;
}

export function taskFormOf(html: string): TaskForm | undefined {
  const action = /<form method="post" action="(\/work\/studies\/\d+\/tasks\/\d+)"/.exec(html)?.[1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const submissionKey = /name="submission_key" value="([^"]+)"/.exec(html)?.[1];
  return action && csrf && submissionKey ? { action, csrf, submissionKey } : undefined;
}
