/**
 * HighHelp integration: the public surface (pages and actions never build HighHelp requests by
 * hand). Signing follows docs/highhelp-protocol.md#signing, with the open points in one SignatureProfile.
 * Server-only (node:crypto); browser code imports the browser-safe modules directly:
 * `@/lib/highhelp/status`, `./methods`, `./fields` (request limits and patterns) and `./redact`.
 */
export {
  DEFAULT_SIGNATURE_PROFILE,
  formatSignatureProfile,
  parseSignatureProfile,
  type SignatureProfile,
} from "./signature-profile";
export { decodeSignature } from "./base64url";
export {
  createHighHelpSigner,
  HEADER_MERCHANT_ID,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  signAlert,
  signingMessage,
  type HighHelpSigner,
  type SigningKey,
} from "./signer";
export {
  prepareVerificationKey,
  verifyAlertSignature,
  verifyMessageSignature,
  verifyRequestSignature,
  type PreparedVerificationKey,
  type RequestFailureReason,
  type SignatureFailureReason,
  type VerificationResult,
} from "./verify";
export { AMOUNT_MAX, AMOUNT_MIN } from "./fields";
export {
  balanceInfoRequestSchema,
  bankListRequestSchema,
  orderReferenceRequestSchema,
  p2pPayinCreateRequestSchema,
  p2pPayoutCreateRequestSchema,
  widgetPayinCreateRequestSchema,
  type P2pPayinCreateRequest,
  type P2pPayoutCreateRequest,
  type WidgetPayinCreateRequest,
} from "./requests";
export type { DisplayDataItem, PaymentInfo, PaymentResponse } from "./responses";
export { alertSchema, type HighHelpAlert } from "./alerts";
export { HIGHHELP_ENDPOINTS, type EndpointName } from "./endpoints";
export { describeHighHelpError, fieldIssuesFromZod, highHelpProblem, type HighHelpError, type HighHelpResult } from "./errors";
export {
  createHighHelpClient,
  type HighHelpClient,
  type HighHelpRequestObservation,
  type HighHelpRequestOutcome,
} from "./client";
export { maskPan, maskPhone } from "./redact";
export { runDiagnoseCli, type QuarantinedAlert } from "./diagnose-cli";
export {
  DISPUTE_SUB_STATUSES,
  isFinalStatus,
  PROCESSING_SUB_STATUSES,
  PROGRESS_RANKS,
  STATUSES,
  statusIdempotencyKey,
  type ApplicationType,
  type Product,
  type Status,
} from "./status";
