/** The study as reports (and the judgment import) see it: importable without the reports repo. */
export interface ReportStudy {
  id: number;
  ownerId: number;
  name: string;
  state: string;
  k: number;
  examplesPerDataset: number | null;
  seed: number;
  questions: { id: string; kind: string; role?: string }[];
  createdAt: Date;
}
