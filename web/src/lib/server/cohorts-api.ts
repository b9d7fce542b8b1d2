import {
  cohort,
  cohortExperiences,
  cohortList,
  publicCohortList,
  type CohortInput,
  type CohortUpdate,
} from '../../../../shared/schemas/godchild.ts';
import { callApi, type Caller } from './api.ts';

const path = (id: string) => encodeURIComponent(id);

/** The API calls of the platform admin's cohort pages and of the pages that need the served birth years. */
export const cohortsApi = {
  listServed(caller: Caller) {
    return callApi(caller, 'GET', '/api/v1/cohorts', publicCohortList);
  },
  experiences(caller: Caller, cohortId: string) {
    return callApi(caller, 'GET', `/api/v1/cohorts/${path(cohortId)}/experiences`, cohortExperiences);
  },
  listAll(caller: Caller) {
    return callApi(caller, 'GET', '/api/v1/admin/cohorts', cohortList);
  },
  get(caller: Caller, id: string) {
    return callApi(caller, 'GET', `/api/v1/admin/cohorts/${path(id)}`, cohort);
  },
  create(caller: Caller, body: CohortInput) {
    return callApi(caller, 'POST', '/api/v1/admin/cohorts', cohort, body);
  },
  update(caller: Caller, id: string, body: CohortUpdate) {
    return callApi(caller, 'PUT', `/api/v1/admin/cohorts/${path(id)}`, cohort, body);
  },
};
