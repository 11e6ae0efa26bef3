/** Zod schema for HighHelp's alert (callback) bodies (loose, like the responses). */
import { z } from "zod";

import { STATUSES } from "./status";
import { additionalInfoSchema, integrationSchema, paymentInfoSchema, recipientRequisitesSchema } from "./responses";

const nullableString = z.string().nullable();
const statusSchema = z.enum(STATUSES);

/**
 * A HighHelp alert body. Final alerts carry only `project_id`, `general`, `status` and
 * `payment_info`; informative ones add requisites, integration and instructions.
 */
export const alertSchema = z.looseObject({
  project_id: z.string(),
  general: z.looseObject({
    request_id: z.string(),
    payment_id: z.string(),
  }),
  status: z.looseObject({
    status: statusSchema,
    sub_status: nullableString.optional(),
    status_description: nullableString.optional(),
  }),
  payment_info: paymentInfoSchema,
  recipient_requisites: recipientRequisitesSchema.optional(),
  integration: integrationSchema.optional(),
  additional_info: additionalInfoSchema.optional(),
});

export type HighHelpAlert = z.output<typeof alertSchema>;
