/**
 * HighHelp integration: the public surface (pages and actions never build HighHelp requests by
 * hand). Signing follows docs/highhelp-protocol.md#signing, with the open points in one SignatureProfile.
 * Server-only (node:crypto); browser code imports `@/lib/highhelp/schemas` or `./status` directly.
 */
export {
  allSignatureProfiles,
  BOOLEAN_STYLES,
  DEFAULT_SIGNATURE_PROFILE,
  formatSignatureProfile,
  HASH_MODES,
  NULL_STYLES,
  parseSignatureProfile,
  SIGNATURE_ENCODINGS,
  SIGNATURE_PROFILE_ENV_VAR,
  type BooleanStyle,
  type HashMode,
  type NullStyle,
  type ParseSignatureProfileResult,
  type SignatureEncoding,
  type SignatureProfile,
} from "./signature-profile";
export { compareCodePoints, normalise, normaliseLines, NormaliseError } from "./normalise";
export { base64UrlEncode, base64UrlEncodeText, decodeSignature } from "./base64url";
export { accessTokenForKey, type PrivateKeyInput, type PublicKeyInput } from "./keys";
export {
  createHighHelpSigner,
  HEADER_ALGORITHM,
  HEADER_MERCHANT_ID,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  HEADER_TOKEN,
  HMAC_ALGORITHM_HEADER_VALUE,
  signAlert,
  signBody,
  signingMessage,
  type HighHelpSigner,
  type SignedAlert,
  type SignedRequestHeaders,
  type SignerConfig,
  type SigningAlgorithm,
  type SigningKey,
} from "./signer";
export {
  DEFAULT_TIMESTAMP_TOLERANCE_SECONDS,
  prepareVerificationKey,
  readHeader,
  verifyAlertSignature,
  verifyRequestSignature,
  type AlertVerificationInput,
  type HeadersLike,
  type PreparedVerificationKey,
  type RequestFailureReason,
  type RequestVerificationInput,
  type RequestVerificationResult,
  type SignatureFailureReason,
  type VerificationKey,
  type VerificationResult,
} from "./verify";
export * from "./schemas";
export { HIGHHELP_ENDPOINTS, isRetryableCall, type CallKind, type EndpointName } from "./endpoints";
export {
  describeHighHelpError,
  errorDescription,
  type FieldIssue,
  type HighHelpError,
  type HighHelpErrorKind,
  type HighHelpResult,
} from "./errors";
export {
  createHighHelpClient,
  type HighHelpClient,
  type HighHelpClientConfig,
  type EcomPayinCreateInput,
  type HighHelpLogger,
  type OrderReferenceInput,
  type P2pPayinCreateInput,
  type P2pPayoutCreateInput,
  type RetryOptions,
  type WidgetPayinCreateInput,
  type WithOptionalProjectId,
} from "./client";
export { maskPan, maskPhone, redactForLog, REDACTED } from "./redact";
export { diagnoseSignature, parseHttpCapture, type DiagnoseMatch, type DiagnoseReport } from "./diagnose";
export * from "./status";
export * from "./methods";
