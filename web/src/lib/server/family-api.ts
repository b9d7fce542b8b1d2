import * as z from 'zod';
import {
  familyChild,
  familyView,
  guardianInvitationSent,
  myFamily,
  type ChildInput,
  type ChildUpdate,
  type FamilySettings,
} from '../../../../shared/schemas/godchild.ts';
import { callApi, type Caller } from './api.ts';

const path = (id: string) => encodeURIComponent(id);
/** A 204 answer has no body. */
const noContent = z.undefined();

/** The API calls of a guardian's family pages; each needs the guardian's session. */
export const familyApi = {
  mine(caller: Caller) {
    return callApi(caller, 'GET', '/api/v1/me/family', myFamily);
  },
  saveSettings(caller: Caller, body: FamilySettings) {
    return callApi(caller, 'PUT', '/api/v1/me/family/settings', familyView, body);
  },
  registerChild(caller: Caller, body: ChildInput) {
    return callApi(caller, 'POST', '/api/v1/me/family/children', familyChild, body);
  },
  editChild(caller: Caller, id: string, body: ChildUpdate) {
    return callApi(caller, 'PUT', `/api/v1/me/family/children/${path(id)}`, familyChild, body);
  },
  removeChild(caller: Caller, id: string) {
    return callApi(caller, 'DELETE', `/api/v1/me/family/children/${path(id)}`, noContent);
  },
  inviteGuardian(caller: Caller, email: string) {
    return callApi(caller, 'POST', '/api/v1/me/family/guardians', guardianInvitationSent, { email });
  },
  acceptInvitation(caller: Caller, token: string) {
    return callApi(caller, 'POST', `/api/v1/family-invitations/${path(token)}/accept`, familyView);
  },
};
