import type { Knex } from 'knex';
import type { User } from '../accounts/types';
import type { Study } from '../studies/types';
import type { WorkerQualityService } from '../quality/service';
import * as crowd from './repo';
import type { CrowdSettings } from './schemas';

/** The researcher's crowd controls: settings, linked identities and refused entries, blocking a linked group. */
export function createCrowdAdminService(db: Knex, quality: WorkerQualityService) {
  return {
    updateSettings: (study: Study, s: CrowdSettings) => crowd.updateCrowdSettings(db, study.id, s),
    identityFlags: (study: Study) => crowd.identityFlags(db, study.id),
    addressGroups: (study: Study) => crowd.addressGroups(db, study.id),
    linkedIdentities: (study: Study, workerId: number) => crowd.linkedIdentities(db, study.id, workerId),

    /** Blocks every identity that arrived from the address (those already blocked are left as they are). */
    async blockAddressGroup(
      actor: User,
      study: Study,
      form: { address: string; reason: string; exclude: boolean },
    ): Promise<number> {
      const groups = await crowd.addressGroups(db, study.id);
      const group = groups.find((g) => g.address === form.address);
      let blocked = 0;
      for (const w of group?.workers ?? []) {
        if (w.blocked) continue;
        await quality.blockWorker(actor, study, Number(w.worker_id), {
          reason: `${form.reason} (linked: same address)`,
          exclude: form.exclude,
        });
        blocked += 1;
      }
      return blocked;
    },
  };
}

export type CrowdAdminService = ReturnType<typeof createCrowdAdminService>;
